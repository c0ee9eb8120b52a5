import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of the contact-verification tables (DESIGN §2.1). Every column is internal:
 * ids of the visitor, the conversation and the record proven, times, counters, the method, and
 * a keyed MAC of the code sent. Identifier values, phone numbers and dates of birth are never
 * stored here; failures against an identifier that matched nobody are counted under a truncated
 * keyed digest of it, which (like a blind index) is shared by many values by design.
 * contact-verification.schema.db.test.ts requires every migrated column to appear here.
 */
export const contactVerificationColumns = defineColumns('contact_verifications', {
  tenant_id: { classification: 'internal' },
  verification_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  visitor_id: { classification: 'internal' },
  method: { classification: 'internal' },
  subject_id: { classification: 'internal' },
  subject_key: { classification: 'internal' },
  code_mac: { classification: 'internal' },
  state: { classification: 'internal' },
  failed_attempts: { classification: 'internal' },
  created_at: { classification: 'internal' },
  expires_at: { classification: 'internal' },
  decided_at: { classification: 'internal' },
});

export const contactVerificationAttemptColumns = defineColumns('contact_verification_attempts', {
  tenant_id: { classification: 'internal' },
  attempt_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  subject_key: { classification: 'internal' },
  kind: { classification: 'internal' },
  at: { classification: 'internal' },
});

export const contactAssuranceColumns = defineColumns('contact_assurances', {
  tenant_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  visitor_id: { classification: 'internal' },
  subject_id: { classification: 'internal' },
  method: { classification: 'internal' },
  verification_id: { classification: 'internal' },
  verified_at: { classification: 'internal' },
  expires_at: { classification: 'internal' },
});

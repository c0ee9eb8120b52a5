/**
 * Contact verification (issue 5 §4): a widget visitor proves to be a directory record by a
 * one-time code or a knowledge check. Nothing here is personal data: ids, times, counters and a
 * keyed MAC of a code that was sent (never the code, never an identifier or a phone number).
 */

export const VERIFICATION_METHODS = ['code', 'knowledge'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** pending: a code is out; verified: proven; failed: a knowledge check that did not match; burned: too many wrong codes. */
export type VerificationState = 'pending' | 'verified' | 'failed' | 'burned';

/** One attempt to verify: a code challenge (pending until confirmed, burned or expired) or a knowledge check. */
export interface ContactVerificationTable {
  tenant_id: string;
  verification_id: string;
  /** The conversation the visitor is bound to. */
  conversation_id: string;
  /** The visitor's own contact (an anonymous widget contact). */
  visitor_id: string;
  method: VerificationMethod;
  /** The directory record the identifier matched, when exactly one did. */
  subject_id: string | null;
  /** What failures count against: the record's id, else a keyed digest of the identifier. */
  subject_key: string;
  /** HMAC-SHA256 of the code under a root-derived key, bound to tenant and verification. */
  code_mac: Buffer | null;
  state: VerificationState;
  failed_attempts: number;
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
}

/** The rate limits' ledger: every code start and every failed check, counted per hour. */
export interface ContactVerificationAttemptTable {
  tenant_id: string;
  attempt_id: string;
  conversation_id: string;
  /** For failures: the same key as `contact_verifications.subject_key`. */
  subject_key: string | null;
  kind: 'start' | 'failure';
  at: Date;
}

/** "Conversation C's visitor is verified as X by method M until T": one per conversation. */
export interface ContactAssuranceTable {
  tenant_id: string;
  conversation_id: string;
  visitor_id: string;
  subject_id: string;
  method: VerificationMethod;
  verification_id: string;
  verified_at: Date;
  expires_at: Date;
}

export interface ContactVerificationDatabase {
  contact_verifications: ContactVerificationTable;
  contact_verification_attempts: ContactVerificationAttemptTable;
  contact_assurances: ContactAssuranceTable;
}

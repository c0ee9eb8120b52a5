import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of every column of `contact_guardianships` (DESIGN §2.1). Only opaque ids,
 * a closed vocabulary and times: who is whose guardian is internal linkage between two contact
 * records, whose personal data stays sealed in `contacts`.
 */
export const guardianshipColumns = defineColumns('contact_guardianships', {
  tenant_id: { classification: 'internal' },
  guardianship_id: { classification: 'internal' },
  guardian_contact_id: { classification: 'internal' },
  minor_contact_id: { classification: 'internal' },
  relationship: { classification: 'internal' },
  consent: { classification: 'internal' },
  granted_at: { classification: 'internal' },
  withdrawn_at: { classification: 'internal' },
  recorded_by: { classification: 'internal' },
});

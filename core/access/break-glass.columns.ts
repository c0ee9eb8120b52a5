import { defineColumns, encryptField, type FieldKeyring } from '../../compliance/index.ts';

/**
 * The classification of every column of `break_glass` (DESIGN §2.1). The justification is free
 * text about a patient or student ("unconscious in the emergency room"): health or student
 * information, sealed under that data subject's key, so that erasing the person erases it too.
 */
export const breakGlassColumns = defineColumns('break_glass', {
  tenant_id: { classification: 'internal' },
  break_glass_id: { classification: 'internal' },
  requester_id: { classification: 'internal' },
  requester_role: { classification: 'internal' },
  subject_id: { classification: 'internal' },
  purpose: { classification: 'internal' },
  reason_sealed: { classification: 'phi', subjectKeyed: true },
  reason_sha256: { classification: 'internal' },
  opened_at: { classification: 'internal' },
  expires_at: { classification: 'internal' },
  closed_at: { classification: 'internal' },
  close_reason: { classification: 'internal' },
  reviewed_at: { classification: 'internal' },
  reviewer_id: { classification: 'internal' },
  review_outcome: { classification: 'internal' },
});

/** Seals a justification under the subject's data key, bound to its tenant, window and column. */
export function breakGlassReasonSealer(keyring: FieldKeyring) {
  return async (tenantId: string, subjectId: string, breakGlassId: string, reason: string) =>
    Buffer.from(
      await encryptField(
        keyring,
        breakGlassColumns.columns.reason_sealed,
        { tenantId, rowId: breakGlassId, subjectId },
        reason,
      ),
    );
}

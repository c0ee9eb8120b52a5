import { defineColumns, encryptField, type FieldKeyring } from '../../compliance/index.ts';

/**
 * `contact_reveals`: one row per reveal of masked contact fields by a staff member. The reason is
 * free text about a patient or student ("caller asks to confirm the booking number"), so it is
 * sealed under that data subject's key (erasing the person erases it) and bound to the reveal id,
 * unique per tenant, which key rotation walks by. Its SHA-256 is the audit event's `detailsRef`.
 */
export const contactRevealColumns = defineColumns('contact_reveals', {
  tenant_id: { classification: 'internal' },
  reveal_id: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  // The data subject whose key seals the reason.
  contact_id: { classification: 'internal' },
  actor_id: { classification: 'internal' },
  actor_role: { classification: 'internal' },
  // Card field names (contact-card.ts CARD_FIELDS), never values.
  fields: { classification: 'internal' },
  reason_sealed: { classification: 'phi', subjectKeyed: true },
  reason_sha256: { classification: 'internal' },
  revealed_at: { classification: 'internal' },
});

/** Seals a reveal's reason under the contact's data key, bound to its tenant, reveal and column. */
export async function sealRevealReason(
  keyring: FieldKeyring,
  at: { readonly tenantId: string; readonly revealId: string; readonly contactId: string },
  reason: string,
): Promise<Buffer> {
  const binding = { tenantId: at.tenantId, rowId: at.revealId, subjectId: at.contactId };
  return Buffer.from(
    await encryptField(keyring, contactRevealColumns.columns.reason_sealed, binding, reason),
  );
}

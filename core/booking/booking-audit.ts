import type { Kysely, Transaction } from 'kysely';
import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { contactPseudonym, type PseudonymKeySource } from '../contacts/contact-audit.ts';
import { auditActorOf, purposeResolver } from '../conversations/conversation-audit.ts';
import type { Database } from '../db/schema.ts';
import type { BookingAccess } from './booking.ts';

export type AppointmentAction = 'read' | 'create' | 'update';

/**
 * The audit event of an access to one appointment: resource `Appointment`, data subject the
 * contact by pseudonym (docs/compliance/audit-log.md §1.3), a contact acting on their own
 * appointment named by the same pseudonym.
 */
export async function appointmentEvent(
  keys: PseudonymKeySource,
  access: BookingAccess,
  appointment: { readonly id: string; readonly contactId: string },
  action: AppointmentAction,
  purpose: PurposeOfUse,
  outcome: NewAuditEvent['outcome'] = { result: 'success' },
): Promise<NewAuditEvent> {
  const pseudonym = await contactPseudonym(keys, access.tenantId, appointment.contactId);
  const actor = await auditActorOf(keys, access, appointment.contactId, pseudonym);
  return {
    tenantId: access.tenantId,
    actor,
    action,
    purpose,
    resource: { type: 'Appointment', id: appointment.id },
    subject: { type: 'contact', pseudonym },
    outcome,
  };
}

export interface BookingAuditDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

/** Purpose of use and recording, shared by the staff and the contact side of the service. */
export function bookingAudit(deps: BookingAuditDeps) {
  const { db, audit, pseudonymKey } = deps;
  const purposeOf = purposeResolver(db);

  /** Records in `trx`: the access and its record commit together or not at all. */
  async function recordIn(
    trx: Transaction<Database>,
    access: BookingAccess,
    appointment: { readonly id: string; readonly contactId: string },
    action: AppointmentAction,
    role: 'staff' | 'contact',
  ): Promise<void> {
    const purpose = await purposeOf(access, role, trx);
    await audit.record(trx, await appointmentEvent(pseudonymKey, access, appointment, action, purpose));
  }

  /** A refused attempt on an existing appointment, in its own transaction. */
  async function recordDenied(
    access: BookingAccess,
    appointment: { readonly id: string; readonly contactId: string },
    action: AppointmentAction,
    role: 'staff' | 'contact',
  ): Promise<void> {
    const purpose = await purposeOf(access, role);
    const event = await appointmentEvent(pseudonymKey, access, appointment, action, purpose, {
      result: 'failure',
      reason: 'denied',
    });
    await db.transaction().execute((trx) => audit.record(trx, event));
  }

  return { purposeOf, recordIn, recordDenied };
}

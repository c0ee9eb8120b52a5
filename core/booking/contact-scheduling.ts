import type { BookingAccess, CancelActor, SchedulingPort } from './booking.ts';
import { type BookingAuditDeps, bookingAudit } from './booking-audit.ts';
import type { LocalScheduler } from './local-scheduler.ts';

/**
 * The scheduling port as the assistant uses it on a contact's behalf: every booking, cancellation
 * and move is recorded in the audit log in the same transaction as the change (DESIGN §2.2), the
 * contact named by pseudonym. Searches and holds touch no one's data; holds are recorded when
 * they are confirmed.
 */
export function contactScheduling(scheduler: LocalScheduler, deps: BookingAuditDeps): SchedulingPort {
  const { recordIn } = bookingAudit(deps);
  const accessOf = (tenantId: string, contactId: string): BookingAccess => ({
    tenantId,
    actor: { id: contactId, tenantId, roles: ['contact'], mfa: false },
    auditActor: { kind: 'contact', id: contactId },
  });
  // The actor is who asked (a visitor verified as the appointment's contact acts as themself),
  // else the appointment's contact.
  const recording =
    (action: 'create' | 'update', actor?: CancelActor) =>
    (trx: Parameters<typeof recordIn>[0], appointment: { id: string; contactId: string; tenantId: string }) =>
      recordIn(
        trx,
        accessOf(appointment.tenantId, actor?.kind === 'contact' ? actor.id : appointment.contactId),
        appointment,
        action,
        'contact',
      );
  return {
    findSlots: (q) => scheduler.findSlots(q),
    hold: (req) => scheduler.hold(req),
    confirm: (req) => scheduler.confirm(req, recording('create')),
    cancel: (req) => scheduler.cancel(req, recording('update', req.actor)),
    reschedule: (req) => scheduler.reschedule(req, recording('create', req.actor)),
    getAppointments: (q) => scheduler.getAppointments(q),
  };
}

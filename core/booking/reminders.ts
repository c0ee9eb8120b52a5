import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LocalizedText, NotificationPort } from './booking.ts';
import { type NoticeTemplates, renderBookingNotice } from './notification-templates.ts';

/** A due reminder, with what its text needs; nothing personal (the contact is an id). */
export interface DueReminder {
  readonly tenantId: string;
  readonly appointmentId: string;
  readonly contactId: string;
  readonly channel: string;
  readonly confirmationCode: string;
  readonly serviceNames: LocalizedText;
  readonly resourceNames: LocalizedText | null;
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly locale: string;
}

/**
 * Booked appointments whose reminder is due and not sent, locked for this transaction. SKIP
 * LOCKED: another runner's claimed rows are passed over, not waited for, so two runners share
 * the work and neither sends what the other is sending.
 */
export async function claimDueReminders(
  trx: Transaction<Database>,
  now: Date,
  limit: number,
): Promise<DueReminder[]> {
  const rows = await trx
    .selectFrom('appointments as a')
    .innerJoin('booking_slots as s', (j) =>
      j.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.slot_id', '=', 'a.slot_id'),
    )
    .innerJoin('booking_services as v', (j) =>
      j.onRef('v.tenant_id', '=', 's.tenant_id').onRef('v.service_id', '=', 's.service_id'),
    )
    .leftJoin('booking_resources as r', (j) =>
      j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.resource_id', '=', 's.resource_id'),
    )
    .innerJoin('tenants as t', 't.tenant_id', 'a.tenant_id')
    .select([
      'a.tenant_id',
      'a.appointment_id',
      'a.contact_id',
      'a.channel',
      'a.confirmation_code',
      'v.names',
      'r.names as resource_names',
      's.starts_at',
      't.time_zone',
      't.locale',
    ])
    .where('a.status', '=', 'booked')
    .where('a.reminder_sent_at', 'is', null)
    .where('a.reminder_due_at', '<=', now)
    .orderBy('a.reminder_due_at')
    .limit(Math.max(1, Math.trunc(limit)))
    .forUpdate('a')
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    appointmentId: r.appointment_id,
    contactId: r.contact_id,
    channel: r.channel,
    confirmationCode: r.confirmation_code,
    serviceNames: r.names,
    resourceNames: r.resource_names,
    startsAt: r.starts_at,
    timeZone: r.time_zone,
    locale: r.locale,
  }));
}

/** The reminder's text in the tenant's language and zone, from its templates or the built-in one. */
export function reminderText(reminder: DueReminder, templates: NoticeTemplates = {}): string {
  const locale = reminder.locale === 'en' ? 'en' : 'zh-CN';
  return renderBookingNotice(
    'reminder',
    locale,
    {
      serviceName: reminder.serviceNames[locale],
      ...(reminder.resourceNames ? { resourceName: reminder.resourceNames[locale] } : {}),
      start: reminder.startsAt,
      timeZone: reminder.timeZone,
      confirmationCode: reminder.confirmationCode,
    },
    templates,
  );
}

export interface ReminderBatchDeps {
  readonly db: Kysely<Database>;
  readonly notify: NotificationPort;
  readonly now: Date;
  readonly limit?: number;
  /** The tenant's notice templates (notification-templates.ts); the built-in texts otherwise. */
  readonly templates?: NoticeTemplates;
}

/**
 * Sends one batch of due reminders. Claim, send and mark share one transaction: a reminder
 * marked sent was handed to the notification port, and one whose sending failed (or whose
 * process died) stays due for the next batch. The idempotency key `reminder:<appointment>` lets
 * the channel drop the rare resend after a crash between sending and committing.
 */
export async function runReminderBatch(deps: ReminderBatchDeps): Promise<{ sent: number; failed: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const due = await claimDueReminders(trx, deps.now, deps.limit ?? 50);
    let sent = 0;
    let failed = 0;
    for (const reminder of due) {
      try {
        await deps.notify.send(
          reminder.contactId,
          reminder.channel,
          reminderText(reminder, deps.templates),
          `reminder:${reminder.appointmentId}`,
        );
      } catch {
        failed++;
        continue;
      }
      await trx
        .updateTable('appointments')
        .set({ reminder_sent_at: deps.now })
        .where('tenant_id', '=', reminder.tenantId)
        .where('appointment_id', '=', reminder.appointmentId)
        .execute();
      sent++;
    }
    return { sent, failed };
  });
}

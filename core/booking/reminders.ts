import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { LocalizedText, NotificationPort } from './booking.ts';
import { type NoticeTemplates, renderBookingNotice } from './notification-templates.ts';

/** A due reminder, with what its text needs; nothing personal (the contact is an id). */
export interface DueReminder {
  readonly tenantId: string;
  readonly appointmentId: string;
  readonly contactId: string;
  readonly conversationId: string | null;
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
  options: { leaseMs?: number; channels?: readonly string[] } = {},
): Promise<DueReminder[]> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
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
      'a.conversation_id',
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
    // Not leased, or leased by a sender that did not finish in time.
    .where((eb) =>
      eb.or([
        eb('a.reminder_claimed_at', 'is', null),
        eb('a.reminder_claimed_at', '<', new Date(now.getTime() - leaseMs)),
      ]),
    )
    .$if(options.channels !== undefined, (q) => q.where('a.channel', 'in', [...(options.channels ?? []), '']))
    .orderBy('a.reminder_due_at')
    .limit(Math.max(1, Math.trunc(limit)))
    .forUpdate('a')
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    appointmentId: r.appointment_id,
    contactId: r.contact_id,
    conversationId: r.conversation_id,
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
  /**
   * Notice templates (notification-templates.ts): one set, or each tenant's own
   * (booking-settings.ts); the built-in texts where there is none.
   */
  readonly templates?: NoticeTemplates | ((tenantId: string) => Promise<NoticeTemplates>);
  /** How long a claimed reminder is left to its sender before another may take it; default 5 min. */
  readonly leaseMs?: number;
  /** Only appointments made through these channels (those the notifier can reach); default all. */
  readonly channels?: readonly string[];
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Sends one batch of due reminders, each once. Claiming is one short transaction: due rows are
 * taken with SKIP LOCKED and leased, so concurrent runners share the work and none sends what
 * another is sending. Sending happens outside it (a channel may write to this database, and an
 * embedded database has one connection), then the reminder is marked sent. A failed send gives the
 * lease back at once; a sender that dies leaves it to run out, and the reminder is sent again with
 * the same idempotency key `reminder:<appointment>`, which the channel uses to keep one copy (the
 * chat channel stores it as the message's client id, unique per conversation).
 */
export async function runReminderBatch(deps: ReminderBatchDeps): Promise<{ sent: number; failed: number }> {
  const due = await deps.db.transaction().execute(async (trx) => {
    const rows = await claimDueReminders(trx, deps.now, deps.limit ?? 50, {
      ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
      ...(deps.channels === undefined ? {} : { channels: deps.channels }),
    });
    for (const r of rows)
      await trx
        .updateTable('appointments')
        .set({ reminder_claimed_at: deps.now })
        .where('tenant_id', '=', r.tenantId)
        .where('appointment_id', '=', r.appointmentId)
        .execute();
    return rows;
  });
  let sent = 0;
  let failed = 0;
  for (const reminder of due) {
    const mark = (set: { reminder_sent_at: Date } | { reminder_claimed_at: null }) =>
      deps.db
        .updateTable('appointments')
        .set(set)
        .where('tenant_id', '=', reminder.tenantId)
        .where('appointment_id', '=', reminder.appointmentId)
        .where('reminder_sent_at', 'is', null)
        .execute();
    try {
      const templates =
        typeof deps.templates === 'function' ? await deps.templates(reminder.tenantId) : deps.templates;
      await deps.notify.send(
        reminder.contactId,
        reminder.channel,
        reminderText(reminder, templates),
        `reminder:${reminder.appointmentId}`,
        { tenantId: reminder.tenantId, conversationId: reminder.conversationId },
      );
    } catch {
      failed++;
      await mark({ reminder_claimed_at: null });
      continue;
    }
    await mark({ reminder_sent_at: deps.now });
    sent++;
  }
  return { sent, failed };
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { openDatabase } from '../db/database.ts';
import { type BookingWorld, bookingWorld, HOUR, START } from './booking.fixture.ts';
import type { NotificationPort } from './booking.ts';
import { runReminderBatch } from './reminders.ts';

let handle: TestDb;
let world: BookingWorld;
beforeAll(async () => {
  handle = await createTestDb();
  world = await bookingWorld(handle);
});
afterAll(async () => {
  await handle?.destroy();
});

/** A notification channel that remembers what it was asked to send. */
function recorder(options: { failFor?: string } = {}) {
  const sent: { contactId: string; channel: string; text: string; key: string }[] = [];
  const port: NotificationPort = {
    async send(contactId, channel, text, key) {
      // Yield, so that runners interleave between claiming and marking.
      await new Promise((resolve) => setImmediate(resolve));
      if (contactId === options.failFor) throw new Error('channel down');
      sent.push({ contactId, channel, text, key });
    },
  };
  return { port, sent };
}

describe(`reminders (${testDialect()})`, () => {
  it('sends each due reminder exactly once with two runners at the same time, and not before it is due', async () => {
    const contactId = await world.contact(21);
    const booked: string[] = [];
    for (let i = 0; i < 12; i++) {
      const slotId = await world.slot({ hoursAhead: 30 + i, capacity: 1 });
      const idempotencyKey = randomUUID();
      const hold = await world.scheduler.hold({
        tenantId: world.tenantId,
        slotId,
        contactId,
        idempotencyKey,
        channel: 'sms',
      });
      await world.scheduler.confirm({
        tenantId: world.tenantId,
        appointmentId: hold.appointmentId,
        idempotencyKey,
      });
      booked.push(hold.appointmentId);
    }
    // A hold never confirmed gets no reminder.
    await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: await world.slot({ hoursAhead: 31, capacity: 1, resourceId: world.doctors[1]! }),
      contactId,
      idempotencyKey: randomUUID(),
      channel: 'sms',
    });
    const { port, sent } = recorder();
    expect(await runReminderBatch({ db: world.app, notify: port, now: START })).toEqual({
      sent: 0,
      failed: 0,
    });

    // 36 h after START the first seven (visits at START+30 h … START+36 h, reminders 24 h before) are due.
    const due = new Date(START.getTime() + 12 * HOUR);
    const second = handle.url
      ? await openDatabase({ databaseUrl: handle.url, dataDir: '/tmp', poolSize: 4, logger: silentLogger })
      : undefined;
    try {
      const otherDb = second ? second.rowSecured(currentDataScope) : world.app;
      const runs = await Promise.all([
        runReminderBatch({ db: world.app, notify: port, now: due, limit: 3 }),
        runReminderBatch({ db: otherDb, notify: port, now: due, limit: 3 }),
        runReminderBatch({ db: world.app, notify: port, now: due, limit: 3 }),
        runReminderBatch({ db: otherDb, notify: port, now: due, limit: 3 }),
      ]);
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(7);
    } finally {
      await second?.close();
    }
    expect(sent.map((s) => s.key).sort()).toEqual(
      booked
        .slice(0, 7)
        .map((id) => `reminder:${id}`)
        .sort(),
    );
    expect(sent[0]).toMatchObject({ contactId, channel: 'sms' });
    expect(sent[0]?.text).toContain('测试cardiology');
    expect(sent[0]?.text).toMatch(/[A-Z2-9]{8}/);
    // Nothing is sent twice, later runs included.
    expect(await runReminderBatch({ db: world.app, notify: port, now: due })).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a reminder due when sending fails, and sends it on the next run', async () => {
    const contactId = await world.contact(22);
    const slotId = await world.slot({ hoursAhead: 60, capacity: 1 });
    const idempotencyKey = randomUUID();
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey,
      channel: 'sms',
    });
    await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey,
    });
    const at = new Date(START.getTime() + 40 * HOUR);
    const down = recorder({ failFor: contactId });
    expect((await runReminderBatch({ db: world.app, notify: down.port, now: at })).failed).toBe(1);
    const up = recorder();
    await runReminderBatch({ db: world.app, notify: up.port, now: at });
    expect(up.sent.map((s) => s.key)).toEqual([`reminder:${hold.appointmentId}`]);
  });

  it('leaves a reminder whose sender died to its lease, then sends it again with the same key', async () => {
    const contactId = await world.contact(23);
    const slotId = await world.slot({ hoursAhead: 70, capacity: 1 });
    const idempotencyKey = randomUUID();
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey,
      channel: 'web',
    });
    await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey,
    });
    const at = new Date(START.getTime() + 50 * HOUR);
    // A sender that claims and never comes back: its send never settles.
    const hung: NotificationPort = { send: () => new Promise<void>(() => {}) };
    void runReminderBatch({ db: world.app, notify: hung, now: at, channels: ['web'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const early = recorder();
    await runReminderBatch({
      db: world.app,
      notify: early.port,
      now: new Date(at.getTime() + 60_000),
      channels: ['web'],
    });
    expect(early.sent).toEqual([]);
    const late = recorder();
    await runReminderBatch({
      db: world.app,
      notify: late.port,
      now: new Date(at.getTime() + 6 * 60_000),
      channels: ['web'],
    });
    expect(late.sent.map((s) => s.key)).toEqual([`reminder:${hold.appointmentId}`]);
    // Another channel's appointments are not this notifier's.
    const other = recorder();
    await runReminderBatch({
      db: world.app,
      notify: other.port,
      now: new Date(at.getTime() + 20 * 60_000),
      channels: ['wechat'],
    });
    expect(other.sent).toEqual([]);
  });
});

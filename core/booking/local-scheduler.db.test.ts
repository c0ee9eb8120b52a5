import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSensitive } from '../../compliance/index.ts';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { insertTenant } from '../contacts/contact.fixture.ts';
import { currentDataScope, withDataScope } from '../context/data-scope.ts';
import { openDatabase } from '../db/database.ts';
import { isAppError } from '../errors/app-error.ts';
import { BOOKING_COLUMNS } from './booking.columns.ts';
import { type BookingWorld, bookingWorld, HOUR, START } from './booking.fixture.ts';
import { confirmationCode } from './booking.store.ts';
import { BookingError, isBookingError } from './booking.ts';

let handle: TestDb;
let world: BookingWorld;
let contactId: string;
beforeAll(async () => {
  handle = await createTestDb();
  world = await bookingWorld(handle);
  contactId = await world.contact(1);
});
afterAll(async () => {
  await handle?.destroy();
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    if (error instanceof BookingError) return error.type;
    return isAppError(error) ? error.code : String(error);
  }
}

const key = () => `k-${randomUUID()}`;

describe(`booking tables (${testDialect()})`, () => {
  for (const { table, columns } of BOOKING_COLUMNS) {
    it(`${table}: every column is classified, every personal one is bytea`, async () => {
      const { rows } = await sql<{ column_name: string; data_type: string }>`
        select column_name, data_type from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`.execute(handle.db);
      expect(rows.map((r) => r.column_name).sort()).toEqual(Object.keys(columns).sort());
      const sealed = Object.values(columns).filter((c) => isSensitive(c.spec.classification));
      const types = new Map(rows.map((r) => [r.column_name, r.data_type]));
      expect(sealed.filter((c) => types.get(c.column) !== 'bytea')).toEqual([]);
    });
  }

  it('isolates tenants with row-level security on every booking table', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relname in ('booking_services', 'booking_resources', 'booking_schedules', 'booking_slots', 'appointments')
      order by relname`.execute(handle.db);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.relrowsecurity && r.relforcerowsecurity)).toBe(true);
    const otherTenant = await insertTenant(handle.db);
    const seen = await withDataScope({ kind: 'tenant', tenantId: otherTenant }, () =>
      world.app.selectFrom('booking_services').select('code').execute(),
    );
    expect(seen).toEqual([]);
  });

  it('refuses, by constraint, an appointment beyond the capacity whatever the application does', async () => {
    const slotId = await world.slot({ hoursAhead: 30, capacity: 1 });
    const insert = (place: number, capacity: number, status = 'booked') =>
      sql`insert into appointments (tenant_id, appointment_id, slot_id, place, slot_capacity, contact_id, status,
            confirmation_code, idempotency_key, channel)
          values (${world.tenantId}, ${randomUUID()}, ${slotId}, ${place}, ${capacity}, ${contactId}, ${status},
            ${confirmationCode()}, ${key()}, 'widget')`.execute(handle.db);
    await insert(1, 1);
    // A second active appointment on the same place, a place beyond the capacity, a capacity
    // that is not the slot's: each refused by the schema.
    await expect(insert(1, 1)).rejects.toThrow(/appointments_active_place/);
    await expect(insert(2, 1)).rejects.toThrow(/appointments_place/);
    await expect(insert(2, 2)).rejects.toThrow(/appointments_slot_capacity/);
    // Lowering a capacity below an active place cascades into the check, and fails.
    const wide = await world.slot({ hoursAhead: 31, capacity: 3 });
    const held = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: wide,
      contactId,
      idempotencyKey: key(),
      channel: 'widget',
    });
    await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: wide,
      contactId,
      idempotencyKey: key(),
      channel: 'widget',
    });
    expect(held.place).toBe(1);
    await expect(
      sql`update booking_slots set capacity = 1 where tenant_id = ${world.tenantId} and slot_id = ${wide}`.execute(
        handle.db,
      ),
    ).rejects.toThrow(/appointments_place/);
    await sql`update booking_slots set capacity = 2 where tenant_id = ${world.tenantId} and slot_id = ${wide}`.execute(
      handle.db,
    );
  });
});

describe(`local scheduler (${testDialect()})`, () => {
  it('holds, confirms once per key, and schedules the reminder 24 h before the start', async () => {
    const slotId = await world.slot({ hoursAhead: 48 });
    const idempotencyKey = key();
    const request = {
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey,
      channel: 'widget',
      note: '胸闷两周',
    };
    const hold = await world.scheduler.hold(request);
    expect(hold.place).toBe(1);
    expect(hold.expiresAt).toEqual(new Date(START.getTime() + 300_000));
    expect(await world.scheduler.hold(request)).toEqual(hold);
    const confirmed = await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey,
    });
    expect(confirmed).toMatchObject({
      id: hold.appointmentId,
      status: 'booked',
      holdExpiresAt: null,
      note: '胸闷两周',
      service: { code: 'cardiology' },
      resource: { code: 'dr-a', title: { 'zh-CN': '主任医师', en: 'Chief Physician' } },
      reminderDueAt: new Date(START.getTime() + 24 * HOUR),
    });
    expect(confirmed.confirmationCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    const again = await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey,
    });
    expect(again.id).toBe(confirmed.id);
    expect(again.confirmationCode).toBe(confirmed.confirmationCode);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from appointments
      where tenant_id = ${world.tenantId} and slot_id = ${slotId}`.execute(handle.db);
    expect(rows[0]!.n).toBe(1);
    // The note is ciphertext at rest.
    const raw = await handle.db
      .selectFrom('appointments')
      .select('note')
      .where('appointment_id', '=', hold.appointmentId)
      .executeTakeFirstOrThrow();
    expect(raw.note?.toString('utf8')).not.toContain('胸闷');
    expect(
      await failure(
        world.scheduler.confirm({
          tenantId: world.tenantId,
          appointmentId: hold.appointmentId,
          idempotencyKey: 'other',
        }),
      ),
    ).toBe('idempotency-key-reused');
    expect(
      await failure(
        world.scheduler.confirm({ tenantId: world.tenantId, appointmentId: randomUUID(), idempotencyKey }),
      ),
    ).toBe('not-found');
  });

  it('sets no reminder when the visit is already within the reminder lead', async () => {
    const slotId = await world.slot({ hoursAhead: 5 });
    const idempotencyKey = key();
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey,
      channel: 'widget',
    });
    const booked = await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey,
    });
    expect(booked.reminderDueAt).toBeNull();
  });

  it('lets a hold expire by the clock: confirm fails, the place is offered and taken again', async () => {
    const slotId = await world.slot({ hoursAhead: 50 });
    const first = key();
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey: first,
      channel: 'widget',
      ttlSeconds: 60,
    });
    const other = await world.contact(2);
    expect(
      await failure(
        world.scheduler.hold({
          tenantId: world.tenantId,
          slotId,
          contactId: other,
          idempotencyKey: key(),
          channel: 'widget',
        }),
      ),
    ).toBe('slot-taken');
    const search = () =>
      world.scheduler.findSlots({
        tenantId: world.tenantId,
        serviceCode: 'cardiology',
        from: new Date(START.getTime() + 50 * HOUR),
        to: new Date(START.getTime() + 51 * HOUR),
      });
    expect(await search()).toEqual([]);
    world.advance(61_000);
    try {
      expect((await search()).map((s) => s.slotId)).toEqual([slotId]);
      const second = await world.scheduler.hold({
        tenantId: world.tenantId,
        slotId,
        contactId: other,
        idempotencyKey: key(),
        channel: 'widget',
      });
      expect(second.place).toBe(1);
      expect(
        await failure(
          world.scheduler.confirm({
            tenantId: world.tenantId,
            appointmentId: hold.appointmentId,
            idempotencyKey: first,
          }),
        ),
      ).toBe('hold-expired');
      const expired = await handle.db
        .selectFrom('appointments')
        .select(['status', 'cancel_reason'])
        .where('appointment_id', '=', hold.appointmentId)
        .executeTakeFirstOrThrow();
      expect(expired).toEqual({ status: 'cancelled', cancel_reason: 'hold-expired' });
    } finally {
      world.setClock(START);
    }
  });

  it('answers a taken slot with up to three free slots of the same service nearby', async () => {
    const full = await world.slot({ hoursAhead: 70 });
    const near = [69, 71, 72, 90].map((h) => world.slot({ hoursAhead: h, resourceId: world.doctors[1]! }));
    const nearIds = await Promise.all(near);
    await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: full,
      contactId,
      idempotencyKey: key(),
      channel: 'widget',
    });
    try {
      await world.scheduler.hold({
        tenantId: world.tenantId,
        slotId: full,
        contactId,
        idempotencyKey: key(),
        channel: 'widget',
      });
      expect.unreachable();
    } catch (error) {
      expect(isBookingError(error, 'slot-taken')).toBe(true);
      const taken = error as BookingError;
      expect(taken.code).toBe('conflict');
      expect(taken.alternatives.map((s) => s.slotId)).toEqual([nearIds[0], nearIds[1], nearIds[2]]);
      expect(taken.details).toMatchObject({
        type: 'slot-taken',
        alternatives: [{ slotId: nearIds[0] }, {}, {}],
      });
    }
  });

  for (const capacity of [1, 5]) {
    it(`lets exactly ${capacity} of 200 concurrent hold+confirm attempts on a slot of capacity ${capacity} succeed`, async () => {
      const slotId = await world.slot({ hoursAhead: 100, capacity });
      const spare = await world.slot({ hoursAhead: 101, resourceId: world.doctors[1]! });
      // On PostgreSQL a second pool on the same database, so that attempts truly race.
      const second = handle.url
        ? await openDatabase({ databaseUrl: handle.url, dataDir: '/tmp', poolSize: 10, logger: silentLogger })
        : undefined;
      try {
        const schedulers = [
          world.scheduler,
          second ? world.schedulerOn(second.rowSecured(currentDataScope)) : world.scheduler,
        ];
        const attempt = async (i: number) => {
          const scheduler = schedulers[i % 2]!;
          const idempotencyKey = key();
          const hold = await scheduler.hold({
            tenantId: world.tenantId,
            slotId,
            contactId,
            idempotencyKey,
            channel: 'widget',
          });
          return scheduler.confirm({
            tenantId: world.tenantId,
            appointmentId: hold.appointmentId,
            idempotencyKey,
          });
        };
        const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => attempt(i)));
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(capacity);
        expect(new Set(won.map((o) => o.value.place))).toEqual(
          new Set(Array.from({ length: capacity }, (_, i) => i + 1)),
        );
        expect(lost.every((o) => isBookingError(o.reason, 'slot-taken'))).toBe(true);
        expect(
          lost.every((o) => (o.reason as BookingError).alternatives.some((s) => s.slotId === spare)),
        ).toBe(true);
      } finally {
        await second?.close();
      }
    });
  }

  it('reschedules in one transaction: a taken target leaves the original booked and no orphan hold', async () => {
    const from = await world.slot({ hoursAhead: 120 });
    const to = await world.slot({ hoursAhead: 121 });
    const k1 = key();
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: from,
      contactId,
      idempotencyKey: k1,
      channel: 'widget',
      note: '复诊',
    });
    await world.scheduler.confirm({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      idempotencyKey: k1,
    });
    const other = await world.contact(3);
    const blocker = key();
    const blocking = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId: to,
      contactId: other,
      idempotencyKey: blocker,
      channel: 'widget',
    });
    const moveKey = key();
    const move = () =>
      world.scheduler.reschedule({
        tenantId: world.tenantId,
        appointmentId: hold.appointmentId,
        newSlotId: to,
        idempotencyKey: moveKey,
      });
    expect(await failure(move())).toBe('slot-taken');
    const [original] = await world.scheduler.getAppointments({
      tenantId: world.tenantId,
      contactId: contactId,
    });
    expect(
      (await world.scheduler.getAppointments({ tenantId: world.tenantId, contactId })).find(
        (a) => a.id === hold.appointmentId,
      )?.status,
    ).toBe('booked');
    expect(original).toBeDefined();
    expect(
      await handle.db
        .selectFrom('appointments')
        .select('appointment_id')
        .where('idempotency_key', '=', moveKey)
        .execute(),
    ).toEqual([]);

    await world.scheduler.cancel({
      tenantId: world.tenantId,
      appointmentId: blocking.appointmentId,
      reason: 'patient-request',
      actor: { kind: 'contact', id: other },
    });
    const moved = await move();
    expect(moved).toMatchObject({ slotId: to, status: 'booked', note: '复诊', contactId });
    expect((await move()).id).toBe(moved.id);
    const old = await handle.db
      .selectFrom('appointments')
      .select(['status', 'cancel_reason'])
      .where('appointment_id', '=', hold.appointmentId)
      .executeTakeFirstOrThrow();
    expect(old).toEqual({ status: 'cancelled', cancel_reason: 'rescheduled' });
  });

  it('cancels idempotently and refuses free-text reasons', async () => {
    const slotId = await world.slot({ hoursAhead: 130 });
    const hold = await world.scheduler.hold({
      tenantId: world.tenantId,
      slotId,
      contactId,
      idempotencyKey: key(),
      channel: 'widget',
    });
    const actor = { kind: 'contact' as const, id: contactId };
    expect(
      await failure(
        world.scheduler.cancel({
          tenantId: world.tenantId,
          appointmentId: hold.appointmentId,
          reason: 'I feel better now',
          actor,
        }),
      ),
    ).toBe('validation_failed');
    const cancelled = await world.scheduler.cancel({
      tenantId: world.tenantId,
      appointmentId: hold.appointmentId,
      reason: 'patient-request',
      actor,
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelReason: 'patient-request',
      cancelledAt: START,
    });
    expect(
      (
        await world.scheduler.cancel({
          tenantId: world.tenantId,
          appointmentId: hold.appointmentId,
          reason: 'patient-request',
          actor,
        })
      ).status,
    ).toBe('cancelled');
  });
});

describe(`slot search (${testDialect()})`, () => {
  it('finds free slots by local date and part of day in Asia/Shanghai, ordered by start then resource', async () => {
    const serviceId = await world.insertService('dermatology');
    const [a, b] = [
      await world.insertResource('derm-a', serviceId),
      await world.insertResource('derm-b', serviceId),
    ];
    // START is 2030-03-01 08:00 in Shanghai; 2030-03-04 09:00 Shanghai = START + 73 h.
    const at = (hours: number, resourceId: string) =>
      world.slot({ hoursAhead: hours, serviceId, resourceId });
    const morningB = await at(73, b);
    const morningA = await at(73, a);
    const afternoon = await at(78, a); // 14:00
    const evening = await at(83, a); // 19:00
    const nextDay = await at(73 + 24, a);
    const q = { tenantId: world.tenantId, serviceCode: 'dermatology' };
    const ids = async (extra: object) =>
      (await world.scheduler.findSlots({ ...q, ...extra })).map((s) => s.slotId);
    expect(await ids({ fromDate: '2030-03-04', toDate: '2030-03-04', partOfDay: 'afternoon' })).toEqual([
      afternoon,
    ]);
    expect(
      await ids({ fromDate: '2030-03-04', toDate: '2030-03-05', partOfDay: 'morning', limit: 10 }),
    ).toEqual([morningA, morningB, nextDay]);
    expect(await ids({ fromDate: '2030-03-04', toDate: '2030-03-04', limit: 10 })).toEqual([
      morningA,
      morningB,
      afternoon,
      evening,
    ]);
    expect(await ids({ fromDate: '2030-03-04', toDate: '2030-03-05' })).toHaveLength(3);
    expect(await ids({ fromDate: '2030-03-04', toDate: '2030-03-04', resourceCode: 'derm-b' })).toEqual([
      morningB,
    ]);
    const [first] = await world.scheduler.findSlots({ ...q, fromDate: '2030-03-04', toDate: '2030-03-04' });
    expect(first).toMatchObject({
      resourceCode: 'derm-a',
      capacity: 1,
      remaining: 1,
      resourceTitle: { en: 'Chief Physician' },
    });
    expect(await failure(world.scheduler.findSlots({ ...q, limit: 201 }))).toBe('validation_failed');
    expect(await failure(world.scheduler.findSlots({ ...q, fromDate: '2030-02-30' }))).toBe(
      'validation_failed',
    );
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import { isAppError } from '../errors/app-error.ts';
import { type BookingWorld, bookingWorld, pseudonymKey } from './booking.fixture.ts';
import { BookingError } from './booking.ts';

let handle: TestDb;
let world: BookingWorld;
beforeAll(async () => {
  handle = await createTestDb();
  world = await bookingWorld(handle);
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

const pending = async () =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from audit_pending where tenant_id = ${world.tenantId}`.execute(handle.db)
  ).rows[0]!.n;

const WEEKDAY_MORNINGS = {
  timeZone: 'Asia/Shanghai',
  weekly: [{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '12:00', slotMinutes: 30, capacity: 1 }],
};

describe(`booking service: catalogue and slot generation (${testDialect()})`, () => {
  it('lets a tenant admin build the catalogue; generation is idempotent and never overlaps a resource', async () => {
    const admin = world.staffAccess(['tenant_admin']);
    expect(
      await failure(
        world.service.createService(world.staffAccess(['agent']), {
          code: 'neurology',
          names: { 'zh-CN': '神经内科', en: 'Neurology' },
          durationMinutes: 15,
        }),
      ),
    ).toBe('forbidden');
    await world.service.createService(admin, {
      code: 'neurology',
      names: { 'zh-CN': '神经内科', en: 'Neurology' },
      durationMinutes: 30,
      restrictions: { minAgeYears: 14 },
    });
    expect(
      await failure(
        world.service.createService(admin, {
          code: 'neurology',
          names: { 'zh-CN': '重复', en: 'Dup' },
          durationMinutes: 30,
        }),
      ),
    ).toBe('conflict');
    await world.service.createResource(admin, {
      code: 'dr-wang',
      kind: 'practitioner',
      names: { 'zh-CN': '测试医生王', en: 'Test Doctor Wang' },
      title: { 'zh-CN': '主任医师', en: 'Chief Physician' },
      serviceCode: 'neurology',
    });
    const schedule = await world.service.createSchedule(admin, {
      serviceCode: 'neurology',
      resourceCode: 'dr-wang',
      definition: WEEKDAY_MORNINGS,
    });
    // Monday and Tuesday 4–5 March 2030: eight half-hour slots each morning.
    expect(await world.service.generateSlots(admin, schedule.id, '2030-03-04', '2030-03-05')).toEqual({
      created: 16,
      existing: 0,
    });
    expect(await world.service.generateSlots(admin, schedule.id, '2030-03-04', '2030-03-06')).toEqual({
      created: 8,
      existing: 16,
    });
    const [first] = await world.scheduler.findSlots({
      tenantId: world.tenantId,
      serviceCode: 'neurology',
      fromDate: '2030-03-04',
      toDate: '2030-03-04',
    });
    expect(first?.startsAt).toEqual(new Date('2030-03-04T00:00:00Z')); // 08:00 in Shanghai

    // A second schedule for the same doctor, 11:00–13:00, overlaps the first: nothing is created.
    const overlapping = await world.service.createSchedule(admin, {
      serviceCode: 'neurology',
      resourceCode: 'dr-wang',
      definition: {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '11:00', end: '13:00', slotMinutes: 30, capacity: 1 }],
      },
    });
    expect(
      await failure(world.service.generateSlots(admin, overlapping.id, '2030-03-04', '2030-03-04')),
    ).toBe('slot-overlap');
    const count = await handle.db
      .selectFrom('booking_slots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('schedule_id', '=', overlapping.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect(
      await failure(
        world.service.createSchedule(admin, {
          serviceCode: 'neurology',
          definition: { timeZone: 'Mars/Base' },
        }),
      ),
    ).toBe('validation_failed');
    // A service taken out of booking offers no slots; back in, it does again.
    await world.service.setActive(admin, { kind: 'service', code: 'neurology' }, false);
    const search = {
      tenantId: world.tenantId,
      serviceCode: 'neurology',
      fromDate: '2030-03-04',
      toDate: '2030-03-04',
    };
    expect(await world.scheduler.findSlots(search)).toEqual([]);
    await world.service.setActive(admin, { kind: 'service', code: 'neurology' }, true);
    expect(await world.scheduler.findSlots(search)).toHaveLength(3);
    expect(await failure(world.service.setActive(admin, { kind: 'resource', code: 'nobody' }, false))).toBe(
      'not_found',
    );
  });
});

describe(`booking service: staff and contacts (${testDialect()})`, () => {
  it('books on behalf of a contact, audited in the same transaction, and fails closed without the audit log', async () => {
    const contactId = await world.contact(11);
    const agent = world.staffAccess(['agent']);
    const slotId = await world.slot({ hoursAhead: 40 });
    world.failAudit(true);
    try {
      expect(
        await failure(
          world.service.bookOnBehalf(agent, { slotId, contactId, idempotencyKey: 'phone-1', note: '复查' }),
        ),
      ).toMatch(/audit log is unavailable/);
    } finally {
      world.failAudit(false);
    }
    expect(
      await handle.db
        .selectFrom('appointments')
        .select('appointment_id')
        .where('slot_id', '=', slotId)
        .execute(),
    ).toEqual([]);
    const before = await pending();
    const booked = await world.service.bookOnBehalf(agent, {
      slotId,
      contactId,
      idempotencyKey: 'phone-1',
      note: '复查',
    });
    expect(booked).toMatchObject({
      status: 'booked',
      bookedById: agent.actor.id,
      channel: 'staff',
      note: null,
    });
    expect(await pending()).toBe(before + 1);
    expect(world.events.at(-1)).toEqual({
      tenantId: world.tenantId,
      actor: { id: agent.actor.id, role: 'agent', kind: 'staff' },
      action: 'create',
      purpose: 'PATADMIN',
      resource: { type: 'Appointment', id: booked.id },
      subject: {
        type: 'contact',
        pseudonym: await contactPseudonym(pseudonymKey, world.tenantId, contactId),
      },
      outcome: { result: 'success' },
    });
  });

  it('lists, in SQL, only what the ability allows, and records a read of each appointment listed', async () => {
    const [me, colleague] = [world.staffAccess(['agent']), world.staffAccess(['agent'])];
    const contactId = await world.contact(12);
    const mine = await world.service.bookOnBehalf(me, {
      slotId: await world.slot({ hoursAhead: 200 }),
      contactId,
      idempotencyKey: randomUUID(),
    });
    await world.service.bookOnBehalf(colleague, {
      slotId: await world.slot({ hoursAhead: 201 }),
      contactId,
      idempotencyKey: randomUUID(),
    });
    const school = await world.insertService('campus-tour', { schoolId: 'campus-east' });
    const tour = await world.service.bookOnBehalf(world.staffAccess(['tenant_admin', 'agent']), {
      slotId: await world.slot({ hoursAhead: 202, serviceId: school, resourceId: null }),
      contactId,
      idempotencyKey: randomUUID(),
    });

    const before = await pending();
    const listed = await world.service.listAppointments(me);
    expect(listed.map((a) => a.id)).toEqual([mine.id]);
    expect(await pending()).toBe(before + 1);
    expect(world.events.at(-1)).toMatchObject({
      action: 'read',
      resource: { type: 'Appointment', id: mine.id },
    });

    const officer = world.staffAccess(['admissions_officer'], { schoolIds: ['campus-east'] });
    expect((await world.service.listAppointments(officer)).map((a) => a.id)).toEqual([tour.id]);
    expect(await world.service.listAppointments(world.staffAccess(['auditor']))).toEqual([]);
    expect(await failure(world.service.listAppointments(me, { status: 'held' as never }))).toBe(
      'validation_failed',
    );
  });

  it('reads one appointment for a permitted actor only, and records refusals', async () => {
    const contactId = await world.contact(13);
    const agent = world.staffAccess(['agent']);
    const booked = await world.service.bookOnBehalf(agent, {
      slotId: await world.slot({ hoursAhead: 210 }),
      contactId,
      idempotencyKey: randomUUID(),
      note: '血压偏高',
    });
    const read = await world.service.getAppointment(agent, booked.id);
    // The agent's fields do not include the note (core/access/rules/operations.ts).
    expect(read).toMatchObject({ id: booked.id, note: null });
    expect(world.events.at(-1)).toMatchObject({ action: 'read', outcome: { result: 'success' } });
    const bystander = world.staffAccess(['agent']);
    expect(await failure(world.service.getAppointment(bystander, booked.id))).toBe('not-found');
    expect(world.events.at(-1)).toMatchObject({
      action: 'read',
      actor: { id: bystander.actor.id },
      outcome: { result: 'failure', reason: 'denied' },
    });
    expect(await failure(world.service.cancelForStaff(bystander, booked.id, 'staff-request'))).toBe(
      'not-found',
    );
    const cancelled = await world.service.cancelForStaff(agent, booked.id, 'staff-request');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'staff-request' });
    expect(world.events.at(-1)).toMatchObject({ action: 'update', resource: { id: booked.id } });
  });

  it('shows and cancels only a verified contact’s own appointments', async () => {
    const [me, them] = [await world.contact(14), await world.contact(15)];
    const agent = world.staffAccess(['agent']);
    const mine = await world.service.bookOnBehalf(agent, {
      slotId: await world.slot({ hoursAhead: 220 }),
      contactId: me,
      idempotencyKey: randomUUID(),
    });
    const theirs = await world.service.bookOnBehalf(agent, {
      slotId: await world.slot({ hoursAhead: 221 }),
      contactId: them,
      idempotencyKey: randomUUID(),
    });
    const access = world.contactAccess(me);
    const listed = await world.service.contactAppointments(access);
    expect(listed.map((a) => a.id)).toEqual([mine.id]);
    expect(listed[0]).toMatchObject({ bookedById: null, careTeam: [], note: null });
    expect(await failure(world.service.contactAppointments(world.contactAccess(me, false)))).toBe(
      'forbidden',
    );
    expect(await failure(world.service.contactCancel(access, theirs.id, 'patient-request'))).toBe(
      'not-found',
    );
    expect(await failure(world.service.listAppointments(access))).toBe('forbidden');
    const cancelled = await world.service.contactCancel(access, mine.id, 'patient-request');
    expect(cancelled.status).toBe('cancelled');
    const pseudonym = await contactPseudonym(pseudonymKey, world.tenantId, me);
    expect(world.events.at(-1)).toMatchObject({
      actor: { id: pseudonym, kind: 'contact' },
      action: 'update',
      purpose: 'PATRQT',
      subject: { pseudonym },
    });
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSensitive } from '../../compliance/index.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { createBookingPorts } from '../booking/booking-ports.ts';
import { contactScheduling } from '../booking/contact-scheduling.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { PortCall } from '../dialogue/dialogue-types.ts';
import { createContactVerificationService } from '../identity/contact-verification.service.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';
import { contactPseudonym } from './contact-audit.ts';
import { guardianshipColumns } from './guardianship.columns.ts';
import { createGuardianshipService, type GuardianshipService, isMinorOn } from './guardianship.service.ts';

/**
 * Guardian ↔ minor relationships over HTTP with real credentials: staff record them, a widget
 * visitor verified as the guardian reads the ward's appointments and accounting of disclosures,
 * never another child's; withdrawal of consent, the ward's 18th birthday and an unknown date of
 * birth each end that access.
 */

const SLUG = 'guardianship-clinic';
const CONTACTS = `/api/v1/tenants/${SLUG}/contacts`;
const DISCLOSURES = `/api/v1/tenants/${SLUG}/contact/disclosures`;
const MY_APPOINTMENTS = `/api/v1/tenants/${SLUG}/booking/my-appointments`;

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
let guardianships: GuardianshipService;
// The assurance's clock stays put; the guardianship clock moves to a ward's 18th birthday.
const assuranceClock = new Date();
let wardClock = new Date(assuranceClock);
const DAY = 86_400_000;

/** Made-up records only. `born` is relative to today, so ages hold whenever the suite runs. */
const yearsAgo = (years: number, days = 0) => {
  const date = new Date(assuranceClock.getTime() + days * DAY);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
};
const GUARDIAN = { mrn: 'MRN-880001', phone: '138-0000-0091', born: '1985-03-04' };
let guardian: string;
let ward: string;
let nearlyAdult: string;
let undated: string;
let otherChild: string;
const appointments: Record<string, string> = {};
let clinician: string;
let admin: string;
let agent: string;

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A widget visit verified (knowledge check) as the guardian's record. */
async function verifiedGuardianVisit() {
  const response = await send('POST', `/api/v1/tenants/${SLUG}/chat/visits`, undefined, {
    locale: 'en',
    channel: 'widget',
  });
  expect(response.status).toBe(201);
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const checked = await send('POST', `/api/v1/tenants/${SLUG}/contact/verifications/knowledge`, token, {
    identifier: { kind: 'medicalRecordNumber', value: GUARDIAN.mrn },
    dateOfBirth: GUARDIAN.born,
    phoneLast4: '0091',
  });
  expect(checked.status).toBe(200);
  const conversation = await t.runtime.chat.store.get(tenantId, conversationId);
  return { token, conversationId, visitorId: conversation?.contactId as string };
}

async function bookFor(contactId: string, days: number, serviceId: string) {
  const slotId = randomUUID();
  const startsAt = new Date(Date.now() + days * DAY);
  await db.db
    .insertInto('booking_slots')
    .values({
      tenant_id: tenantId,
      slot_id: slotId,
      schedule_id: null,
      service_id: serviceId,
      resource_id: null,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 15 * 60_000),
      capacity: 1,
    })
    .execute();
  const key = `guardianship-test-${slotId}`;
  const hold = await t.runtime.scheduler.hold({
    tenantId,
    slotId,
    contactId,
    idempotencyKey: key,
    channel: 'web',
  });
  await t.runtime.scheduler.confirm({ tenantId, appointmentId: hold.appointmentId, idempotencyKey: key });
  return hold.appointmentId;
}

const record = (token: string, minor: string, body: unknown) =>
  send('POST', `${CONTACTS}/${minor}/guardianships`, token, body);
const myAppointmentIds = async (token: string) => {
  const listed = await send('GET', MY_APPOINTMENTS, token);
  expect(listed.status).toBe(200);
  return ((await listed.json()) as { items: { id: string }[] }).items.map((a) => a.id);
};

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    replace: (runtime) => {
      const rowSecured = runtime.database.rowSecured(currentDataScope);
      guardianships = createGuardianshipService({
        db: rowSecured,
        contacts: runtime.contactRepository,
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
        now: () => wardClock,
      });
      const contactVerification = createContactVerificationService({
        db: rowSecured,
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
        contacts: runtime.contactRepository,
        rootKey: runtime.config.secrets.rootKey,
        sender: { send: async () => {} },
        now: () => assuranceClock,
      });
      return { guardianships, contactVerification };
    },
  });
  tenantId = await createTenant(t, SLUG);
  const c = await createStaff(t, SLUG, 'clinician.g', ['clinician']);
  clinician = (await signIn(t, SLUG, 'clinician.g', c.key)).accessToken;
  const a = await createStaff(t, SLUG, 'admin.g', ['tenant_admin']);
  admin = (await signIn(t, SLUG, 'admin.g', a.key)).accessToken;
  await createStaff(t, SLUG, 'agent.g', ['agent']);
  agent = (await signIn(t, SLUG, 'agent.g')).accessToken;

  const access = {
    actor: { kind: 'staff', id: 'u-registrar-9', role: 'clerk' },
    tenantId,
    purpose: 'PATADMIN',
  } as const;
  const create = async (displayName: string, fields: Record<string, string>) =>
    (await t.runtime.contacts.create(access, { kind: 'patient', displayName, ...fields })).id;
  guardian = await create('测试家长', {
    medicalRecordNumber: GUARDIAN.mrn,
    mobilePhone: GUARDIAN.phone,
    dateOfBirth: GUARDIAN.born,
  });
  ward = await create('测试儿童甲', { dateOfBirth: yearsAgo(9) });
  // Turns 18 in three days.
  nearlyAdult = await create('测试儿童乙', { dateOfBirth: yearsAgo(18, 3) });
  undated = await create('测试儿童丙', {});
  otherChild = await create('测试儿童丁', { dateOfBirth: yearsAgo(7) });

  const serviceId = randomUUID();
  await db.db
    .insertInto('booking_services')
    .values({
      tenant_id: tenantId,
      service_id: serviceId,
      code: 'paediatrics',
      names: JSON.stringify({ 'zh-CN': '儿科', en: 'Paediatrics' }),
      duration_minutes: 15,
      school_id: null,
    })
    .execute();
  appointments.guardian = await bookFor(guardian, 2, serviceId);
  appointments.ward = await bookFor(ward, 3, serviceId);
  appointments.nearlyAdult = await bookFor(nearlyAdult, 4, serviceId);
  appointments.otherChild = await bookFor(otherChild, 5, serviceId);
});
afterAll(async () => {
  await db?.destroy();
});

describe(`guardianships on ${testDialect()}`, () => {
  it('classifies every column and puts the table under forced row-level security', async () => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = 'contact_guardianships'`.execute(db.db);
    expect(rows.map((r) => r.column_name).sort()).toEqual(Object.keys(guardianshipColumns.columns).sort());
    expect(
      Object.values(guardianshipColumns.columns).filter((c) => isSensitive(c.spec.classification)),
    ).toEqual([]);
    const { rows: security } = await sql<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relrowsecurity, relforcerowsecurity from pg_class where relname = 'contact_guardianships'`.execute(
      db.db,
    );
    expect(security).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });

  it('counts a minor by date of birth on UTC calendar days; unknown is not a minor', () => {
    const on = new Date('2026-03-01T00:00:00Z');
    expect(isMinorOn('2008-03-02', on)).toBe(true);
    expect(isMinorOn('2008-03-01', on)).toBe(false);
    expect(isMinorOn('2008-02-29', on)).toBe(false);
    expect(isMinorOn(null, on)).toBe(false);
    expect(isMinorOn('not a date', on)).toBe(false);
  });

  it('lets a clinician record guardianships; refuses the tenant admin, an agent and bad input', async () => {
    await expectProblem(await record(admin, ward, { guardianId: guardian, relationship: 'parent' }), 403);
    await expectProblem(await record(agent, ward, { guardianId: guardian, relationship: 'parent' }), 403);
    await expectProblem(await record(clinician, ward, { guardianId: guardian, relationship: 'uncle' }), 400);
    await expectProblem(await record(clinician, ward, { guardianId: 'nope', relationship: 'parent' }), 400);
    await expectProblem(await record(clinician, ward, { guardianId: ward, relationship: 'parent' }), 400);
    await expectProblem(
      await record(clinician, randomUUID(), { guardianId: guardian, relationship: 'parent' }),
      404,
    );

    for (const minor of [ward, nearlyAdult, undated]) {
      const created = await record(clinician, minor, { guardianId: guardian, relationship: 'parent' });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        guardianId: guardian,
        minorId: minor,
        consent: 'granted',
      });
    }
    await expectProblem(await record(clinician, ward, { guardianId: guardian, relationship: 'parent' }), 409);

    const listed = await send('GET', `${CONTACTS}/${ward}/guardianships`, clinician);
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as { items: { minorId: string; recordedBy: string }[] };
    expect(items).toHaveLength(1);
    expect(items[0]?.recordedBy).toEqual(expect.any(String));
    await expectProblem(await send('GET', `${CONTACTS}/${ward}/guardianships`, admin), 403);

    // Each write is on the minor's account, in the log, by pseudonym only.
    const pseudonym = await contactPseudonym(t.runtime.pseudonymKey, tenantId, ward);
    const events = await auditEvents(t, tenantId);
    const recorded = events.filter(
      (e) => e.action === 'create' && e.subject?.pseudonym === pseudonym && e.actor.id !== 'u-registrar-9',
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.actor).toMatchObject({ kind: 'staff', role: 'clinician' });
  });

  it("gives a verified guardian the ward's appointments and disclosures, never another child's", async () => {
    expect(await guardianships.wardsOf(tenantId, guardian, wardClock)).toEqual([nearlyAdult, ward].sort());
    const v = await verifiedGuardianVisit();
    const ids = await myAppointmentIds(v.token);
    expect(ids).toEqual([appointments.guardian, appointments.ward, appointments.nearlyAdult]);
    expect(ids).not.toContain(appointments.otherChild);

    // A staff read of the ward: on the ward's account, which the guardian may read.
    await t.runtime.contacts.get(
      { actor: { kind: 'staff', id: 'u-nurse-12', role: 'clinician' }, tenantId, purpose: 'TREAT' },
      ward,
    );
    await t.runtime.audit.sequenceNow();
    const account = await send('GET', `${DISCLOSURES}?subject=${ward}`, v.token);
    expect(account.status).toBe(200);
    const { entries } = (await account.json()) as { entries: { action: string; role: string }[] };
    expect(entries.map((e) => `${e.action}/${e.role}`)).toEqual(expect.arrayContaining(['read/clinician']));
    expect((await send('GET', DISCLOSURES, v.token)).status).toBe(200);

    await expectProblem(await send('GET', `${DISCLOSURES}?subject=${otherChild}`, v.token), 403);
    await expectProblem(await send('GET', `${DISCLOSURES}?subject=${undated}`, v.token), 403);
    await expectProblem(await send('GET', `${DISCLOSURES}?subject=not-a-uuid`, v.token), 400);
    await expectProblem(
      await send('POST', `${MY_APPOINTMENTS}/${appointments.otherChild}/cancel`, v.token, {
        reason: 'patient-request',
      }),
      404,
    );
  });

  it("ends the guardian's access on the ward's 18th birthday", async () => {
    const v = await verifiedGuardianVisit();
    expect((await send('GET', `${DISCLOSURES}?subject=${nearlyAdult}`, v.token)).status).toBe(200);
    wardClock = new Date(assuranceClock.getTime() + 3 * DAY + 60_000);
    try {
      await expectProblem(await send('GET', `${DISCLOSURES}?subject=${nearlyAdult}`, v.token), 403);
      expect(await myAppointmentIds(v.token)).not.toContain(appointments.nearlyAdult);
      expect((await send('GET', `${DISCLOSURES}?subject=${ward}`, v.token)).status).toBe(200);
    } finally {
      wardClock = new Date(assuranceClock);
    }
  });

  it('lets the verified guardian withdraw consent, audited; access ends with it', async () => {
    const v = await verifiedGuardianVisit();
    const [guardianship] = (
      (await (await send('GET', `${CONTACTS}/${ward}/guardianships`, clinician)).json()) as {
        items: { id: string }[];
      }
    ).items;
    const path = `${CONTACTS}/${ward}/guardianships/${guardianship?.id}/withdraw`;
    // Another person's credential, and the wrong minor in the path, are refused.
    const stranger = await send('POST', `/api/v1/tenants/${SLUG}/chat/visits`, undefined, {
      locale: 'en',
      channel: 'widget',
    });
    const strangerToken = ((await stranger.json()) as { token: string }).token;
    await expectProblem(await send('POST', path, strangerToken), 403);
    await expectProblem(
      await send('POST', `${CONTACTS}/${otherChild}/guardianships/${guardianship?.id}/withdraw`, v.token),
      404,
    );

    const withdrawn = await send('POST', path, v.token);
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ consent: 'withdrawn', recordedBy: null });
    await expectProblem(await send('POST', path, clinician), 409);

    await expectProblem(await send('GET', `${DISCLOSURES}?subject=${ward}`, v.token), 403);
    expect(await myAppointmentIds(v.token)).not.toContain(appointments.ward);

    const events = await auditEvents(t, tenantId);
    const minor = await contactPseudonym(t.runtime.pseudonymKey, tenantId, ward);
    const visitor = await contactPseudonym(t.runtime.pseudonymKey, tenantId, v.visitorId);
    expect(
      events.some(
        (e) =>
          e.action === 'update' &&
          e.subject?.pseudonym === minor &&
          e.actor.kind === 'contact' &&
          e.actor.id === visitor,
      ),
    ).toBe(true);

    // Consent given again is a new relationship; the withdrawn one stays as history.
    expect((await record(clinician, ward, { guardianId: guardian, relationship: 'parent' })).status).toBe(
      201,
    );
    expect((await send('GET', `${DISCLOSURES}?subject=${ward}`, v.token)).status).toBe(200);
  });

  it("includes the wards' appointments in a verified guardian's chat booking ports", async () => {
    const ports = createBookingPorts({
      scheduling: contactScheduling(t.runtime.scheduler, {
        db: t.runtime.database.rowSecured(currentDataScope),
        audit: t.runtime.audit,
        pseudonymKey: t.runtime.pseudonymKey,
      }),
    });
    const call = (extra: Partial<PortCall>): PortCall =>
      ({
        port: 'booking.myAppointments',
        tenantId,
        conversationId: randomUUID(),
        contactId: randomUUID(),
        flowId: 'test',
        version: 1,
        slots: {},
        args: {},
        locale: 'en',
        idempotencyKey: randomUUID(),
        timeZone: 'Asia/Shanghai',
        now: new Date(),
        ...extra,
      }) as PortCall;
    const list = ports['booking.myAppointments'];
    const offered = async (extra: Partial<PortCall>) =>
      ((await list?.(call(extra)))?.options ?? []).map((o) => o.value);
    expect(await offered({ verifiedSubjectId: guardian })).not.toContain(appointments.ward);
    expect(await offered({ verifiedSubjectId: guardian, wardIds: [ward] })).toContain(appointments.ward);
    // Wards count only with a proven record.
    expect(await offered({ wardIds: [ward] })).not.toContain(appointments.ward);
  });
});

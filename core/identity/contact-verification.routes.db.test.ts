import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import { currentDataScope } from '../context/data-scope.ts';
import {
  type ContactVerificationService,
  createContactVerificationService,
} from './contact-verification.service.ts';
import type { OneTimeCodeMessage } from './contact-verification-senders.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from './identity.fixture.ts';

/**
 * Contact verification over HTTP with real widget credentials: the code and the knowledge check,
 * what a verified visitor then reaches (the record's appointments and accounting of disclosures,
 * never another person's), the problems for bad input, the limits, and the assurance's end.
 */

const SLUG = 'verification-http-clinic';
const BASE = `/api/v1/tenants/${SLUG}/contact`;
const BOOKING = `/api/v1/tenants/${SLUG}/booking`;

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
let clock = new Date();
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
const outbox: OneTimeCodeMessage[] = [];
let verification: ContactVerificationService;

// Synthetic directory records; every value is made up.
const PATIENT = { mrn: 'MRN-770001', phone: '138-0000-0081', born: '1981-02-03' };
const OTHER = { mrn: 'MRN-770002', phone: '138-0000-0082', born: '1992-04-05' };
let patient: string;
let other: string;
const appointments: Record<string, string> = {};

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A widget visit: its credential, conversation and visitor contact. */
async function visit(app = t) {
  const response = await app.app.request(`/api/v1/tenants/${SLUG}/chat/visits`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ locale: 'en', channel: 'widget' }),
  });
  expect(response.status).toBe(201);
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const conversation = await app.runtime.chat.store.get(tenantId, conversationId);
  return { token, conversationId, visitorId: conversation?.contactId as string };
}

/** A second application on the same database opens the same tenant keys: the same root key. */
const sameKeys = () => ({ CUSTOS_ROOT_KEY: t.config.secrets.rootKey.toString('base64') });

const mrn = (value: string) => ({ kind: 'medicalRecordNumber', value });
const startCode = (token: string, value: string) =>
  send('POST', `${BASE}/verifications`, token, { method: 'code', identifier: mrn(value) });
const confirm = (token: string, id: string, code: string) =>
  send('POST', `${BASE}/verifications/${id}/code`, token, { code });

async function verifyByCode(token: string, value = PATIENT.mrn) {
  const started = await startCode(token, value);
  expect(started.status).toBe(202);
  const { verificationId } = (await started.json()) as { verificationId: string };
  await verification.settled();
  const code = outbox.find((m) => m.verificationId === verificationId)?.code as string;
  return { verificationId, code };
}

/** A booked appointment of `contactId`, `days` ahead, on a slot of its own. */
async function bookFor(contactId: string, days: number, serviceId: string) {
  const slotId = randomUUID();
  const startsAt = new Date(Date.now() + days * 86_400_000);
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
  const key = `verification-test-${slotId}`;
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

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    // The routes and the tenant guard use this service: the test's clock and sender.
    replace: (runtime) => {
      verification = createContactVerificationService({
        db: runtime.database.rowSecured(currentDataScope),
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
        contacts: runtime.contactRepository,
        rootKey: runtime.config.secrets.rootKey,
        sender: { send: async (message) => void outbox.push(message) },
        now: () => clock,
      });
      return { contactVerification: verification };
    },
  });
  tenantId = await createTenant(t, SLUG);
  const access = {
    actor: { kind: 'staff', id: 'u-registrar-2', role: 'clerk' },
    tenantId,
    purpose: 'PATADMIN',
  } as const;
  const create = (record: typeof PATIENT) =>
    t.runtime.contacts.create(access, {
      kind: 'patient',
      displayName: '测试患者',
      medicalRecordNumber: record.mrn,
      mobilePhone: record.phone,
      dateOfBirth: record.born,
    });
  patient = (await create(PATIENT)).id;
  other = (await create(OTHER)).id;
  const serviceId = randomUUID();
  await db.db
    .insertInto('booking_services')
    .values({
      tenant_id: tenantId,
      service_id: serviceId,
      code: 'cardiology',
      names: JSON.stringify({ 'zh-CN': '心内科', en: 'Cardiology' }),
      duration_minutes: 15,
      school_id: null,
    })
    .execute();
  appointments.patient = await bookFor(patient, 3, serviceId);
  appointments.other = await bookFor(other, 4, serviceId);
  appointments.serviceId = serviceId;
});
afterAll(async () => {
  await db?.destroy();
});

describe(`contact verification over HTTP on ${testDialect()}`, () => {
  it('publishes its routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/tenants/{slug}/contact/'))).toEqual([
      '/api/v1/tenants/{slug}/contact/verifications',
      '/api/v1/tenants/{slug}/contact/verifications/{verificationId}/code',
      '/api/v1/tenants/{slug}/contact/verifications/knowledge',
      '/api/v1/tenants/{slug}/contact/disclosures',
    ]);
  });

  it("lets a visitor verified by code see the record's appointments and their own, never another's", async () => {
    const v = await visit();
    const own = await bookFor(v.visitorId, 5, appointments.serviceId as string);
    await expectProblem(await send('GET', `${BOOKING}/my-appointments`, v.token), 403);

    const { verificationId, code } = await verifyByCode(v.token);
    const verified = await confirm(v.token, verificationId, code);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({
      verified: true,
      until: new Date(clock.getTime() + 30 * 60_000).toISOString(),
    });

    const listed = await send('GET', `${BOOKING}/my-appointments`, v.token);
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: { id: string; contactId: string }[] }).items;
    expect(items.map((a) => a.id)).toEqual([appointments.patient, own]);

    const cancel = (id: string) =>
      send('POST', `${BOOKING}/my-appointments/${id}/cancel`, v.token, { reason: 'patient-request' });
    await expectProblem(await cancel(appointments.other as string), 404);
    const cancelled = await cancel(appointments.patient as string);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: appointments.patient, status: 'cancelled' });

    // Another visit of the same person is not verified by this one.
    const again = await visit();
    await expectProblem(await send('GET', `${BOOKING}/my-appointments`, again.token), 403);

    // The proof lasts 30 minutes; then the visitor is anonymous again.
    later(31);
    await expectProblem(await send('GET', `${BOOKING}/my-appointments`, v.token), 403);
  });

  it("gives a verified visitor the record's accounting of disclosures, without staff ids", async () => {
    const v = await visit();
    await expectProblem(await send('GET', `${BASE}/disclosures`, v.token), 403);
    const checked = await send('POST', `${BASE}/verifications/knowledge`, v.token, {
      identifier: mrn(PATIENT.mrn),
      dateOfBirth: PATIENT.born,
      phoneLast4: '0081',
    });
    expect(checked.status).toBe(200);
    // A staff member reads the record: that read is on the person's account, by role only.
    await t.runtime.contacts.get(
      { actor: { kind: 'staff', id: 'u-agent-77', role: 'agent' }, tenantId, purpose: 'PATADMIN' },
      patient,
    );
    await t.runtime.audit.sequenceNow();

    const response = await send('GET', `${BASE}/disclosures`, v.token);
    expect(response.status).toBe(200);
    const account = (await response.json()) as {
      format: string;
      entries: Record<string, unknown>[];
    };
    expect(account.format).toBe('custos-own-disclosures/1');
    for (const entry of account.entries) {
      expect(Object.keys(entry).sort()).toEqual(['action', 'outcome', 'purpose', 'role', 'time']);
    }
    expect(account.entries.map((e) => `${e.action}/${e.role}`)).toEqual(
      expect.arrayContaining(['create/clerk', 'login/contact', 'read/agent']),
    );
    expect(JSON.stringify(account)).not.toContain('u-agent-77');

    // The request itself is recorded, as the auditor's is: an export naming the record.
    const events = await auditEvents(t, tenantId);
    const subject = await contactPseudonym(t.runtime.pseudonymKey, tenantId, patient);
    const visitorPseudonym = await contactPseudonym(t.runtime.pseudonymKey, tenantId, v.visitorId);
    expect(
      events.some(
        (e) =>
          e.action === 'export' &&
          e.subject?.pseudonym === subject &&
          e.actor.kind === 'contact' &&
          e.actor.id === visitorPseudonym,
      ),
    ).toBe(true);
    // Another person's account is out of reach: there is no way to name them.
    expect(JSON.stringify(account)).not.toContain(other);
  });

  it('refuses a wrong knowledge answer with 401, and an unknown identifier alike', async () => {
    const v = await visit();
    const wrong = await expectProblem(
      await send('POST', `${BASE}/verifications/knowledge`, v.token, {
        identifier: mrn(PATIENT.mrn),
        dateOfBirth: '1981-02-04',
      }),
      401,
    );
    const unknown = await expectProblem(
      await send('POST', `${BASE}/verifications/knowledge`, v.token, {
        identifier: mrn('MRN-770404'),
        dateOfBirth: PATIENT.born,
      }),
      401,
    );
    expect(unknown.detail).toBe(wrong.detail);
    expect(unknown.details).toEqual(wrong.details);
  });

  it('answers a code start alike whether or not a record matched, and accepts no code without one', async () => {
    const v = await visit();
    const known = await startCode(v.token, OTHER.mrn);
    const unknown = await startCode(v.token, 'MRN-770405');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    const a = (await known.json()) as Record<string, string>;
    const b = (await unknown.json()) as Record<string, string>;
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b.expiresAt).toBe(a.expiresAt);
    await verification.settled();
    expect(outbox.some((m) => m.verificationId === b.verificationId)).toBe(false);
    const refused = await expectProblem(await confirm(v.token, b.verificationId as string, '123456'), 401);
    expect(refused.code).toBe('unauthenticated');
    // A third start is allowed, a fourth in the hour is not.
    expect((await startCode(v.token, OTHER.mrn)).status).toBe(202);
    const limited = await startCode(v.token, OTHER.mrn);
    await expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3500);
  });

  it('answers bad input with problems', async () => {
    const v = await visit();
    const started = (await (await startCode(v.token, PATIENT.mrn)).json()) as { verificationId: string };
    const cases: [string, string, unknown, number][] = [
      [
        'POST',
        `${BASE}/verifications`,
        { method: 'code', identifier: { kind: 'passport', value: 'E1' } },
        400,
      ],
      ['POST', `${BASE}/verifications`, { method: 'code', identifier: mrn('MRN ∞') }, 400],
      [
        'POST',
        `${BASE}/verifications`,
        { method: 'code', identifier: { kind: 'mobilePhone', value: '12' } },
        400,
      ],
      ['POST', `${BASE}/verifications`, { method: 'sms', identifier: mrn(PATIENT.mrn) }, 400],
      ['POST', `${BASE}/verifications/${started.verificationId}/code`, { code: '12345' }, 400],
      ['POST', `${BASE}/verifications/${started.verificationId}/code`, { code: 'abcdef' }, 400],
      ['POST', `${BASE}/verifications/not-a-uuid/code`, { code: '123456' }, 400],
      ['POST', `${BASE}/verifications/${randomUUID()}/code`, { code: '123456' }, 404],
      [
        'POST',
        `${BASE}/verifications/knowledge`,
        { identifier: mrn(PATIENT.mrn), dateOfBirth: '1981-02-30' },
        400,
      ],
      [
        'POST',
        `${BASE}/verifications/knowledge`,
        { identifier: mrn(PATIENT.mrn), dateOfBirth: '3 Feb 1981' },
        400,
      ],
      [
        'POST',
        `${BASE}/verifications/knowledge`,
        { identifier: mrn(PATIENT.mrn), dateOfBirth: PATIENT.born, phoneLast4: '81' },
        400,
      ],
    ];
    for (const [method, path, body, status] of cases) {
      const problem = await expectProblem(await send(method, path, v.token, body), status);
      expect(JSON.stringify(problem)).not.toContain(PATIENT.mrn);
    }
    // Without a widget credential, and with a staff one.
    await expectProblem(await startCode('', PATIENT.mrn), 401);
    await createStaff(t, SLUG, 'verification.agent', ['agent']);
    const staff = (await signIn(t, SLUG, 'verification.agent')).accessToken;
    await expectProblem(await startCode(staff, PATIENT.mrn), 403);
    await expectProblem(await send('GET', `${BASE}/disclosures`, staff), 403);
  });

  it('answers 503 for codes where none can be sent, and still checks knowledge', async () => {
    const production = createTestApp(db, {
      env: sameKeys(),
      replace: (runtime) => ({
        contactVerification: createContactVerificationService({
          db: runtime.database.rowSecured(currentDataScope),
          audit: runtime.audit,
          pseudonymKey: runtime.pseudonymKey,
          contacts: runtime.contactRepository,
          rootKey: runtime.config.secrets.rootKey,
          sender: undefined,
        }),
      }),
    });
    const v = await visit(production);
    const start = await production.app.request(`${BASE}/verifications`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...bearer(v.token) },
      body: JSON.stringify({ method: 'code', identifier: mrn(PATIENT.mrn) }),
    });
    const problem = await expectProblem(start, 503);
    expect(problem.details).toEqual({ type: 'unavailable' });
    const knowledge = await production.app.request(`${BASE}/verifications/knowledge`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...bearer(v.token) },
      body: JSON.stringify({ identifier: mrn(OTHER.mrn), dateOfBirth: OTHER.born }),
    });
    expect(knowledge.status).toBe(200);
  });

  it('logs the code in development when no gateway is configured, never the phone', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const dev = createTestApp(db, { env: sameKeys(), logger: pino({ level: 'warn' }, sink) });
    expect(dev.config.env).toBe('development');
    const v = await visit(dev);
    const started = await dev.app.request(`${BASE}/verifications`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...bearer(v.token) },
      body: JSON.stringify({ method: 'code', identifier: mrn(OTHER.mrn) }),
    });
    expect(started.status).toBe(202);
    const { verificationId } = (await started.json()) as { verificationId: string };
    await dev.runtime.contactVerification.settled();
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.verificationId === verificationId);
    expect(logged).toMatchObject({ level: 40, code: expect.stringMatching(/^\d{6}$/) });
    expect(lines.join('\n')).not.toMatch(/0082|13800000082/);
    const confirmed = await dev.app.request(`${BASE}/verifications/${verificationId}/code`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...bearer(v.token) },
      body: JSON.stringify({ code: logged.code }),
    });
    expect(confirmed.status).toBe(200);
  });
});

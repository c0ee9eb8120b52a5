import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Actor } from '../context/request-context.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';

const SLUG = 'booking-http-clinic';
const OTHER = 'booking-http-other';
const BASE = `/api/v1/tenants/${SLUG}/booking`;
const MISSING = '00000000-0000-4000-8000-000000000000';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
let adminToken: string;
let agentToken: string;
let otherAgentToken: string;
const contacts: string[] = [];

/** Synthetic contact credentials: `contact-N` verified, `unverified-N` not (as a widget visitor). */
const contactCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => {
  const match = /^(contact|unverified)-(\d+)$/.exec(token);
  const id = match ? contacts[Number(match[2])] : undefined;
  if (!match || !id) return undefined;
  const verified = match[1] === 'contact';
  return {
    kind: 'contact',
    id,
    role: 'contact',
    tenantId,
    roles: ['contact'],
    mfa: false,
    verified,
  } as Actor;
};

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A local date in Shanghai, `days` from today. */
const shanghaiDate = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const D1 = shanghaiDate(2);
const D7 = shanghaiDate(8);

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const definition = {
  timeZone: 'Asia/Shanghai',
  weekly: [
    { weekdays: EVERY_DAY, start: '08:00', end: '12:00', slotMinutes: 30, capacity: 1 },
    { weekdays: EVERY_DAY, start: '14:00', end: '17:00', slotMinutes: 30, capacity: 2 },
  ],
};

interface Slot {
  slotId: string;
  startsAt: string;
  remaining: number;
  resourceCode: string | null;
}
interface AppointmentDto {
  id: string;
  status: string;
  confirmationCode: string;
  contactId: string;
  note: string | null;
  cancelReason: string | null;
}

async function slots(query: string, token = agentToken): Promise<Slot[]> {
  const response = await send('GET', `${BASE}/slots?${query}`, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Slot[] }).items;
}

let counter = 0;
async function book(slotId: string, contact: number, token = agentToken, note?: string) {
  counter += 1;
  return send('POST', `${BASE}/appointments`, token, {
    slotId,
    contactId: contacts[contact],
    idempotencyKey: `http-test-${counter}`,
    ...(note ? { note } : {}),
  });
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, { credentials: [contactCredential] });
  tenantId = await createTenant(t, SLUG);
  await createTenant(t, OTHER);
  const admin = await createStaff(t, SLUG, 'bk.admin', ['tenant_admin']);
  adminToken = (await signIn(t, SLUG, 'bk.admin', admin.key)).accessToken;
  await createStaff(t, SLUG, 'bk.agent', ['agent']);
  agentToken = (await signIn(t, SLUG, 'bk.agent')).accessToken;
  await createStaff(t, OTHER, 'other.agent', ['agent']);
  otherAgentToken = (await signIn(t, OTHER, 'other.agent')).accessToken;
  for (let i = 0; i < 6; i++) contacts.push(await t.runtime.contacts.createVisitor(tenantId, `测试患者${i}`));
});
afterAll(async () => {
  await db?.destroy();
});

describe(`booking over HTTP on ${testDialect()}`, () => {
  it('publishes its routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(
      Object.keys(doc.paths)
        .filter((path) => path.includes('/booking/'))
        .sort(),
    ).toEqual(
      [
        'appointments',
        'appointments/{appointmentId}',
        'appointments/{appointmentId}/cancel',
        'my-appointments',
        'my-appointments/{appointmentId}/cancel',
        'resources',
        'schedules',
        'schedules/{scheduleId}/generate',
        'services',
        'settings',
        'slots',
      ].map((p) => `/api/v1/tenants/{slug}/booking/${p}`),
    );
  });

  it('lets the tenant admin build the catalogue, and only the admin', async () => {
    const service = {
      code: 'cardiology',
      names: { 'zh-CN': '心内科', en: 'Cardiology' },
      durationMinutes: 30,
    };
    await expectProblem(await send('POST', `${BASE}/services`, agentToken, service), 403);
    const created = await send('POST', `${BASE}/services`, adminToken, service);
    expect(created.status).toBe(201);
    expect((await created.json()) as { id: string }).toMatchObject({ id: expect.any(String) });
    await expectProblem(await send('POST', `${BASE}/services`, adminToken, service), 409);

    const resource = {
      code: 'dr-li',
      kind: 'practitioner',
      names: { 'zh-CN': '李医生', en: 'Dr Li' },
      serviceCode: 'cardiology',
    };
    const unknownService = await expectProblem(
      await send('POST', `${BASE}/resources`, adminToken, { ...resource, serviceCode: 'no-such' }),
      400,
    );
    expect((unknownService.errors as { path: string }[])[0]!.path).toBe('serviceCode');
    expect((await send('POST', `${BASE}/resources`, adminToken, resource)).status).toBe(201);

    const schedule = { serviceCode: 'cardiology', resourceCode: 'dr-li', definition };
    await expectProblem(await send('POST', `${BASE}/schedules`, agentToken, schedule), 403);
    const badZone = await expectProblem(
      await send('POST', `${BASE}/schedules`, adminToken, {
        ...schedule,
        definition: { ...definition, timeZone: 'Mars/Olympus' },
      }),
      400,
    );
    expect((badZone.errors as { path: string }[])[0]!.path).toBe('body.definition.timeZone');
    const made = await send('POST', `${BASE}/schedules`, adminToken, schedule);
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };

    const generate = `${BASE}/schedules/${id}/generate`;
    await expectProblem(await send('POST', generate, agentToken, { from: D1, to: D7 }), 403);
    await expectProblem(await send('POST', generate, adminToken, { from: D7, to: D1 }), 400);
    await expectProblem(await send('POST', generate, adminToken, { from: '2030-02-30', to: D7 }), 400);
    await expectProblem(
      await send('POST', `${BASE}/schedules/${MISSING}/generate`, adminToken, { from: D1, to: D7 }),
      404,
    );
    await expectProblem(
      await send('POST', `${BASE}/schedules/x/generate`, adminToken, { from: D1, to: D7 }),
      400,
    );
    const generated = await send('POST', generate, adminToken, { from: D1, to: D7 });
    expect(generated.status).toBe(200);
    expect(await generated.json()).toEqual({ created: 7 * 14, existing: 0 });
    const again = await send('POST', generate, adminToken, { from: D1, to: D7 });
    expect(await again.json()).toEqual({ created: 0, existing: 7 * 14 });
  });

  it('finds free slots by date and part of day, for staff and for contacts', async () => {
    const afternoon = await slots(`service=cardiology&date=${D1}&part=afternoon&limit=20`);
    expect(afternoon).toHaveLength(6);
    for (const slot of afternoon) {
      const hour = (new Date(slot.startsAt).getUTCHours() + 8) % 24;
      expect(hour).toBeGreaterThanOrEqual(14);
      expect(hour).toBeLessThan(17);
      expect(slot).toMatchObject({ resourceCode: 'dr-li', remaining: 2 });
    }
    const week = await slots(`service=cardiology&resource=dr-li&date=${D1}&toDate=${D7}&limit=200`);
    expect(week).toHaveLength(98);
    expect(await slots(`service=cardiology&date=${D1}&limit=3`, 'unverified-0')).toHaveLength(3);
    expect(await slots('service=cardiology')).toHaveLength(10);
    // An unknown service has no slots: an empty list, not an error.
    expect(await slots(`service=dermatology&date=${D1}`)).toEqual([]);
  });

  it('refuses bad slot queries with the field named', async () => {
    const cases: [string, string][] = [
      ['date=2030-01-01', 'query.service'],
      [`service=Bad_Code&date=${D1}`, 'query.service'],
      ['service=cardiology&date=2030-13-01', 'query.date'],
      [`service=cardiology&date=${D1}&part=night`, 'query.part'],
      [`service=cardiology&date=${D1}&limit=0`, 'query.limit'],
      [`service=cardiology&date=${D1}&limit=201`, 'query.limit'],
      [`service=cardiology&date=${D1}&limit=many`, 'query.limit'],
      ['service=cardiology&part=morning', 'query.part'],
      [`service=cardiology&toDate=${D7}`, 'query.toDate'],
    ];
    for (const [query, path] of cases) {
      const problem = await expectProblem(await send('GET', `${BASE}/slots?${query}`, agentToken), 400);
      expect((problem.errors as { path: string }[])[0]!.path, query).toBe(path);
    }
    const tooLong = await expectProblem(
      await send('GET', `${BASE}/slots?service=cardiology&date=${D1}&toDate=2099-01-01`, agentToken),
      400,
    );
    expect((tooLong.errors as { path: string }[])[0]!.path).toBe('toDate');
    await expectProblem(await send('GET', `${BASE}/slots?service=cardiology`, undefined), 401);
    await expectProblem(
      await send('GET', `${BASE}/slots?service=cardiology`, t.config.secrets.operatorToken),
      403,
    );
    await expectProblem(await send('GET', `${BASE}/slots?service=cardiology`, otherAgentToken), 404);
  });

  it('books for a contact, answers a taken slot with 409 and alternatives, lists, reads and cancels', async () => {
    const [first] = await slots(`service=cardiology&date=${D1}&part=morning&limit=1`);
    const before = (await auditEvents(t, tenantId)).length;
    const booked = await book(first!.slotId, 0, agentToken, '胸闷两天');
    expect(booked.status).toBe(201);
    const appointment = (await booked.json()) as AppointmentDto;
    expect(appointment).toMatchObject({ status: 'booked', contactId: contacts[0], note: null });
    expect(appointment.confirmationCode).toMatch(/^\S{4,}$/);

    const taken = await expectProblem(await book(first!.slotId, 1), 409);
    const details = taken.details as { type: string; alternatives: Slot[] };
    expect(details.type).toBe('slot-taken');
    expect(details.alternatives.length).toBeGreaterThan(0);
    expect(details.alternatives.map((a) => a.slotId)).not.toContain(first!.slotId);

    const same = await send('POST', `${BASE}/appointments`, agentToken, {
      slotId: first!.slotId,
      contactId: contacts[0],
      idempotencyKey: `http-test-${counter - 1}`,
    });
    expect(((await same.json()) as AppointmentDto).id).toBe(appointment.id);

    const listed = await send('GET', `${BASE}/appointments?status=booked&limit=10`, agentToken);
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: AppointmentDto[] }).items;
    expect(items.map((a) => a.id)).toContain(appointment.id);
    const got = await send('GET', `${BASE}/appointments/${appointment.id}`, agentToken);
    expect(got.status).toBe(200);
    expect(((await got.json()) as AppointmentDto).id).toBe(appointment.id);
    const events = (await auditEvents(t, tenantId)).slice(before);
    expect(events.length).toBeGreaterThanOrEqual(3);

    const cancelled = await send('POST', `${BASE}/appointments/${appointment.id}/cancel`, agentToken, {
      reason: 'patient-request',
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'patient-request' });
    expect(await book(first!.slotId, 1).then((r) => r.status)).toBe(201);
  });

  it('refuses bad booking input, wrong roles and other tenants', async () => {
    const [slot] = await slots(`service=cardiology&date=${D1}&part=afternoon&limit=1`);
    const body = { slotId: slot!.slotId, contactId: contacts[2], idempotencyKey: 'bad-input' };
    const post = (b: unknown, token = agentToken) => send('POST', `${BASE}/appointments`, token, b);
    await expectProblem(await post({ ...body, slotId: 'slot-1' }), 400);
    await expectProblem(await post({ ...body, contactId: 'someone' }), 400);
    await expectProblem(await post({ ...body, idempotencyKey: '' }), 400);
    await expectProblem(await post({ ...body, note: 'x'.repeat(2001) }), 400);
    await expectProblem(await post({ ...body, extra: true }), 400);
    await expectProblem(await post({ ...body, slotId: MISSING }), 404);
    await expectProblem(await post(body, 'contact-2'), 403);
    await expectProblem(await post(body, otherAgentToken), 404);

    await expectProblem(await send('GET', `${BASE}/appointments/not-a-uuid`, agentToken), 400);
    await expectProblem(await send('GET', `${BASE}/appointments/${MISSING}`, agentToken), 404);
    await expectProblem(await send('GET', `${BASE}/appointments?status=lost`, agentToken), 400);
    await expectProblem(await send('GET', `${BASE}/appointments?limit=0`, agentToken), 400);
    await expectProblem(await send('GET', `${BASE}/appointments?from=yesterday`, agentToken), 400);
    await expectProblem(await send('GET', `${BASE}/appointments`, 'contact-0'), 403);

    const own = (await (await post(body)).json()) as AppointmentDto;
    const cancel = (token: string, reason: unknown = 'duplicate') =>
      send('POST', `${BASE}/appointments/${own.id}/cancel`, token, { reason });
    await expectProblem(await cancel(agentToken, 'Not a code!'), 400);
    await expectProblem(await send('POST', `${BASE}/appointments/${own.id}/cancel`, agentToken, {}), 400);
    // Another tenant's appointment: not found, through the other tenant's URL or this one's.
    await expectProblem(
      await send('GET', `/api/v1/tenants/${OTHER}/booking/appointments/${own.id}`, otherAgentToken),
      404,
    );
    await expectProblem(await send('GET', `${BASE}/appointments/${own.id}`, otherAgentToken), 404);
    await expectProblem(
      await send('POST', `/api/v1/tenants/${OTHER}/booking/appointments/${own.id}/cancel`, otherAgentToken, {
        reason: 'duplicate',
      }),
      404,
    );
    expect((await cancel(agentToken)).status).toBe(200);
  });

  it("gives a verified contact their own appointments, refuses an unverified one, hides others'", async () => {
    const morning = await slots(`service=cardiology&date=${D7}&part=morning&limit=2`);
    const mine = (await (await book(morning[0]!.slotId, 3)).json()) as AppointmentDto;
    const theirs = (await (await book(morning[1]!.slotId, 4)).json()) as AppointmentDto;

    const listed = await send('GET', `${BASE}/my-appointments`, 'contact-3');
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: (AppointmentDto & { bookedById: unknown })[] }).items;
    expect(items.map((a) => a.id)).toEqual([mine.id]);
    expect(items[0]!.bookedById).toBeNull();

    const unverified = await expectProblem(await send('GET', `${BASE}/my-appointments`, 'unverified-3'), 403);
    expect(unverified.code).toBe('forbidden');
    const cancelMine = (id: string, token: string, reason: unknown = 'patient-request') =>
      send('POST', `${BASE}/my-appointments/${id}/cancel`, token, { reason });
    await expectProblem(await cancelMine(mine.id, 'unverified-3'), 403);
    await expectProblem(await cancelMine(theirs.id, 'contact-3'), 404);
    await expectProblem(await cancelMine(MISSING, 'contact-3'), 404);
    await expectProblem(await cancelMine('bad-id', 'contact-3'), 400);
    await expectProblem(await cancelMine(mine.id, 'contact-3', 'Because'), 400);
    await expectProblem(await send('GET', `${BASE}/my-appointments`, agentToken), 403);

    const done = await cancelMine(mine.id, 'contact-3');
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'cancelled', bookedById: null });
    const again = await expectProblem(await cancelMine(mine.id, 'contact-3'), 409);
    expect((again.details as { type: string }).type).toBe('invalid-state');
  });
});

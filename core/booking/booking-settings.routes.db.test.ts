import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';
import { runReminderBatch } from './reminders.ts';

/**
 * Per-tenant booking settings over HTTP: a tightened rule refuses the next booking of that tenant
 * only, every process hears of the change, templates are checked on save and used for reminders.
 */
const SLUG = 'settings-clinic';
const OTHER = 'settings-other';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
/** A second process on the same database. */
let peer: ReturnType<typeof createTestApp>;
const tokens: Record<string, string> = {};
const tenantIds: Record<string, string> = {};
const contacts: Record<string, string[]> = {};

const send = (app: typeof t, method: string, path: string, token: string | undefined, body?: unknown) =>
  app.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A local date in Shanghai, `days` from today. */
const shanghaiDate = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const DAY = shanghaiDate(3);

/** A cardiology clinic with slots on DAY, 08:00–12:00 and 14:00–17:00, one place each. */
async function catalogue(slug: string, admin: string) {
  const base = `/api/v1/tenants/${slug}/booking`;
  const post = async (path: string, body: unknown) => {
    const response = await send(t, 'POST', `${base}/${path}`, admin, body);
    expect(response.status, path).toBeLessThan(300);
    return (await response.json()) as { id: string };
  };
  await post('services', {
    code: 'cardiology',
    names: { 'zh-CN': '心内科', en: 'Cardiology' },
    durationMinutes: 30,
  });
  await post('resources', {
    code: 'dr-li',
    kind: 'practitioner',
    names: { 'zh-CN': '李医生', en: 'Dr Li' },
    serviceCode: 'cardiology',
  });
  const { id } = await post('schedules', {
    serviceCode: 'cardiology',
    resourceCode: 'dr-li',
    definition: {
      timeZone: 'Asia/Shanghai',
      weekly: [
        { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '12:00', slotMinutes: 30, capacity: 1 },
        { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '14:00', end: '17:00', slotMinutes: 30, capacity: 1 },
      ],
    },
  });
  await post(`schedules/${id}/generate`, { from: DAY, to: DAY });
}

async function freeSlots(slug: string): Promise<string[]> {
  const response = await send(
    t,
    'GET',
    `/api/v1/tenants/${slug}/booking/slots?service=cardiology&date=${DAY}&limit=50`,
    tokens[`${slug}/agent`],
  );
  return ((await response.json()) as { items: { slotId: string }[] }).items.map((s) => s.slotId);
}

let key = 0;
const book = (app: typeof t, slug: string, slotId: string, contactId: string) =>
  send(app, 'POST', `/api/v1/tenants/${slug}/booking/appointments`, tokens[`${slug}/agent`], {
    slotId,
    contactId,
    idempotencyKey: `settings-test-${++key}`,
  });

beforeAll(async () => {
  db = await createTestDb();
  // Two processes of one deployment: the same root key.
  const env = { CUSTOS_ROOT_KEY: randomBytes(32).toString('base64') };
  t = createTestApp(db, { env });
  peer = createTestApp(db, { env });
  for (const slug of [SLUG, OTHER]) {
    tenantIds[slug] = await createTenant(t, slug);
    for (const role of ['tenant_admin', 'supervisor', 'agent'] as const) {
      const login = `${slug}.${role}`.replaceAll('_', '-');
      const created = await createStaff(t, slug, login, [role]);
      tokens[`${slug}/${role === 'tenant_admin' ? 'admin' : role}`] = (
        await signIn(t, slug, login, role === 'tenant_admin' ? created.key : undefined)
      ).accessToken;
    }
    await catalogue(slug, tokens[`${slug}/admin`] as string);
    contacts[slug] = [];
    for (let i = 0; i < 3; i++)
      contacts[slug]?.push(await t.runtime.contacts.createVisitor(tenantIds[slug] as string, `测试患者${i}`));
  }
  await Promise.all([t.runtime.bookingRules.ready(), peer.runtime.bookingRules.ready()]);
}, 120_000);
afterAll(async () => {
  await db?.destroy();
});

const settingsPath = (slug: string) => `/api/v1/tenants/${slug}/booking/settings`;

describe(`per-tenant booking settings on ${testDialect()}`, () => {
  it('reads the defaults; tenant admins and supervisors read, only admins write, agents neither', async () => {
    const read = await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/admin`]);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      rules: {
        leadTime: { minMinutes: 30, maxDays: 90 },
        maxPerDay: { perDay: 2, perService: true },
        cancellation: { minHoursBefore: 2 },
        guardian: { minorBelowYears: 18 },
        ageRestriction: true,
        sexRestriction: true,
        noOverlap: true,
      },
      templates: {},
    });
    expect((await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/supervisor`])).status).toBe(200);
    await expectProblem(await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/agent`]), 403);
    await expectProblem(await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/agent`], {}), 403);
    await expectProblem(await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/supervisor`], {}), 403);
    await expectProblem(await send(t, 'GET', settingsPath(SLUG), undefined), 401);
    // Another tenant's admin learns nothing of this one.
    const foreign = await send(t, 'GET', settingsPath(SLUG), tokens[`${OTHER}/admin`]);
    expect([403, 404]).toContain(foreign.status);
  });

  it('refuses bad settings with the path of the bad field, and changes nothing', async () => {
    const admin = tokens[`${SLUG}/admin`];
    const problem = await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), admin, {
        rules: { maxPerDay: { perDay: 0 } },
        templates: { reminder: { en: 'Dear {patientName}, see you {when}' } },
      }),
      400,
    );
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'rules.maxPerDay.perDay',
      'templates.reminder.en',
    ]);
    const notAnObject = await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), admin, { rules: 5 }),
      400,
    );
    expect((notAnObject.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.rules']);
    const read = await send(t, 'GET', settingsPath(SLUG), admin);
    expect(((await read.json()) as { rules: { maxPerDay: unknown } }).rules.maxPerDay).toEqual({
      perDay: 2,
      perService: true,
    });
  });

  it('a tightened rule refuses the next booking of that tenant, in every process; another tenant is unaffected', async () => {
    const [morning, afternoon, later] = await freeSlots(SLUG).then((s) => [s[0], s[10], s[12]] as string[]);
    const person = contacts[SLUG]?.[0] as string;
    expect((await book(t, SLUG, morning as string, person)).status).toBe(201);
    // The peer process has the defaults in its cache now.
    expect(await peer.runtime.bookingRules.rulesFor(tenantIds[SLUG] as string)).toHaveLength(7);

    const saved = await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/admin`], {
      rules: { maxPerDay: { perDay: 1, perService: false }, guardian: false },
      templates: { reminder: { 'zh-CN': '【设置诊所】{serviceName}，{when}，确认码 {confirmationCode}' } },
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      rules: { maxPerDay: { perDay: 1, perService: false }, guardian: false },
    });

    // This process refuses at once; the peer once it hears of the change (NOTIFY), not after its TTL.
    const refused = await expectProblem(await book(t, SLUG, afternoon as string, person), 422);
    expect(refused).toMatchObject({ code: 'unprocessable' });
    expect(JSON.stringify(refused)).toContain('max-per-day');
    await vi.waitFor(
      async () => expect(await peer.runtime.bookingRules.rulesFor(tenantIds[SLUG] as string)).toHaveLength(6),
      { timeout: 10_000, interval: 50 },
    );
    await expectProblem(await book(peer, SLUG, later as string, person), 422);
    // Another contact of the tenant still books once that day.
    expect((await book(t, SLUG, afternoon as string, contacts[SLUG]?.[1] as string)).status).toBe(201);

    // The other tenant keeps the defaults: two a day for one contact.
    const [a, b] = await freeSlots(OTHER);
    const other = contacts[OTHER]?.[0] as string;
    expect((await book(t, OTHER, a as string, other)).status).toBe(201);
    expect((await book(t, OTHER, b as string, other)).status).toBe(201);

    // Recorded as a configuration change by the tenant admin.
    const events = (await auditEvents(t, tenantIds[SLUG] as string)).filter(
      (e) => e.resource?.type === 'BookingSettings',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'update',
      actor: { kind: 'staff', role: 'tenant-admin' },
      resource: { id: tenantIds[SLUG] },
    });
    // The tenant's other settings are kept.
    const row = await db.db
      .selectFrom('tenants')
      .select('settings')
      .where('tenant_id', '=', tenantIds[SLUG] as string)
      .executeTakeFirstOrThrow();
    expect(row.settings.displayNames).toBeDefined();
  });

  it('sends reminders with the tenant’s template, and the built-in text for a tenant without one', async () => {
    const sent: string[] = [];
    const dueAt = new Date(Date.now() + 8 * 86_400_000);
    const result = await runReminderBatch({
      db: t.runtime.database.rowSecured(currentDataScope),
      notify: {
        async send(_contact, _channel, text) {
          sent.push(text);
        },
      },
      now: dueAt,
      templates: (tenantId) => t.runtime.bookingRules.templatesFor(tenantId),
    });
    expect(result.failed).toBe(0);
    expect(sent.filter((text) => text.startsWith('【设置诊所】心内科，'))).toHaveLength(2);
    expect(sent.filter((text) => text.startsWith('温馨提醒：'))).toHaveLength(2);
    expect(sent).toHaveLength(4);
  });
});

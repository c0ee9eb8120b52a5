import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';
import { writeAccessSettings } from './access-settings.ts';

/**
 * Tenant tailoring over HTTP: a tenant admin takes a grant away from agents; the next request of
 * an agent of that tenant is refused (in memory) or sees less (in SQL), in this process at once and
 * in the others once they hear of it; the other tenant is untouched; nothing can be widened.
 */
const SLUG = 'tailor-clinic';
const OTHER = 'tailor-other';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
/** A second process on the same database. */
let peer: ReturnType<typeof createTestApp>;
const tokens: Record<string, string> = {};
const tenantIds: Record<string, string> = {};
const contacts: Record<string, string> = {};

const send = (app: typeof t, method: string, path: string, token: string | undefined, body?: unknown) =>
  app.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const settingsPath = (slug: string) => `/api/v1/tenants/${slug}/access/settings`;
const DAY = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);

/** One service with half-hourly slots on DAY, and one canned reply. */
async function catalogue(slug: string, admin: string, supervisor: string) {
  const base = `/api/v1/tenants/${slug}/booking`;
  const post = async (path: string, body: unknown, token = admin) => {
    const response = await send(t, 'POST', path.startsWith('/') ? path : `${base}/${path}`, token, body);
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
      ],
    },
  });
  await post(`schedules/${id}/generate`, { from: DAY, to: DAY });
  await post(
    `/api/v1/tenants/${slug}/workspace/canned-replies`,
    { shortcut: 'hello', title: 'Greeting', bodies: { en: 'Hello, how can we help?' } },
    supervisor,
  );
}

async function freeSlot(app: typeof t, slug: string, n: number): Promise<string> {
  const response = await send(
    app,
    'GET',
    `/api/v1/tenants/${slug}/booking/slots?service=cardiology&date=${DAY}&limit=50`,
    tokens[`${slug}/agent`],
  );
  return ((await response.json()) as { items: { slotId: string }[] }).items[n]?.slotId as string;
}

let key = 0;
const book = async (app: typeof t, slug: string, n: number) =>
  send(app, 'POST', `/api/v1/tenants/${slug}/booking/appointments`, tokens[`${slug}/agent`], {
    slotId: await freeSlot(app, slug, n),
    contactId: contacts[slug],
    idempotencyKey: `tailor-test-${++key}`,
  });

const cannedReplies = async (app: typeof t, slug: string) => {
  const response = await send(
    app,
    'GET',
    `/api/v1/tenants/${slug}/workspace/canned-replies`,
    tokens[`${slug}/agent`],
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items;
};

beforeAll(async () => {
  db = await createTestDb();
  const env = { CUSTOS_ROOT_KEY: randomBytes(32).toString('base64') };
  t = createTestApp(db, { env });
  peer = createTestApp(db, { env });
  for (const slug of [SLUG, OTHER]) {
    tenantIds[slug] = await createTenant(t, slug);
    for (const role of ['tenant_admin', 'auditor', 'supervisor', 'agent'] as const) {
      const login = `${slug}.${role}`.replaceAll('_', '-');
      const created = await createStaff(t, slug, login, [role]);
      tokens[`${slug}/${role === 'tenant_admin' ? 'admin' : role}`] = (
        await signIn(t, slug, login, created.key)
      ).accessToken;
    }
    await catalogue(slug, tokens[`${slug}/admin`] as string, tokens[`${slug}/supervisor`] as string);
    contacts[slug] = await t.runtime.contacts.createVisitor(tenantIds[slug] as string, '测试患者');
  }
  await Promise.all([t.runtime.accessSettingsReady, peer.runtime.accessSettingsReady]);
}, 120_000);
afterAll(async () => {
  await db?.destroy();
});

const NO_BOOKING = {
  restrictions: [{ role: 'agent', deny: [{ action: 'create', subject: 'Appointment' }] }],
};

describe(`tenant tailoring of role permissions on ${testDialect()}`, () => {
  it('tenant admins read and write, auditors read, agents and supervisors neither', async () => {
    const read = await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/admin`]);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ restrictions: [] });
    expect((await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/auditor`])).status).toBe(200);
    await expectProblem(await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/auditor`], NO_BOOKING), 403);
    await expectProblem(await send(t, 'GET', settingsPath(SLUG), tokens[`${SLUG}/agent`]), 403);
    await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/agent`], { restrictions: [] }),
      403,
    );
    await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/supervisor`], NO_BOOKING),
      403,
    );
    await expectProblem(await send(t, 'GET', settingsPath(SLUG), undefined), 401);
    expect([403, 404]).toContain(
      (await send(t, 'PUT', settingsPath(SLUG), tokens[`${OTHER}/admin`], NO_BOOKING)).status,
    );
  });

  it('refuses widening and separation-of-duties roles with the path, and changes nothing', async () => {
    const admin = tokens[`${SLUG}/admin`];
    const widening = await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), admin, {
        restrictions: [
          {
            role: 'agent',
            deny: [
              { action: 'create', subject: 'Appointment' },
              { action: 'read', subject: 'Contact', fields: ['phone'] },
            ],
          },
        ],
      }),
      400,
    );
    expect((widening.errors as { path: string }[]).map((e) => e.path)).toEqual(['restrictions.0.deny.1']);
    const sod = await expectProblem(
      await send(t, 'PUT', settingsPath(SLUG), admin, {
        restrictions: [{ role: 'auditor', deny: [{ action: 'read', subject: 'AuditEvent' }] }],
      }),
      400,
    );
    expect(sod.errors).toEqual([
      { path: 'restrictions.0.role', message: expect.stringContaining('separation') },
    ]);
    const read = await send(t, 'GET', settingsPath(SLUG), admin);
    expect(await read.json()).toEqual({ restrictions: [] });
    expect(
      (await auditEvents(t, tenantIds[SLUG] as string)).filter((e) => e.action === 'permission-change'),
    ).toEqual([]);
  });

  it('a denied grant is refused at once in this process; another tenant is unaffected; audited', async () => {
    expect((await book(t, SLUG, 0)).status).toBe(201);
    const saved = await send(t, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/admin`], NO_BOOKING);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual(NO_BOOKING);

    const refused = await expectProblem(await book(t, SLUG, 1), 403);
    expect(refused).toMatchObject({ code: 'forbidden' });
    // What the agent still may do: list the appointment it booked (SQL filter), read canned replies.
    const list = await send(
      t,
      'GET',
      `/api/v1/tenants/${SLUG}/booking/appointments`,
      tokens[`${SLUG}/agent`],
    );
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(await cannedReplies(t, SLUG)).toHaveLength(1);
    // The other tenant's agents still book.
    expect((await book(t, OTHER, 0)).status).toBe(201);

    const events = (await auditEvents(t, tenantIds[SLUG] as string)).filter(
      (e) => e.action === 'permission-change',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'staff', role: 'tenant-admin' },
      resource: { type: 'AccessSettings', id: tenantIds[SLUG] },
    });
    expect(
      (await auditEvents(t, tenantIds[OTHER] as string)).filter((e) => e.action === 'permission-change'),
    ).toEqual([]);
    // The tenant's other settings are kept.
    const row = await db.db
      .selectFrom('tenants')
      .select('settings')
      .where('tenant_id', '=', tenantIds[SLUG] as string)
      .executeTakeFirstOrThrow();
    expect(row.settings.displayNames).toBeDefined();
  });

  it('a change made elsewhere is heard (NOTIFY) and filters SQL reads; lifting it restores them', async () => {
    const appointments = async (app: typeof t, slug: string) => {
      const response = await send(
        app,
        'GET',
        `/api/v1/tenants/${slug}/booking/appointments`,
        tokens[`${slug}/agent`],
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: unknown[] }).items;
    };
    expect(await appointments(peer, SLUG)).toHaveLength(1);
    // Written as another process would: the database and its notification, nothing in this one.
    await db.db
      .transaction()
      .execute((trx) =>
        writeAccessSettings(
          trx,
          tenantIds[SLUG] as string,
          { restrictions: [{ role: 'agent', deny: [{ action: 'read', subject: 'Appointment' }] }] },
          new Date(),
        ),
      );
    // The list is not refused: the SQL filter (accessFilter) leaves the agent's own booking out.
    await vi.waitFor(async () => expect(await appointments(peer, SLUG)).toEqual([]), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await appointments(t, SLUG)).toEqual([]);
    expect(await cannedReplies(peer, SLUG)).toHaveLength(1);
    expect(await appointments(peer, OTHER)).toHaveLength(1);

    const lifted = await send(peer, 'PUT', settingsPath(SLUG), tokens[`${SLUG}/admin`], {});
    expect(lifted.status).toBe(200);
    expect(await lifted.json()).toEqual({ restrictions: [] });
    expect(await appointments(peer, SLUG)).toHaveLength(1);
    expect((await book(peer, SLUG, 2)).status).toBe(201);
  });
});

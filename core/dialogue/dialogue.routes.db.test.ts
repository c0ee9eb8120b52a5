import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { bookVisitFlow, testConversation } from '../../testing/test-pack.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { createApp } from '../http/app.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';
import { createTenantRepository } from '../tenancy/tenant.repository.ts';
import { createDialogueAdmin } from './dialogue-flow.service.ts';
import { createFlowStore, type FlowStore } from './dialogue-flow.store.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let app: ReturnType<typeof createApp>;
let store: FlowStore;
let tenantId: string;
let adminToken: string;
let agentToken: string;
const BASE = '/api/v1/tenants/dlg-clinic';
const { version: _v, ...body } = bookVisitFlow;

/** The real application stack, with the dialogue routes wired the way the runtime is to wire them. */
function dialogueApp() {
  const secured = db.rowSecured(currentDataScope);
  store = createFlowStore({ db: secured, packFlows: [bookVisitFlow] });
  const admin = createDialogueAdmin({
    db: secured,
    audit: t.runtime.audit,
    store,
    ports: ['scheduling.requestVisit'],
    conversationOf: () => testConversation,
  });
  return createApp({
    logger: silentLogger,
    version: 'test',
    publicUrl: t.config.publicUrl,
    corsOrigins: [],
    bodyLimitBytes: t.config.bodyLimitBytes,
    rateLimitPerMinute: 0,
    trustProxy: false,
    credentials: [t.runtime.identity.resolver],
    readiness: async () => ({ ready: true, database: 'ok', migrations: 'current' }),
    tenants: t.runtime.tenants,
    auditVerifierKey: t.runtime.audit.keys.verifierKey,
    auditReads: t.runtime.auditReads,
    identity: t.runtime.identity.http,
    dialogue: {
      admin,
      tenantOf: async (slug) => {
        const tenant = await createTenantRepository(secured).findBySlug(slug);
        return tenant && { id: tenant.id, vertical: tenant.vertical };
      },
    },
  });
}

const put = (path: string, payload: unknown, token: string) =>
  app.request(path, {
    method: 'PUT',
    headers: { ...JSON_HEADERS, ...bearer(token) },
    body: JSON.stringify(payload),
  });
const get = (path: string, token: string) => app.request(path, { headers: bearer(token) });

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantId = await createTenant(t, 'dlg-clinic');
  const a = await createStaff(t, 'dlg-clinic', 'admin.one', ['tenant_admin']);
  adminToken = (await signIn(t, 'dlg-clinic', 'admin.one', a.key)).accessToken;
  await createStaff(t, 'dlg-clinic', 'agent.one', ['agent']);
  agentToken = (await signIn(t, 'dlg-clinic', 'agent.one')).accessToken;
  app = dialogueApp();
});
afterAll(async () => {
  await db?.destroy();
});

describe(`flow administration over HTTP on ${testDialect()}`, () => {
  it('lists the pack flow, saves a new version, and the bot’s resolver uses it at once', async () => {
    const list = await get(`${BASE}/flows`, adminToken);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      items: [{ id: 'book-visit', version: 1, title: bookVisitFlow.title, trigger: ['book_visit'] }],
    });

    const edited = { ...body, title: { 'zh-CN': '预约门诊', en: 'Book an outpatient visit' } };
    const saved = await put(`${BASE}/flows/book-visit`, edited, adminToken);
    expect(saved.status).toBe(201);
    expect(await saved.json()).toEqual({ ...edited, version: 2 });
    expect((await store.active(tenantId, 'book-visit'))?.title.en).toBe('Book an outpatient visit');

    const detail = await get(`${BASE}/flows/book-visit`, adminToken);
    const { active, versions } = (await detail.json()) as {
      active: { version: number };
      versions: unknown[];
    };
    expect(active.version).toBe(2);
    expect(versions).toMatchObject([
      { version: 2, source: 'tenant', createdBy: expect.any(String) },
      { version: 1, source: 'pack', createdAt: null },
    ]);
    const events = (await auditEvents(t, tenantId)).filter((e) => e.resource?.type === 'Flow');
    expect(events.map((e) => [e.action, e.resource.id, e.actor.role])).toEqual([
      ['update', 'book-visit:v2', 'tenant-admin'],
    ]);
  });

  it('answers 422 naming the problem for a flow that does not check, 400 for a malformed one', async () => {
    const broken = {
      ...body,
      states: body.states.map((s) =>
        s.type === 'confirm' ? { ...s, text: { 'zh-CN': '确认{dept}？', en: 'Confirm {dept}?' } } : s,
      ),
    };
    const problem = await expectProblem(await put(`${BASE}/flows/book-visit`, broken, adminToken), 422);
    expect(problem.detail).toContain('state "confirm" refers to unknown slot "dept"');
    expect(problem.errors).toContainEqual({
      path: 'states.3.text.zh-CN',
      message: 'state "confirm" refers to unknown slot "dept"',
    });

    const noPort = {
      ...body,
      states: body.states.map((s) => (s.type === 'act' ? { ...s, port: 'billing.charge' } : s)),
    };
    const missing = await expectProblem(await put(`${BASE}/flows/book-visit`, noPort, adminToken), 422);
    expect(missing.detail).toContain('calls port "billing.charge", which this deployment does not offer');

    const malformed = await expectProblem(
      await put(`${BASE}/flows/book-visit`, { ...body, states: [] }, adminToken),
      400,
    );
    expect(malformed.errors).toContainEqual(expect.objectContaining({ path: 'body.states' }));
    expect((await store.history(tenantId, 'book-visit'))[0]?.version).toBe(2);
  });

  it('refuses an agent (403) and an unknown tenant (404)', async () => {
    await expectProblem(await put(`${BASE}/flows/book-visit`, body, agentToken), 403);
    await expectProblem(await get(`${BASE}/flows`, agentToken), 403);
    await expectProblem(await get(`${BASE}/auto-replies`, agentToken), 403);
    await expectProblem(await get(`${BASE}/flows/no-such-flow`, adminToken), 404);
    await expectProblem(await get('/api/v1/tenants/dlg-nowhere/flows', adminToken), 404);
  });

  it('reads and replaces the auto-reply rules', async () => {
    const before = await get(`${BASE}/auto-replies`, adminToken);
    expect(await before.json()).toEqual({
      version: 0,
      source: 'pack',
      rules: testConversation.dialogue.autoReplies,
    });
    const rules = [{ intent: 'parking', text: { 'zh-CN': '停车请走东门。', en: 'Park via the east gate.' } }];
    const saved = await put(`${BASE}/auto-replies`, { rules }, adminToken);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ version: 1, source: 'tenant', rules });
    expect(await store.overrides(tenantId)).toEqual({ autoReplies: rules });
    const unknown = await put(
      `${BASE}/auto-replies`,
      { rules: [{ ...rules[0], intent: 'valet' }] },
      adminToken,
    );
    expect((await expectProblem(unknown, 422)).detail).toContain('unknown intent "valet"');
    await expectProblem(await put(`${BASE}/auto-replies`, { rules }, agentToken), 403);
  });

  it('documents the routes in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{slug}/flows',
        '/api/v1/tenants/{slug}/flows/{flowId}',
        '/api/v1/tenants/{slug}/auto-replies',
      ]),
    );
  });
});

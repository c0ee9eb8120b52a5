import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { bookVisitFlow, testConversation } from '../../testing/test-pack.ts';
import { currentDataScope, withDataScope } from '../context/data-scope.ts';
import type { Database } from '../db/schema.ts';
import { isAppError } from '../errors/app-error.ts';
import { auditEvents, createTenant } from '../identity/identity.fixture.ts';
import { layerPack } from '../packs/pack-overrides.ts';
import { createChat } from './dialogue.fixture.ts';
import { createDialogueAdmin, type DialogueTenant } from './dialogue-flow.service.ts';
import { createFlowStore } from './dialogue-flow.store.ts';
import type { FlowBody } from './flow.schema.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let app: Kysely<Database>;
let tenant: DialogueTenant;
let other: DialogueTenant;
const admin = { kind: 'staff', id: '00000000-0000-4000-8000-00000000ad01', role: 'tenant_admin' } as const;
// The service authorizes a tenant admin by the tenant and MFA state a verified token carries.
const adminOf = (tenantId: string) => ({ ...admin, tenantId, roles: ['tenant_admin'], mfa: true });

const { version: _v, ...packBody } = bookVisitFlow;
const withDatePrompt = (zh: string, en: string): FlowBody => ({
  ...packBody,
  slots: packBody.slots.map((s) => (s.name === 'date' ? { ...s, prompt: { 'zh-CN': zh, en } } : s)),
});

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  app = db.rowSecured(currentDataScope);
  tenant = { id: await createTenant(t, 'flows-clinic'), vertical: 'medical' };
  other = { id: await createTenant(t, 'flows-other'), vertical: 'medical' };
});
afterAll(async () => {
  await db?.destroy();
});

function setUp(clock?: () => number) {
  const store = createFlowStore({ db: app, packFlows: [bookVisitFlow], ...(clock ? { clock } : {}) });
  const dialogue = createDialogueAdmin({
    db: app,
    audit: t.runtime.audit,
    store,
    ports: ['scheduling.requestVisit'],
    conversationOf: () => testConversation,
  });
  return { store, dialogue };
}

describe(`the flow store on ${testDialect()}`, () => {
  it('serves the pack flow as version 1 until the tenant saves one', async () => {
    const { store } = setUp();
    expect(await store.active(tenant.id, 'book-visit')).toEqual(bookVisitFlow);
    expect(await store.triggers(tenant.id)).toEqual(new Map([['book_visit', 'book-visit']]));
    expect(await store.history(tenant.id, 'book-visit')).toEqual([
      { version: 1, source: 'pack', createdAt: null, createdBy: null },
    ]);
  });

  it('saves version n+1 with an audit event in the same transaction, used at once by this process', async () => {
    const { store, dialogue } = setUp();
    await store.active(tenant.id, 'book-visit'); // cached before the save
    const saved = await dialogue.saveFlow(
      adminOf(tenant.id),
      tenant,
      'book-visit',
      withDatePrompt('哪天方便？', 'Which day?'),
    );
    expect(saved.version).toBe(2);
    expect(await store.active(tenant.id, 'book-visit')).toEqual(saved);
    expect(await store.version(tenant.id, 'book-visit', 1)).toEqual(bookVisitFlow);
    const history = await store.history(tenant.id, 'book-visit');
    expect(history.map((h) => [h.version, h.source, h.createdBy])).toEqual([
      [2, 'tenant', admin.id],
      [1, 'pack', null],
    ]);
    const events = (await auditEvents(t, tenant.id)).filter((e) => e.resource?.type === 'Flow');
    expect(events).toMatchObject([
      {
        action: 'update',
        purpose: 'HSYSADMIN',
        actor: { id: admin.id, role: 'tenant-admin', kind: 'staff' },
        resource: { type: 'Flow', id: 'book-visit:v2' },
        outcome: { result: 'success' },
      },
    ]);
  });

  it('another process sees a new version once its short cache expires, without a restart', async () => {
    let now = 0;
    const elsewhere = setUp(() => now).store;
    const before = await elsewhere.active(tenant.id, 'book-visit');
    const saved = await setUp().dialogue.saveFlow(
      adminOf(tenant.id),
      tenant,
      'book-visit',
      withDatePrompt('几号来？', 'What date?'),
    );
    expect(await elsewhere.active(tenant.id, 'book-visit')).toEqual(before);
    now += 5000;
    expect(await elsewhere.active(tenant.id, 'book-visit')).toEqual(saved);
  });

  it('refuses a flow that does not check, saving nothing and recording nothing', async () => {
    const { store, dialogue } = setUp();
    const before = (await store.history(tenant.id, 'book-visit')).length;
    const audited = (await auditEvents(t, tenant.id)).length;
    const broken: FlowBody = {
      ...packBody,
      states: packBody.states.map((s) => (s.id === 'ask_date' ? { ...s, slot: 'day' } : s)),
    };
    const error = await dialogue
      .saveFlow(adminOf(tenant.id), tenant, 'book-visit', broken)
      .catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('unprocessable');
    expect((error as Error).message).toContain('state "ask_date" refers to unknown slot "day"');
    const wrongId = await dialogue
      .saveFlow(adminOf(tenant.id), tenant, 'other-flow', packBody)
      .catch((e: unknown) => e);
    expect((wrongId as Error).message).toContain('does not match');
    expect(await store.history(tenant.id, 'book-visit')).toHaveLength(before);
    expect(await auditEvents(t, tenant.id)).toHaveLength(audited);
  });

  it('a tenant never sees another tenant’s flows (row-level security behind the SQL filter)', async () => {
    const { store } = setUp();
    const saved = await store.list(tenant.id);
    expect(saved[0]?.version).toBeGreaterThan(1);
    // Platform work sees every tenant's rows, a tenant's request only its own.
    const seen = await withDataScope({ kind: 'tenant', tenantId: other.id }, () =>
      setUp().store.list(tenant.id),
    );
    expect(seen).toEqual([bookVisitFlow]);
    expect(await store.list(other.id)).toEqual([bookVisitFlow]);
  });

  it('a running conversation keeps its version after a new one is saved; a new one starts on it', async () => {
    const { store, dialogue } = setUp();
    const knowledge = async () => undefined;
    const started = await dialogue.saveFlow(
      adminOf(tenant.id),
      tenant,
      'book-visit',
      withDatePrompt('哪一天？', 'Which date?'),
    );
    const chat = createChat({ config: testConversation, knowledge, flows: store, tenantId: tenant.id });
    expect(await chat.say('我想预约心内科')).toEqual(['prompt: 哪一天？']);
    await dialogue.saveFlow(
      adminOf(tenant.id),
      tenant,
      'book-visit',
      withDatePrompt('请选日期', 'Pick a date'),
    );
    expect(await chat.say('明天')).toEqual([`prompt: ${bookVisitFlow.slots[2]?.prompt['zh-CN']}`]);
    expect(chat.state?.flow?.version).toBe(started.version);
    const fresh = createChat({ config: testConversation, knowledge, flows: store, tenantId: tenant.id });
    expect(await fresh.say('我想预约心内科')).toEqual(['prompt: 请选日期']);
    expect(fresh.state?.flow?.version).toBe(started.version + 1);
  });

  it('saved auto-reply rules replace the pack’s in the bot', async () => {
    const { store, dialogue } = setUp();
    expect(await dialogue.getAutoReplies(adminOf(tenant.id), tenant)).toMatchObject({
      version: 0,
      source: 'pack',
    });
    const rules = [
      { intent: 'parking', text: { 'zh-CN': '请从东门进入停车场。', en: 'Use the east gate car park.' } },
    ];
    expect(await dialogue.saveAutoReplies(adminOf(tenant.id), tenant, rules)).toEqual({
      version: 1,
      source: 'tenant',
      rules,
    });
    const bad = await dialogue
      .saveAutoReplies(adminOf(tenant.id), tenant, [{ ...rules[0], intent: 'valet' } as (typeof rules)[0]])
      .catch((e: unknown) => e);
    expect((bad as Error).message).toContain('unknown intent "valet"');
    const config = layerPack(testConversation, await store.overrides(tenant.id));
    const chat = createChat({ config, knowledge: async () => undefined });
    expect(await chat.say('停车场在哪里')).toEqual(['auto: 请从东门进入停车场。']);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { auditEvents, bearer, expectProblem, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { PRIORITY } from './assign.ts';
import { getPresence } from './presence.store.ts';
import { type RoutingWorld, routingState, routingWorld } from './routing.fixture.ts';
import { createRoutingService } from './routing.service.ts';
import { getQueue } from './routing-queue.store.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let w: RoutingWorld;
let other: RoutingWorld;
let base: string;
let otherBase: string;
/** The clock of the routing service: the SLA overview is judged at this instant. */
const clock = new Date('2026-11-24T02:00:00Z');

/** Synthetic staff credentials: token → actor, as the access-token resolver would give. */
const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);

/** A staff account of `world`'s tenant with `roles` and `queueIds`, and a token for it. */
async function staff(world: RoutingWorld, roles: string[], queueIds: string[] = []) {
  const userId = randomUUID();
  await db.db
    .insertInto('users')
    .values({
      tenant_id: world.tenantId,
      user_id: userId,
      login_name: `staff-${userId.slice(0, 8)}`,
      password_hash: '$synthetic$not-a-password',
      roles: JSON.stringify(roles),
      queue_ids: [...queueIds].sort(),
    })
    .execute();
  const token = `staff-${userId}`;
  actors.set(token, {
    kind: 'staff',
    id: userId,
    role: roles[0],
    tenantId: world.tenantId,
    roles,
    mfa: true,
    ...(queueIds.length > 0 ? { queueIds } : {}),
  } as Actor);
  return { userId, token };
}

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const slugOf = async (world: RoutingWorld) =>
  (
    await db.db
      .selectFrom('tenants')
      .select('slug')
      .where('tenant_id', '=', world.tenantId)
      .executeTakeFirstOrThrow()
  ).slug;

const paths = (issues: unknown) => (issues as { path: string }[]).map((i) => i.path);

beforeAll(async () => {
  db = await createTestDb();
  // The routing service with a clock the tests set, served in place of the runtime's.
  t = createTestApp(db, {
    credentials: [staffCredential],
    replace: (runtime) => ({
      routing: createRoutingService({
        db: runtime.database.rowSecured(currentDataScope),
        audit: runtime.audit,
        now: () => clock,
      }),
    }),
  });
  w = await routingWorld(db);
  other = await routingWorld(db);
  base = `/api/v1/tenants/${await slugOf(w)}/routing`;
  otherBase = `/api/v1/tenants/${await slugOf(other)}/routing`;
});
afterAll(async () => {
  await w?.bus.close();
  await other?.bus.close();
  await db?.destroy();
});

const queueSettings = {
  names: { 'zh-CN': '前台', en: 'Front desk' },
  mode: 'auto',
  firstResponseSeconds: 600,
  resolutionSeconds: 3600,
  businessHours: null,
  outOfHoursMessage: null,
};

describe(`routing over HTTP on ${testDialect()}`, () => {
  it('publishes its routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(
      Object.keys(doc.paths)
        .filter((path) => path.includes('/routing/'))
        .sort(),
    ).toEqual([
      '/api/v1/tenants/{slug}/routing/conversations/{conversationId}/assign',
      '/api/v1/tenants/{slug}/routing/presence',
      '/api/v1/tenants/{slug}/routing/queues',
      '/api/v1/tenants/{slug}/routing/queues/{queueId}',
    ]);
  });

  it('lets an agent go online and away; capacity and skills stay with supervisors and admins', async () => {
    const agent = await staff(w, ['agent'], ['front-desk']);
    const before = await send('GET', `${base}/presence`, agent.token);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({
      userId: agent.userId,
      status: 'offline',
      capacity: 3,
      active: 0,
      skills: [],
      lastSeenAt: null,
    });
    const online = await send('PUT', `${base}/presence`, agent.token, { status: 'online' });
    expect(online.status).toBe(200);
    expect(await online.json()).toMatchObject({ userId: agent.userId, status: 'online', capacity: 3 });
    // Sending the current capacity back is not a change.
    expect((await send('PUT', `${base}/presence`, agent.token, { status: 'away', capacity: 3 })).status).toBe(
      200,
    );
    const capacity = await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', capacity: 5 }),
      403,
    );
    expect(capacity.code).toBe('forbidden');
    await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', skills: ['billing'] }),
      403,
    );
    expect((await getPresence(db.db, w.tenantId, agent.userId))?.status).toBe('away');

    const supervisor = await staff(w, ['supervisor'], ['front-desk']);
    const more = await send('PUT', `${base}/presence`, supervisor.token, { status: 'online', capacity: 8 });
    expect(await more.json()).toMatchObject({ status: 'online', capacity: 8 });
    await expectProblem(
      await send('PUT', `${base}/presence`, supervisor.token, { status: 'online', skills: ['zh'] }),
      403,
    );
    // A tenant admin who also works a queue (a small clinic) sets skills and capacity.
    const admin = await staff(w, ['tenant_admin', 'agent'], ['front-desk']);
    const skilled = await send('PUT', `${base}/presence`, admin.token, {
      status: 'online',
      capacity: 2,
      skills: ['zh', 'billing'],
    });
    expect(await skilled.json()).toMatchObject({ capacity: 2, skills: ['zh', 'billing'] });
  });

  it('gives no presence to roles that do not work queues, nor to strangers', async () => {
    const admin = await staff(w, ['tenant_admin']);
    const auditor = await staff(w, ['auditor']);
    for (const token of [admin.token, auditor.token]) {
      await expectProblem(await send('GET', `${base}/presence`, token), 403);
      await expectProblem(await send('PUT', `${base}/presence`, token, { status: 'online' }), 403);
    }
    await expectProblem(await send('GET', `${base}/presence`, undefined), 401);
    const agent = await staff(w, ['agent'], ['front-desk']);
    // Another tenant's routes: not found, as if the tenant did not exist.
    await expectProblem(await send('GET', `${otherBase}/presence`, agent.token), 404);
    await expectProblem(await send('PUT', `${otherBase}/presence`, agent.token, { status: 'online' }), 404);
  });

  it('answers bad presence input with problem+json naming the field', async () => {
    const agent = await staff(w, ['supervisor'], ['front-desk']);
    const high = await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', capacity: 51 }),
      400,
    );
    expect(paths(high.errors)).toEqual(['body.capacity']);
    const negative = await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', capacity: -1 }),
      400,
    );
    expect(paths(negative.errors)).toEqual(['body.capacity']);
    const status = await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'busy' }),
      400,
    );
    expect(paths(status.errors)).toEqual(['body.status']);
    await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', extra: 1 }),
      400,
    );
    const skills = await expectProblem(
      await send('PUT', `${base}/presence`, agent.token, { status: 'online', skills: ['Billing Desk'] }),
      400,
    );
    expect(paths(skills.errors)).toEqual(['body.skills.0']);
  });

  it('saves queue settings for tenant admins only, and checks them', async () => {
    const admin = await staff(w, ['tenant_admin']);
    const saved = await send('PUT', `${base}/queues/front-desk`, admin.token, queueSettings);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ queueId: 'front-desk', ...queueSettings });
    expect(await getQueue(db.db, w.tenantId, 'front-desk')).toMatchObject({
      mode: 'auto',
      firstResponseSeconds: 600,
    });
    const events = (await auditEvents(t, w.tenantId)).filter((e) => e.resource?.type === 'RoutingQueue');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'update',
      resource: { id: 'front-desk' },
      actor: { id: admin.userId },
    });
    expect(events[0]).not.toHaveProperty('subject');

    const hours = {
      ...queueSettings,
      businessHours: { timeZone: 'Asia/Shanghai', weekly: [{ weekday: 1, start: '08:00', end: '17:00' }] },
      outOfHoursMessage: { 'zh-CN': '我们已下班。', en: 'We are closed.' },
    };
    const withHours = await send('PUT', `${base}/queues/billing`, admin.token, hours);
    expect(await withHours.json()).toMatchObject({ businessHours: { holidays: [] }, mode: 'auto' });

    const supervisor = await staff(w, ['supervisor'], ['front-desk']);
    await expectProblem(await send('PUT', `${base}/queues/front-desk`, supervisor.token, queueSettings), 403);
    await expectProblem(await send('PUT', `${otherBase}/queues/front-desk`, admin.token, queueSettings), 404);
    const id = await expectProblem(
      await send('PUT', `${base}/queues/Front_Desk`, admin.token, queueSettings),
      400,
    );
    expect(paths(id.errors)).toEqual(['path.queueId']);
    const mode = await expectProblem(
      await send('PUT', `${base}/queues/front-desk`, admin.token, { ...queueSettings, mode: 'round-robin' }),
      400,
    );
    expect(paths(mode.errors)).toEqual(['body.mode']);
    const zone = await expectProblem(
      await send('PUT', `${base}/queues/front-desk`, admin.token, {
        ...hours,
        businessHours: { ...hours.businessHours, timeZone: 'Mars/Olympus' },
      }),
      400,
    );
    expect(paths(zone.errors)).toEqual(['timeZone']);
    await expectProblem(
      await send('PUT', `${base}/queues/front-desk`, admin.token, {
        ...queueSettings,
        firstResponseSeconds: 0,
      }),
      400,
    );
    // Nothing of the refused attempts was saved.
    expect((await getQueue(db.db, w.tenantId, 'front-desk'))?.firstResponseSeconds).toBe(600);
  });

  it('shows a supervisor their queues: waiting, emergencies, oldest wait, SLA and agents', async () => {
    const world = await routingWorld(db);
    const slug = await slugOf(world);
    const here = `/api/v1/tenants/${slug}/routing`;
    const admin = await staff(world, ['tenant_admin']);
    expect((await send('PUT', `${here}/queues/front-desk`, admin.token, queueSettings)).status).toBe(200);
    const supervisor = await staff(world, ['supervisor'], ['front-desk', 'billing']);
    const at = (minutes: number) => new Date(clock.getTime() + minutes * 60_000);
    // First response due 10 minutes after queuing; near breach in the last 2 of them.
    await world.waiting({ now: at(-30) }); // breached 20 minutes ago
    await world.waiting({ now: at(-9), priority: PRIORITY.emergency }); // 1 minute left: near breach
    await world.waiting({ now: at(-1) }); // 9 minutes left: fine
    await world.waiting({ queueId: 'billing', now: at(-5) }); // billing has no SLA
    await world.waiting({ queueId: 'elsewhere', now: at(-50) }); // not supervised
    const busy = await world.agent({ queueIds: ['front-desk'], capacity: 4 });
    await world.agent({ queueIds: ['front-desk'], status: 'offline' });
    const away = await world.agent({ queueIds: ['billing'], status: 'away' });

    const response = await send('GET', `${here}/queues`, supervisor.token);
    expect(response.status).toBe(200);
    const { queues } = (await response.json()) as { queues: Record<string, unknown>[] };
    expect(queues).toEqual([
      {
        queueId: 'billing',
        mode: 'auto',
        waiting: 1,
        emergenciesWaiting: 0,
        oldestQueuedAt: at(-5).toISOString(),
        oldestWaitSeconds: 300,
        slaNearBreach: 0,
        slaBreached: 0,
        agentsOnline: 0,
        callbacksOpen: 0,
        agents: [{ userId: away, status: 'away', active: 0, capacity: 3 }],
      },
      {
        queueId: 'front-desk',
        mode: 'auto',
        waiting: 3,
        emergenciesWaiting: 1,
        oldestQueuedAt: at(-30).toISOString(),
        oldestWaitSeconds: 1800,
        slaNearBreach: 1,
        slaBreached: 1,
        agentsOnline: 1,
        callbacksOpen: 0,
        agents: [{ userId: busy, status: 'online', active: 0, capacity: 4 }],
      },
    ]);
    const one = await send('GET', `${here}/queues?queueId=billing`, supervisor.token);
    expect(((await one.json()) as { queues: { queueId: string }[] }).queues.map((q) => q.queueId)).toEqual([
      'billing',
    ]);
    // A queue that is not theirs, or that does not exist: not found.
    await expectProblem(await send('GET', `${here}/queues?queueId=elsewhere`, supervisor.token), 404);
    await expectProblem(await send('GET', `${here}/queues?queueId=no-such-queue`, supervisor.token), 404);
    await expectProblem(await send('GET', `${here}/queues?queueId=Not%20a%20queue`, supervisor.token), 400);
    // Agents and tenant admins do not supervise.
    const agent = await staff(world, ['agent'], ['front-desk']);
    await expectProblem(await send('GET', `${here}/queues`, agent.token), 403);
    await expectProblem(await send('GET', `${here}/queues`, admin.token), 403);
    await expectProblem(await send('GET', `${otherBase}/queues`, supervisor.token), 404);
    await world.bus.close();
  });

  it('lets a supervisor reassign within capacity and skills, recounting both agents', async () => {
    const supervisor = await staff(w, ['supervisor'], ['triage']);
    const first = await w.agent({ queueIds: ['triage'], capacity: 2 });
    const second = await w.agent({ queueIds: ['triage'], capacity: 1, skills: ['zh'] });
    const full = await w.agent({ queueIds: ['triage'], capacity: 0, skills: ['zh'] });
    const outsider = await w.agent({ queueIds: ['front-desk'], skills: ['zh'] });
    const id = await w.waiting({ queueId: 'triage', skills: ['zh'] });
    const assign = (userId: string, token = supervisor.token, conversationId = id) =>
      send('POST', `${base}/conversations/${conversationId}/assign`, token, { userId });

    const skill = await expectProblem(await assign(first), 409);
    expect(skill.code).toBe('conflict');
    expect(skill.detail).toContain('missing a required skill');
    expect((await expectProblem(await assign(full), 409)).detail).toContain('at capacity');
    expect((await expectProblem(await assign(outsider), 409)).detail).toContain('not a member of the queue');
    await expectProblem(await assign(randomUUID()), 409);

    const given = await assign(second);
    expect(given.status).toBe(200);
    expect(await given.json()).toEqual({ conversationId: id, userId: second, previousUserId: null });

    // Moving it on: the new agent needs the skill, the old one gets their count back.
    const plain = await w.waiting({ queueId: 'triage' });
    expect((await assign(first, supervisor.token, plain)).status).toBe(200);
    const moved = await assign(second, supervisor.token, plain);
    expect((await expectProblem(moved, 409)).detail).toContain('at capacity');
    const back = await send('POST', `${base}/conversations/${id}/assign`, supervisor.token, {
      userId: first,
    });
    expect((await expectProblem(back, 409)).detail).toContain('missing a required skill');
    const toFirst = await assign(first, supervisor.token, plain);
    // Already theirs: nothing changes.
    expect(await toFirst.json()).toEqual({ conversationId: plain, userId: first, previousUserId: first });

    const state = await routingState(db.db, w.tenantId);
    for (const agent of state.agents) expect(agent.active_count).toBe(agent.held);
    const holder = new Map(state.conversations.map((c) => [c.conversation_id, c.assignee_id]));
    expect([holder.get(id), holder.get(plain)]).toEqual([second, first]);

    const events = (await auditEvents(t, w.tenantId)).filter(
      (e) => e.resource?.type === 'Conversation' && e.actor.id === supervisor.userId,
    );
    expect(events.map((e) => e.resource.id)).toEqual([id, plain]);
    for (const event of events) {
      expect(event).toMatchObject({ action: 'update', purpose: 'HOPERAT', outcome: { result: 'success' } });
      expect(event).not.toHaveProperty('subject');
    }
  });

  it('moves an assigned conversation from one agent to another', async () => {
    const supervisor = await staff(w, ['supervisor'], ['wards']);
    const from = await w.agent({ queueIds: ['wards'], capacity: 2 });
    const to = await w.agent({ queueIds: ['wards'], capacity: 2 });
    const id = await w.waiting({ queueId: 'wards' });
    const send1 = await send('POST', `${base}/conversations/${id}/assign`, supervisor.token, {
      userId: from,
    });
    expect(send1.status).toBe(200);
    const send2 = await send('POST', `${base}/conversations/${id}/assign`, supervisor.token, { userId: to });
    expect(await send2.json()).toEqual({ conversationId: id, userId: to, previousUserId: from });
    expect((await getPresence(db.db, w.tenantId, from))?.active).toBe(0);
    expect((await getPresence(db.db, w.tenantId, to))?.active).toBe(1);
  });

  it('refuses reassignment to the wrong role, another queue, another tenant and bad ids', async () => {
    const supervisor = await staff(w, ['supervisor'], ['front-desk']);
    const agent = await staff(w, ['agent'], ['front-desk', 'intake']);
    const admin = await staff(w, ['tenant_admin']);
    const target = await w.agent({ queueIds: ['front-desk', 'intake'] });
    const id = await w.waiting({ queueId: 'front-desk' });
    const elsewhere = await w.waiting({ queueId: 'intake' });
    const path = (conversationId: string, b = base) => `${b}/conversations/${conversationId}/assign`;

    // An agent may take a waiting conversation, but not hand it to someone else.
    await expectProblem(await send('POST', path(id), agent.token, { userId: target }), 403);
    await expectProblem(await send('POST', path(id), admin.token, { userId: target }), 403);
    // Not supervised: as if it did not exist.
    await expectProblem(await send('POST', path(elsewhere), supervisor.token, { userId: target }), 404);
    await expectProblem(await send('POST', path(randomUUID()), supervisor.token, { userId: target }), 404);
    await expectProblem(await send('POST', path(id, otherBase), supervisor.token, { userId: target }), 404);
    const badId = await expectProblem(
      await send('POST', path('not-a-uuid'), supervisor.token, { userId: target }),
      400,
    );
    expect(paths(badId.errors)).toEqual(['path.conversationId']);
    const badUser = await expectProblem(
      await send('POST', path(id), supervisor.token, { userId: 'someone' }),
      400,
    );
    expect(paths(badUser.errors)).toEqual(['body.userId']);
    await expectProblem(await send('POST', path(id), undefined, { userId: target }), 401);
    // None of it moved the conversation.
    const state = await routingState(db.db, w.tenantId);
    expect(state.conversations.find((c) => c.conversation_id === id)?.status).toBe('queued');
  });
});

import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Actor } from '../context/request-context.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import type { AgentNotice } from '../realtime/agent-notice.ts';
import { createEventBus, DEFAULT_CHANNEL, type EventBus } from '../realtime/event-bus.ts';
import { runAssignmentPass } from './assignment-loop.ts';
import { goOffline } from './presence.store.ts';
import { type RoutingWorld, routingWorld } from './routing.fixture.ts';
import { createRoutingService } from './routing.service.ts';
import { claim } from './routing.store.ts';
import { saveQueue } from './routing-queue.store.ts';

/**
 * Assignment notices from the database's trigger to the agents' subscriptions on the event bus,
 * on two processes. On PostgreSQL the second process is a second database handle (its own LISTEN
 * connection); PGlite is one backend in one process, so there it is a second bus on the handle.
 */
let handle: TestDb;
let peer: DatabaseHandle;
let w: RoutingWorld;
const worlds: RoutingWorld[] = [];
let busB: EventBus;
const payloads: string[] = [];
let unlisten: () => Promise<void> = async () => {};

beforeAll(async () => {
  handle = await createTestDb();
  peer = handle.url
    ? await openDatabase({ databaseUrl: handle.url, dataDir: tmpdir(), logger: silentLogger })
    : handle;
  busB = await createEventBus(peer);
  unlisten = await handle.listen(
    DEFAULT_CHANNEL,
    (payload) => payloads.push(payload),
    () => {},
  );
});
afterAll(async () => {
  await unlisten();
  await busB?.close();
  for (const world of worlds) await world.bus.close();
  if (peer && peer !== handle) await peer.close();
  await handle?.destroy();
});

/** A tenant of its own for each test: the assignment pass of one leaves the others' conversations be. */
beforeEach(async () => {
  w = await routingWorld(handle);
  worlds.push(w);
});

async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What one agent hears, on the writer's bus (A) and on another process's (B). */
function hear(userId: string) {
  const a: AgentNotice[] = [];
  const b: AgentNotice[] = [];
  const stops = [
    w.bus.subscribeAgent(w.tenantId, userId, (n) => a.push(n)),
    busB.subscribeAgent(w.tenantId, userId, (n) => b.push(n)),
  ];
  return {
    a,
    b,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

const NOW = new Date('2026-11-24T02:00:00Z');
const notice = (kind: 'assigned' | 'unassigned', userId: string, conversationId: string, extra = {}) => ({
  kind,
  tenantId: w.tenantId,
  userId,
  conversationId,
  queueId: 'front-desk',
  priority: 0,
  handoffReason: 'user-request',
  status: kind === 'assigned' ? 'assigned' : 'queued',
  ...extra,
});

describe(`assignment notices (${testDialect()})`, () => {
  it('tells an agent on every process of a conversation the loop gives them, and of it going back when they go offline', async () => {
    const agent = await w.agent();
    const heard = hear(agent);
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: NOW });
    await eventually(() => heard.a.length === 1 && heard.b.length === 1, 'the assigned notice');
    expect(heard.a).toEqual([notice('assigned', agent, id)]);
    expect(heard.b).toEqual(heard.a);

    expect(await goOffline(w.app, w.tenantId, agent, NOW)).toEqual([id]);
    await eventually(() => heard.a.length === 2 && heard.b.length === 2, 'the unassigned notice');
    expect(heard.a[1]).toEqual(notice('unassigned', agent, id));
    expect(heard.b).toEqual(heard.a);
    heard.stop();
  });

  it('tells of a claim, and a supervisor’s reassignment to both agents, once each', async () => {
    await saveQueue(w.app, w.tenantId, {
      queueId: 'billing',
      names: { 'zh-CN': '收费处', en: 'Billing' },
      mode: 'pick',
      firstResponseSeconds: null,
      resolutionSeconds: null,
      businessHours: null,
      outOfHoursMessage: null,
    });
    const first = await w.agent({ queueIds: ['billing'] });
    const second = await w.agent({ queueIds: ['billing'] });
    const [one, two] = [hear(first), hear(second)];
    const id = await w.waiting({ queueId: 'billing', priority: 40 });
    await claim(w.app, { tenantId: w.tenantId, conversationId: id, userId: first, now: NOW });
    await eventually(() => one.a.length === 1 && one.b.length === 1, 'the claim');

    const supervisor = {
      kind: 'staff',
      id: '00000000-0000-4000-8000-00000000c0de',
      role: 'supervisor',
      tenantId: w.tenantId,
      roles: ['supervisor'],
      queueIds: ['billing'],
      mfa: true,
    } as Actor;
    const routing = createRoutingService({ db: w.app, now: () => NOW });
    await routing.reassign(supervisor, { id: w.tenantId, vertical: 'medical' }, id, second);
    await eventually(
      () => one.a.length === 2 && one.b.length === 2 && two.a.length === 1 && two.b.length === 1,
      'the reassignment',
    );

    const billing = { queueId: 'billing', priority: 40 };
    expect(one.b).toEqual([
      notice('assigned', first, id, billing),
      // Taken from the first agent; where it went is `assigned` (to whom is not said).
      notice('unassigned', first, id, { ...billing, status: 'assigned' }),
    ]);
    expect(two.b).toEqual([notice('assigned', second, id, billing)]);
    expect(one.a).toEqual(one.b);
    expect(two.a).toEqual(two.b);
    one.stop();
    two.stop();
  });

  it('says nothing of a change rolled back, or of one that leaves the assignment as it was', async () => {
    const agent = await w.agent();
    const other = await w.agent({ capacity: 0 });
    const heard = hear(agent);
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: NOW });
    await eventually(() => heard.b.length === 1, 'the assignment');

    // Given to another agent and taken back, both in a transaction that rolls back.
    await expect(
      w.app.transaction().execute(async (trx) => {
        await trx
          .updateTable('conversations')
          .set({ assignee_id: other })
          .where('tenant_id', '=', w.tenantId)
          .where('conversation_id', '=', id)
          .execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // Priority and status written again with the same values: no notice.
    await w.app
      .updateTable('conversations')
      .set({ priority: 50, status: 'assigned', assignee_id: agent })
      .where('tenant_id', '=', w.tenantId)
      .where('conversation_id', '=', id)
      .execute();
    // The last change does notify; notifications arrive in commit order, so nothing came before it.
    await w.app
      .updateTable('conversations')
      .set({ status: 'closed', closed_at: NOW })
      .where('tenant_id', '=', w.tenantId)
      .where('conversation_id', '=', id)
      .execute();
    await eventually(() => heard.b.length === 2, 'the close');
    expect(heard.b.map((n) => [n.kind, n.status, n.priority])).toEqual([
      ['assigned', 'assigned', 0],
      ['unassigned', 'closed', 50],
    ]);
    heard.stop();
  });

  it('carries ids and codes only, and reaches only the agent it names', async () => {
    const agent = await w.agent();
    const bystander = await w.agent({ capacity: 0 });
    const [heard, nothing] = [hear(agent), hear(bystander)];
    // Another tenant's agent with the same id as nobody here hears nothing of this tenant.
    const elsewhere: AgentNotice[] = [];
    const stop = busB.subscribeAgent('00000000-0000-4000-8000-000000000000', agent, (n) => elsewhere.push(n));
    const from = payloads.length;
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: NOW });
    await eventually(
      () =>
        heard.a.length === 1 &&
        heard.b.length === 1 &&
        payloads.slice(from).some((p) => p.includes(id) && JSON.parse(p).k === 'assigned'),
      'the assignment',
    );

    const raw = payloads.slice(from).map((p) => JSON.parse(p) as Record<string, unknown>);
    const mine = raw.filter((p) => p.c === id && p.k === 'assigned');
    expect(mine).toHaveLength(1);
    expect(Object.keys(mine[0] ?? {}).sort()).toEqual(['c', 'k', 'p', 'pr', 'q', 'r', 's', 't', 'u', 'v']);
    expect(Buffer.byteLength(JSON.stringify(mine[0]))).toBeLessThan(400);
    expect(nothing.a).toEqual([]);
    expect(nothing.b).toEqual([]);
    expect(elsewhere).toEqual([]);
    heard.stop();
    nothing.stop();
    stop();
  });

  it('is raised by the database for writers that bypass routing, as the conversation service’s claim does', async () => {
    const agent = await w.agent();
    const heard = hear(agent);
    const { conversation } = await w.conversation(900, { status: 'queued' });
    await sql`update conversations set status = 'assigned', assignee_id = ${agent}
              where tenant_id = ${w.tenantId} and conversation_id = ${conversation.id}`.execute(w.app);
    await eventually(() => heard.a.length === 1 && heard.b.length === 1, 'the notice');
    expect(heard.b[0]).toMatchObject({
      kind: 'assigned',
      conversationId: conversation.id,
      handoffReason: null,
    });
    heard.stop();
  });
});

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import type { AgentNotice } from '../realtime/agent-notice.ts';
import { createEventBus, type EventBus } from '../realtime/event-bus.ts';
import { runAssignmentPass } from './assignment-loop.ts';
import { type RoutingWorld, routingWorld } from './routing.fixture.ts';
import { markFirstResponse } from './routing.store.ts';
import { saveQueue } from './routing-queue.store.ts';
import { runSlaCheck, type SlaEvent } from './sla-events.ts';

/**
 * SLA events with the test's clock: marks written once per kind whatever the number of checks
 * running at once, and notices to the agent holding the conversation and the supervisors of its
 * queue, on two processes. On PostgreSQL the second process is a second database handle (its own
 * connections and LISTEN); PGlite is one backend, so there it is a second bus on the handle.
 */
let handle: TestDb;
let peer: DatabaseHandle;
let busB: EventBus;
let w: RoutingWorld;
const worlds: RoutingWorld[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  peer = handle.url
    ? await openDatabase({ databaseUrl: handle.url, dataDir: tmpdir(), logger: silentLogger })
    : handle;
  busB = await createEventBus(peer);
});
afterAll(async () => {
  await busB?.close();
  for (const world of worlds) await world.bus.close();
  if (peer && peer !== handle) await peer.close();
  await handle?.destroy();
});

/** 10 minutes to the first response; near-breach from minute 8. Open around the clock. */
const T0 = new Date('2026-11-24T01:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeEach(async () => {
  w = await routingWorld(handle);
  worlds.push(w);
  await saveQueue(w.app, w.tenantId, {
    queueId: 'front-desk',
    names: { 'zh-CN': '前台', en: 'Front desk' },
    mode: 'auto',
    firstResponseSeconds: 600,
    resolutionSeconds: null,
    businessHours: null,
    outOfHoursMessage: null,
  });
});

async function staffUser(roles: string[], queueIds: string[], disabled = false): Promise<string> {
  const userId = randomUUID();
  await handle.db
    .insertInto('users')
    .values({
      tenant_id: w.tenantId,
      user_id: userId,
      login_name: `staff-${userId.slice(0, 8)}`,
      password_hash: '$synthetic$not-a-password',
      roles: JSON.stringify(roles),
      queue_ids: queueIds,
      disabled,
    })
    .execute();
  return userId;
}

async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What one staff member hears, on the checker's bus (A) and on another process's (B). */
function hear(userId: string) {
  const a: AgentNotice[] = [];
  const b: AgentNotice[] = [];
  const stops = [
    w.bus.subscribeAgent(w.tenantId, userId, (n) => a.push(n)),
    busB.subscribeAgent(w.tenantId, userId, (n) => b.push(n)),
  ];
  const sla = (list: AgentNotice[]) =>
    list.flatMap((n) => (n.kind === 'sla' ? [[n.slaKind, n.conversationId, n.dueAt.toISOString()]] : []));
  return {
    a: () => sla(a),
    b: () => sla(b),
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

/** Two checks at the same instant, from two processes when the dialect has them. */
async function checkTwice(now: Date): Promise<SlaEvent[]> {
  const other = peer === handle ? w.app : peer.rowSecured(currentDataScope);
  const [one, two] = await Promise.all([runSlaCheck(w.app, { now }), runSlaCheck(other, { now })]);
  return [...one, ...two].filter((e) => e.tenantId === w.tenantId);
}

async function marks(conversationId: string) {
  const { rows } = await sql<{ near: Date | null; breached: Date | null }>`
    select sla_near_breach_at as near, sla_breached_at as breached from conversations
    where tenant_id = ${w.tenantId} and conversation_id = ${conversationId}`.execute(handle.db);
  return rows[0];
}

describe(`SLA events (${testDialect()})`, () => {
  it('marks near-breach, then breach, once each with two checks at once, and tells the holder and the queue’s supervisors', async () => {
    const agent = await w.agent({ capacity: 1 });
    const supervisor = await staffUser(['supervisor'], ['front-desk']);
    const elsewhere = await staffUser(['supervisor'], ['billing']);
    const disabled = await staffUser(['supervisor'], ['front-desk'], true);
    const colleague = await staffUser(['agent'], ['front-desk']);
    const held = await w.waiting({ now: T0 });
    const waiting = await w.waiting({ now: at(60) });
    await runAssignmentPass(w.app, { now: at(1) });
    const [toAgent, toSupervisor, toElsewhere, toDisabled, toColleague] = [
      hear(agent),
      hear(supervisor),
      hear(elsewhere),
      hear(disabled),
      hear(colleague),
    ] as const;
    const due = (id: string) => (id === held ? at(600) : at(660)).toISOString();

    expect(await checkTwice(at(470))).toEqual([]);
    // 80 % of the held one's 600 s, not yet of the waiting one's (which started a minute later).
    const near = await checkTwice(at(490));
    expect(near).toEqual([
      {
        tenantId: w.tenantId,
        conversationId: held,
        queueId: 'front-desk',
        priority: 0,
        status: 'assigned',
        kind: 'near-breach',
        dueAt: at(600),
        notified: [agent, supervisor].sort((x, y) => (x === agent ? -1 : y === agent ? 1 : 0)),
      },
    ]);
    expect(await checkTwice(at(560))).toMatchObject([
      { conversationId: waiting, kind: 'near-breach', status: 'queued', notified: [supervisor] },
    ]);
    expect(await checkTwice(at(590))).toEqual([]);
    const breached = await checkTwice(at(661));
    expect(breached.map((e) => [e.conversationId, e.kind]).sort()).toEqual(
      [
        [held, 'breached'],
        [waiting, 'breached'],
      ].sort(),
    );
    expect(await checkTwice(at(900))).toEqual([]);
    expect(await marks(held)).toEqual({ near: at(490), breached: at(661) });
    expect(await marks(waiting)).toEqual({ near: at(560), breached: at(661) });

    await eventually(
      () => toSupervisor.a().length === 4 && toSupervisor.b().length === 4 && toAgent.b().length === 2,
      'the notices',
    );
    expect(toAgent.b()).toEqual([
      ['near-breach', held, due(held)],
      ['breached', held, due(held)],
    ]);
    expect(toAgent.a()).toEqual(toAgent.b());
    expect(toSupervisor.b()).toEqual([
      ['near-breach', held, due(held)],
      ['near-breach', waiting, due(waiting)],
      ...[
        ['breached', held, due(held)],
        ['breached', waiting, due(waiting)],
      ].sort((x, y) => (x[2] as string).localeCompare(y[2] as string)),
    ]);
    expect(toSupervisor.a()).toEqual(toSupervisor.b());
    for (const nobody of [toElsewhere, toDisabled, toColleague]) {
      expect(nobody.a()).toEqual([]);
      expect(nobody.b()).toEqual([]);
    }
    for (const h of [toAgent, toSupervisor, toElsewhere, toDisabled, toColleague]) h.stop();
  });

  it('never marks a conversation answered in time, closed, or without a target; one found late is only breached', async () => {
    await staffUser(['supervisor'], ['front-desk']);
    const answered = await w.waiting({ now: T0 });
    await markFirstResponse(w.app, w.tenantId, answered, at(300));
    const closed = await w.waiting({ now: T0 });
    await sql`update conversations set status = 'closed', closed_at = ${at(100).toISOString()}::timestamptz
              where tenant_id = ${w.tenantId} and conversation_id = ${closed}`.execute(handle.db);
    const untracked = await w.waiting({ queueId: 'no-target', now: T0 });
    const late = await w.waiting({ now: T0 });

    // The check did not run inside the near-breach window of `late`: past due, it is a breach only.
    const found = await checkTwice(at(700));
    expect(found.map((e) => [e.conversationId, e.kind])).toEqual([[late, 'breached']]);
    expect(await checkTwice(at(3600))).toEqual([]);
    for (const id of [answered, closed, untracked])
      expect(await marks(id)).toEqual({ near: null, breached: null });
    expect(await marks(late)).toEqual({ near: null, breached: at(700) });
  });

  it('marks nothing when the transaction rolls back, and tells nobody', async () => {
    const supervisor = await staffUser(['supervisor'], ['front-desk']);
    const heard = hear(supervisor);
    const id = await w.waiting({ now: T0 });
    // A check whose notices cannot be sent (an unknown channel name is fine; an invalid one is not)
    // fails as a whole: the mark goes back with it.
    await expect(runSlaCheck(w.app, { now: at(700), channel: '' })).rejects.toThrow();
    expect(await marks(id)).toEqual({ near: null, breached: null });
    expect((await checkTwice(at(701))).map((e) => e.conversationId)).toEqual([id]);
    await eventually(() => heard.b().length === 1, 'the breach');
    expect(heard.b()).toEqual([['breached', id, at(600).toISOString()]]);
    heard.stop();
  });
});

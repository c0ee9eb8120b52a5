import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { PRIORITY } from './assign.ts';
import { runAssignmentPass, startAssignmentLoop, sweepStalePresence } from './assignment-loop.ts';
import { getPresence, touch } from './presence.store.ts';
import { type RoutingWorld, routingState, routingWorld } from './routing.fixture.ts';
import { saveQueue } from './routing-queue.store.ts';

let handle: TestDb;
const worlds: RoutingWorld[] = [];
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  for (const w of worlds) await w.bus.close();
  await handle?.destroy();
});

async function fresh(): Promise<RoutingWorld> {
  const world = await routingWorld(handle);
  worlds.push(world);
  return world;
}

const NOW = new Date('2026-11-24T02:00:00Z');
const pickQueue = {
  queueId: 'billing',
  names: { 'zh-CN': '收费处', en: 'Billing' },
  mode: 'pick' as const,
  firstResponseSeconds: null,
  resolutionSeconds: null,
  businessHours: null,
  outOfHoursMessage: null,
};

/** Each conversation's holder in one tenant, and every agent's count against what they hold. */
async function holders(w: RoutingWorld) {
  const state = await routingState(handle.db, w.tenantId);
  for (const agent of state.agents) expect(agent.active_count).toBe(agent.held);
  return new Map(state.conversations.map((c) => [c.conversation_id, c.assignee_id]));
}

describe(`assignment loop (${testDialect()})`, () => {
  it('assigns what waits in auto queues, in every tenant, and leaves pick queues to be claimed', async () => {
    const a = await fresh();
    const b = await fresh();
    await saveQueue(a.app, a.tenantId, pickQueue);
    const agentA = await a.agent({ queueIds: ['front-desk', 'billing'], capacity: 5 });
    const agentB = await b.agent({ capacity: 1 });
    const auto = [await a.waiting(), await a.waiting({ priority: PRIORITY.emergency })];
    const picked = await a.waiting({ queueId: 'billing' });
    const [first, second] = [await b.waiting(), await b.waiting()];

    const results = await runAssignmentPass(a.app, { now: NOW });
    expect(results).toEqual(
      expect.arrayContaining([
        { tenantId: a.tenantId, assigned: 2 },
        { tenantId: b.tenantId, assigned: 1 },
      ]),
    );
    const inA = await holders(a);
    expect(auto.map((id) => inA.get(id))).toEqual([agentA, agentA]);
    expect(inA.get(picked)).toBeNull();
    const inB = await holders(b);
    // Capacity 1: the one waiting longest goes first, the other keeps waiting.
    expect([inB.get(first), inB.get(second)]).toEqual([agentB, null]);

    // Nothing left that anyone can take: the next pass assigns nothing in these tenants.
    const again = await runAssignmentPass(a.app, { now: NOW });
    expect(again.filter((r) => r.tenantId === a.tenantId || r.tenantId === b.tenantId)).toEqual([
      { tenantId: b.tenantId, assigned: 0 },
    ]);
  });

  it('assigns every conversation exactly once when several passes run at the same time', async () => {
    const w = await fresh();
    const agents = [
      await w.agent({ capacity: 4 }),
      await w.agent({ capacity: 4 }),
      await w.agent({ capacity: 2 }),
    ];
    const waiting: string[] = [];
    for (let i = 0; i < 12; i++) waiting.push(await w.waiting());

    await Promise.all([0, 1, 2].map(() => runAssignmentPass(w.app, { now: NOW })));
    const held = await holders(w);
    const assigned = waiting.filter((id) => held.get(id) !== null);
    expect(assigned).toHaveLength(10);
    const state = await routingState(handle.db, w.tenantId);
    for (const agent of state.agents) expect(agent.held).toBe(agent.capacity);
    expect(new Set(assigned.map((id) => held.get(id)))).toEqual(new Set(agents));
  });

  it.runIf(testDialect() === 'postgres')(
    'skips a tenant whose advisory lock another process holds, and takes it up once released',
    async () => {
      const w = await fresh();
      await w.agent();
      const id = await w.waiting();
      // Another process's pass over this tenant, stood in for by a session holding its lock.
      await handle.db.connection().execute(async (other) => {
        await sql`select pg_advisory_lock(${0x0c57_0201}::int, hashtext(${w.tenantId}))`.execute(other);
        try {
          const results = await runAssignmentPass(w.app, { now: NOW });
          expect(results.find((r) => r.tenantId === w.tenantId)).toBeUndefined();
          expect((await holders(w)).get(id)).toBeNull();
        } finally {
          await sql`select pg_advisory_unlock(${0x0c57_0201}::int, hashtext(${w.tenantId}))`.execute(other);
        }
      });
      const results = await runAssignmentPass(w.app, { now: NOW });
      expect(results.find((r) => r.tenantId === w.tenantId)).toEqual({ tenantId: w.tenantId, assigned: 1 });
    },
  );

  it('takes agents without a recent heartbeat offline and gives their conversations to others', async () => {
    const w = await fresh();
    const silent = await w.agent({ capacity: 2 });
    const present = await w.agent({ capacity: 2, status: 'away' });
    const stillOnline = await w.agent({ capacity: 0 });
    const convs = [await w.waiting(), await w.waiting()];
    await runAssignmentPass(w.app, { now: NOW });
    expect([...(await holders(w)).values()]).toEqual([silent, silent]);

    const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 1, minute));
    await touch(w.app, w.tenantId, silent, at(0));
    await touch(w.app, w.tenantId, present, at(6));
    await touch(w.app, w.tenantId, stillOnline, at(5));
    // Five minutes of silence allowed at 01:10: 01:05 exactly is not older than the cutoff.
    const swept = await sweepStalePresence(w.app, { staleAfterMs: 5 * 60_000, now: at(10) });
    const mine = swept.filter((s) => s.tenantId === w.tenantId);
    expect(mine).toEqual([{ tenantId: w.tenantId, userId: silent, requeued: [...convs].sort() }]);
    expect((await getPresence(w.app, w.tenantId, silent))?.status).toBe('offline');
    expect((await getPresence(w.app, w.tenantId, present))?.status).toBe('away');
    expect((await getPresence(w.app, w.tenantId, stillOnline))?.status).toBe('online');

    const held = await holders(w);
    expect(convs.map((id) => held.get(id))).toEqual([null, null]);
    const back = await w.agent({ capacity: 2 });
    await runAssignmentPass(w.app, { now: NOW });
    const after = await holders(w);
    expect(convs.map((id) => after.get(id))).toEqual([back, back]);
    // A second sweep finds nobody new: the offline agent is not swept again.
    const again = await sweepStalePresence(w.app, { staleAfterMs: 5 * 60_000, now: at(10) });
    expect(again.filter((s) => s.tenantId === w.tenantId)).toEqual([]);
  });

  it('runs a pass as it starts, and stop() waits for the pass under way', async () => {
    const w = await fresh();
    const agent = await w.agent();
    const id = await w.waiting();
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: unknown) => errors.push(obj), debug: () => {} };
    const loop = startAssignmentLoop({
      db: w.app,
      intervalMs: 60_000,
      logger: logger as unknown as typeof silentLogger,
      now: () => NOW,
    });
    await loop.stop();
    expect((await holders(w)).get(id)).toBe(agent);
    expect(errors).toEqual([]);
    // Stopped twice is still stopped.
    await loop.stop();
  });

  it('sweeps before each pass when told how long a heartbeat lasts', async () => {
    const w = await fresh();
    const silent = await w.agent({ capacity: 1 });
    await touch(w.app, w.tenantId, silent, new Date('2026-11-24T01:00:00Z'));
    const loop = startAssignmentLoop({
      db: w.app,
      intervalMs: 60_000,
      logger: silentLogger,
      staleAfterMs: 60_000,
      now: () => NOW,
    });
    await loop.stop();
    expect((await getPresence(w.app, w.tenantId, silent))?.status).toBe('offline');
  });
});

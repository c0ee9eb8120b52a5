import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { PlannedAssignment } from './assign.ts';
import { goOffline } from './presence.store.ts';
import { type RoutingWorld, routingState, routingWorld } from './routing.fixture.ts';
import { assignAll, assignNext } from './routing.store.ts';

/**
 * Assignment under contention (DESIGN §5, §8). On PostgreSQL: 3 Custos processes, 6 loops each,
 * assign 50 conversations at once. PGlite is one process's embedded database with a single
 * connection, so there the same 18 loops run in this process over Promise.all.
 */
const WORKER = fileURLToPath(new URL('./assign-worker.fixture.ts', import.meta.url));
const PROCESSES = 3;
const LOOPS = 6;
const CONVERSATIONS = 50;

let handle: TestDb;
let world: RoutingWorld;
beforeAll(async () => {
  handle = await createTestDb();
  world = await routingWorld(handle);
});
afterAll(async () => {
  await world?.bus.close();
  await handle?.destroy();
});

function startWorker(): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, handle.url as string, world.tenantId, String(LOOPS)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
}

/** Runs the workers to the end; the assignments they printed. */
async function runWorkers(): Promise<PlannedAssignment[]> {
  const children = Array.from({ length: PROCESSES }, startWorker);
  const outputs = children.map((child) => {
    const out = { stdout: '', stderr: '' };
    child.stdout?.on('data', (chunk: Buffer) => {
      out.stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out.stderr += chunk.toString();
    });
    return out;
  });
  await expect
    .poll(() => outputs.every((o) => o.stdout.startsWith('ready\n')), { timeout: 60_000, interval: 20 })
    .toBe(true);
  for (const child of children) child.stdin?.end('go\n');
  const codes = await Promise.all(children.map(async (child) => (await once(child, 'close'))[0]));
  expect({ codes, stderr: outputs.map((o) => o.stderr) }).toEqual({
    codes: children.map(() => 0),
    stderr: children.map(() => ''),
  });
  const perProcess = outputs.map((o) =>
    o.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as PlannedAssignment),
  );
  // They really ran side by side: more than one process got work.
  expect(perProcess.filter((made) => made.length > 0).length).toBeGreaterThan(1);
  return perProcess.flat();
}

async function runInProcess(): Promise<PlannedAssignment[]> {
  const made: PlannedAssignment[] = [];
  await Promise.all(
    Array.from({ length: PROCESSES * LOOPS }, async () => {
      for (;;) {
        const next = await assignNext(world.app, { tenantId: world.tenantId, now: new Date() });
        if (!next) return;
        made.push(next);
      }
    }),
  );
  return made;
}

const how = testDialect() === 'postgres' ? `${PROCESSES} processes` : 'one process, Promise.all';

describe(`assignment under contention (${testDialect()}: ${how})`, () => {
  it(`assigns ${CONVERSATIONS} conversations exactly once each, with no agent over capacity`, async () => {
    // 12 agents, capacities 3..7 summing to 60 ≥ 50.
    const capacities = [3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 5, 5];
    const agents: string[] = [];
    for (const capacity of capacities) agents.push(await world.agent({ capacity }));
    const conversations: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) conversations.push(await world.waiting());

    const made = testDialect() === 'postgres' && handle.url ? await runWorkers() : await runInProcess();

    expect(made.map((m) => m.conversationId).sort()).toEqual([...conversations].sort());
    const state = await routingState(handle.db, world.tenantId);
    const ours = state.conversations.filter((c) => conversations.includes(c.conversation_id));
    expect(ours.filter((c) => c.status !== 'assigned' || c.assignee_id === null)).toEqual([]);
    // What the database says is what the workers reported, conversation by conversation.
    const reported = new Map(made.map((m) => [m.conversationId, m.userId]));
    for (const c of ours) expect(c.assignee_id).toBe(reported.get(c.conversation_id));
    expect(state.agents).toHaveLength(agents.length);
    for (const agent of state.agents) {
      expect(agent.active_count).toBe(agent.held);
      expect(agent.active_count).toBeLessThanOrEqual(agent.capacity);
    }
    // Least relative load: 50 of 60 seats, so nobody is left far behind.
    for (const agent of state.agents) expect(agent.held).toBeGreaterThanOrEqual(agent.capacity - 2);
  }, 120_000);

  it('gives the conversations of an agent who goes offline to the others, keeping their place', async () => {
    const state = await routingState(handle.db, world.tenantId);
    const leaving = state.agents.reduce((a, b) => (b.held > a.held ? b : a));
    const before = new Map(state.conversations.map((c) => [c.conversation_id, c.queued_at]));

    const requeued = await goOffline(world.app, world.tenantId, leaving.user_id);
    expect(requeued).toHaveLength(leaving.held);
    const between = await routingState(handle.db, world.tenantId);
    for (const id of requeued) {
      const c = between.conversations.find((x) => x.conversation_id === id);
      expect(c).toMatchObject({ status: 'queued', assignee_id: null, queued_at: before.get(id) });
    }
    expect(between.agents.find((a) => a.user_id === leaving.user_id)).toMatchObject({
      active_count: 0,
      held: 0,
    });

    // 10 seats were free before; the leaver's conversations fit in them.
    const reassigned = await assignAll(world.app, { tenantId: world.tenantId, now: new Date() });
    expect(reassigned.map((r) => r.conversationId).sort()).toEqual([...requeued].sort());
    expect(reassigned.filter((r) => r.userId === leaving.user_id)).toEqual([]);
    const after = await routingState(handle.db, world.tenantId);
    expect(after.conversations.filter((c) => c.status !== 'assigned')).toEqual([]);
    for (const agent of after.agents) {
      expect(agent.active_count).toBe(agent.held);
      expect(agent.active_count).toBeLessThanOrEqual(agent.capacity);
    }
  });
});

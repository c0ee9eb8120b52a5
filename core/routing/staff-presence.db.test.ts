import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Actor } from '../context/request-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { runAssignmentPass, STALE_PRESENCE_MS, startAssignmentLoop } from './assignment-loop.ts';
import { getPresence } from './presence.store.ts';
import { type RoutingWorld, routingState, routingWorld } from './routing.fixture.ts';
import { createRoutingService } from './routing.service.ts';
import { createStaffPresence, DISCONNECT_GRACE_MS, type StaffPresence } from './staff-presence.ts';

/**
 * Presence kept by staff sockets, with a clock and timers the test moves: `advance(ms)` moves the
 * clock and runs every timer due by then, as the event loop would.
 */
let handle: TestDb;
let w: RoutingWorld;
const worlds: RoutingWorld[] = [];
const opened: StaffPresence[] = [];

beforeAll(async () => {
  handle = await createTestDb();
});
beforeEach(async () => {
  w = await routingWorld(handle);
  worlds.push(w);
});
afterAll(async () => {
  for (const presence of opened) await presence.close();
  for (const world of worlds) await world.bus.close();
  await handle?.destroy();
});

const START = Date.parse('2026-11-24T02:00:00Z');
const GRACE = 30_000;
const REFRESH = 15_000;

interface Timer {
  due: number;
  ms: number;
  run: () => void;
  cancelled: boolean;
}

function manualTime() {
  let now = START;
  const timers: Timer[] = [];
  return {
    now: () => new Date(now),
    schedule(run: () => void, ms: number) {
      const timer = { due: now + ms, ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    /** Timers still to run, by their delay. */
    pending: (ms: number) => timers.filter((t) => !t.cancelled && t.ms === ms).length,
    advance(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.due <= now).sort((a, b) => a.due - b.due)[0];
        if (!due) return;
        due.cancelled = true;
        due.run();
      }
    },
  };
}

/** One process's staff presence on the test world, with the world's clock. */
function process(time: ReturnType<typeof manualTime>) {
  const presence = createStaffPresence({
    db: w.app,
    routing: createRoutingService({ db: w.app, now: time.now }),
    tenantOf: async (id) => ({ id, vertical: 'medical' }),
    logger: silentLogger,
    graceMs: GRACE,
    refreshMs: REFRESH,
    now: time.now,
    schedule: time.schedule,
  });
  opened.push(presence);
  return presence;
}

const staffActor = (userId: string, roles = ['agent']): Actor =>
  ({
    kind: 'staff',
    id: userId,
    role: roles[0],
    tenantId: w.tenantId,
    roles,
    queueIds: ['front-desk'],
    mfa: true,
  }) as Actor;

const seen = async (userId: string) => (await getPresence(w.app, w.tenantId, userId))?.lastSeenAt.getTime();
const status = async (userId: string) => (await getPresence(w.app, w.tenantId, userId))?.status;
const at = (ms: number) => START + ms;

async function holder(conversationId: string) {
  const state = await routingState(handle.db, w.tenantId);
  const conversation = state.conversations.find((c) => c.conversation_id === conversationId);
  return {
    status: conversation?.status,
    assignee: conversation?.assignee_id,
    queuedAt: conversation?.queued_at,
  };
}

describe(`presence kept by staff sockets (${testDialect()})`, () => {
  it('refreshes an agent when their socket connects, on pings at most every 5 s, and on every heartbeat', async () => {
    const time = manualTime();
    const presence = process(time);
    const agent = await w.agent();
    const away = await w.agent({ status: 'away' });
    const gone = await w.agent();
    const sockets = [agent, away, gone].map((id) => presence.attach(staffActor(id)));
    await presence.idle();
    for (const id of [agent, away, gone]) expect(await seen(id)).toBe(at(0));
    // Connecting changes nobody's status: the agent chooses online or away.
    expect(await status(away)).toBe('away');

    time.advance(4_000);
    sockets[0]?.heartbeat();
    await presence.idle();
    expect(await seen(agent)).toBe(at(0));
    time.advance(1_000);
    sockets[0]?.heartbeat();
    await presence.idle();
    expect(await seen(agent)).toBe(at(5_000));

    // The heartbeat refreshes everyone still connected here, and nobody who left.
    sockets[2]?.detach();
    time.advance(REFRESH - 5_000);
    await presence.idle();
    expect([await seen(agent), await seen(away), await seen(gone)]).toEqual([
      at(REFRESH),
      at(REFRESH),
      at(0),
    ]);
    time.advance(REFRESH);
    await presence.idle();
    expect(await seen(agent)).toBe(at(2 * REFRESH));
  });

  it('keeps an agent who reconnects within the grace, with their conversations', async () => {
    const time = manualTime();
    const presence = process(time);
    const agent = await w.agent();
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: time.now() });
    presence.attach(staffActor(agent))?.detach();
    expect(time.pending(GRACE)).toBe(1);
    time.advance(GRACE - 1);
    presence.attach(staffActor(agent));
    expect(time.pending(GRACE)).toBe(0);
    time.advance(10 * GRACE);
    await presence.idle();
    expect(await status(agent)).toBe('online');
    expect(await holder(id)).toMatchObject({ status: 'assigned', assignee: agent });
  });

  it('takes an agent offline after the grace, their conversations back to the queue in their place, for others', async () => {
    const time = manualTime();
    const presence = process(time);
    const leaving = await w.agent({ capacity: 2 });
    const first = await w.waiting();
    const second = await w.waiting();
    await runAssignmentPass(w.app, { now: time.now() });
    const before = await holder(first);
    expect(before.assignee).toBe(leaving);
    // Two sockets (two tabs): only the last one closing starts the grace.
    const [one, two] = [presence.attach(staffActor(leaving)), presence.attach(staffActor(leaving))];
    one?.detach();
    expect(time.pending(GRACE)).toBe(0);
    two?.detach();
    time.advance(GRACE - 1);
    await presence.idle();
    expect(await status(leaving)).toBe('online');
    time.advance(1);
    await presence.idle();
    expect(await status(leaving)).toBe('offline');
    expect(await holder(first)).toEqual({ status: 'queued', assignee: null, queuedAt: before.queuedAt });
    expect((await holder(second)).status).toBe('queued');

    const taking = await w.agent({ capacity: 2 });
    await runAssignmentPass(w.app, { now: time.now() });
    expect([(await holder(first)).assignee, (await holder(second)).assignee]).toEqual([taking, taking]);
  });

  it('leaves an agent whose socket on another process still beats', async () => {
    const time = manualTime();
    const [here, there] = [process(time), process(time)];
    const agent = await w.agent();
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: time.now() });
    const socket = here.attach(staffActor(agent));
    time.advance(1_000);
    there.attach(staffActor(agent));
    time.advance(1_000);
    socket?.detach();
    // Within the grace, the other process's heartbeat touches the agent after the close.
    time.advance(REFRESH);
    await Promise.all([here.idle(), there.idle()]);
    time.advance(GRACE - REFRESH);
    await Promise.all([here.idle(), there.idle()]);
    expect(await seen(agent)).toBeGreaterThan(at(2_000));
    expect(await status(agent)).toBe('online');
    expect(await holder(id)).toMatchObject({ status: 'assigned', assignee: agent });
  });

  it('sets presence through the routing service, under its rules', async () => {
    const time = manualTime();
    const presence = process(time);
    const agent = await w.agent({ capacity: 3 });
    const socket = presence.attach(staffActor(agent));
    expect(await socket?.set({ status: 'away' })).toMatchObject({
      userId: agent,
      status: 'away',
      capacity: 3,
    });
    expect(await status(agent)).toBe('away');
    // An agent does not raise their own capacity, over the socket as over HTTP.
    const refused = await socket?.set({ status: 'online', capacity: 10 }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe('forbidden');
    expect(await getPresence(w.app, w.tenantId, agent)).toMatchObject({ status: 'away', capacity: 3 });
  });

  it('keeps no presence for contacts or for staff who work no queue', async () => {
    const time = manualTime();
    const presence = process(time);
    const auditor = await w.agent();
    const before = await seen(auditor);
    const contact = { kind: 'contact', id: auditor, tenantId: w.tenantId, roles: ['contact'] } as Actor;
    expect(presence.attach(contact)).toBeUndefined();
    expect(presence.attach(staffActor(auditor, ['auditor']))).toBeUndefined();
    expect(presence.attach({ kind: 'anonymous', id: 'anonymous' })).toBeUndefined();
    time.advance(10 * GRACE);
    await presence.idle();
    expect(await seen(auditor)).toBe(before);
    expect(await status(auditor)).toBe('online');
  });

  it('on shutdown ends the heartbeat and every grace: clients reconnect elsewhere, the stale sweep does the rest', async () => {
    const time = manualTime();
    const presence = process(time);
    const agent = await w.agent();
    presence.attach(staffActor(agent))?.detach();
    await presence.close();
    time.advance(10 * GRACE);
    await presence.idle();
    expect(await status(agent)).toBe('online');
    expect(presence.attach(staffActor(agent))).toBeUndefined();
  });

  it('runs the stale sweep above the heartbeat and the longest grace, and it takes offline agents whose process died', async () => {
    // The configuration allows a grace of 60 s at most (core/config).
    expect(STALE_PRESENCE_MS).toBeGreaterThan(60_000 + 20_000);
    expect(DISCONNECT_GRACE_MS).toBeLessThan(STALE_PRESENCE_MS);
    const time = manualTime();
    const dying = process(time);
    const died = await w.agent();
    const id = await w.waiting();
    await runAssignmentPass(w.app, { now: time.now() });
    dying.attach(staffActor(died));
    await dying.idle();
    expect((await holder(id)).assignee).toBe(died);
    // Its process stops without closing the socket (close() starts no grace, as a crash would not).
    await dying.close();
    const connected = await w.agent();
    const alive = process(time);
    alive.attach(staffActor(connected));
    for (let t = 0; t <= STALE_PRESENCE_MS; t += REFRESH) {
      time.advance(REFRESH);
      await alive.idle();
    }
    const loop = startAssignmentLoop({
      db: w.app,
      intervalMs: 60_000,
      logger: silentLogger,
      staleAfterMs: STALE_PRESENCE_MS,
      now: time.now,
    });
    await loop.stop();
    expect(await status(died)).toBe('offline');
    expect(await status(connected)).toBe('online');
    expect(await holder(id)).toMatchObject({ status: 'assigned', assignee: connected });
  });
});

import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type ConversationWorld, conversationWorld } from '../conversations/conversation.fixture.ts';
import type { Message } from '../conversations/conversation.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { LISTEN_APPLICATION_NAME } from './database-listener.ts';
import { type ConversationEvent, createEventBus, type EventBus } from './event-bus.ts';

/**
 * Two Custos processes on one database: process A writes through its store and bus; process B
 * has a bus of its own. On PostgreSQL, B is a second database handle (its own pools and LISTEN
 * connection, as another process would have); PGlite is one embedded backend in one process,
 * so there B is a second bus on the same handle.
 */
let handle: TestDb;
let peer: DatabaseHandle;
let world: ConversationWorld;
let busB: EventBus;
beforeAll(async () => {
  handle = await createTestDb();
  peer = handle.url
    ? await openDatabase({ databaseUrl: handle.url, dataDir: tmpdir(), logger: silentLogger })
    : handle;
  world = await conversationWorld(handle);
  busB = await createEventBus(peer);
});
afterAll(async () => {
  await busB?.close();
  await world?.bus.close();
  if (peer && peer !== handle) await peer.close();
  await handle?.destroy();
});

async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function collect(bus: EventBus, conversationId: string) {
  const got: { event: ConversationEvent; messages?: readonly Message[] }[] = [];
  const stop = bus.subscribe(conversationId, (event, messages) => got.push({ event, messages }));
  return { got, stop, seqs: () => got.filter((g) => g.event.kind === 'message').map((g) => g.event.seq) };
}

const says = (body: string) => ({ authorKind: 'contact' as const, body });

/**
 * A subscriber as docs/conversations.md §4 describes one: it shows messages in seq order, takes
 * them from the event when they follow what it has, and reads `store.after(lastSeen)` otherwise.
 */
function follow(bus: EventBus, conversationId: string) {
  const state = {
    events: [] as { event: ConversationEvent; messages?: readonly Message[] }[],
    seqs: [] as number[],
    shown: [] as Message[],
    reads: 0,
    stop: () => {},
  };
  let chain = Promise.resolve();
  state.stop = bus.subscribe(conversationId, (event, messages) => {
    state.events.push({ event, messages });
    if (event.kind !== 'message') return;
    state.seqs.push(event.seq!);
    chain = chain.then(async () => {
      const lastSeen = state.shown.at(-1)?.seq ?? 0;
      if (event.seq! <= lastSeen) return;
      let next = messages;
      if (next?.[0]?.seq !== lastSeen + 1) {
        state.reads++;
        next = await world.store.after(world.tenantId, conversationId, lastSeen);
      }
      for (const m of next) if (m.seq === (state.shown.at(-1)?.seq ?? 0) + 1) state.shown.push(m);
    });
  });
  return state;
}

describe(`event bus (${testDialect()})`, () => {
  it('delivers appends made through process A to a subscriber of process B, in seq order', async () => {
    const { conversation } = await world.conversation(1);
    const remote = follow(busB, conversation.id);
    const local = follow(world.bus, conversation.id);
    for (let i = 1; i <= 5; i++) await world.store.append(world.tenantId, conversation.id, says(`消息${i}`));
    await eventually(() => remote.seqs.length === 5, 'five notifications');
    // One write after the other: every one announced, in order, ids only.
    expect(remote.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(remote.events.every((e) => e.messages === undefined && e.event.authorKind === 'contact')).toBe(
      true,
    );
    expect(remote.events[0]?.event).toEqual({
      tenantId: world.tenantId,
      conversationId: conversation.id,
      kind: 'message',
      seq: 1,
      authorKind: 'contact',
    });
    // This process's own subscriber needed no read: each event carried its opened message.
    expect(local.shown.map((m) => m.body)).toEqual(['消息1', '消息2', '消息3', '消息4', '消息5']);
    expect(local.reads).toBe(0);
    // Concurrent writes: announcements only ever move forward, and a subscriber following the
    // contract (docs/conversations.md §4) shows every message once, in order.
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        world.store.append(world.tenantId, conversation.id, says(`并发${i}`)),
      ),
    );
    for (const side of [remote, local]) {
      await eventually(() => side.shown.length === 20, 'all twenty messages shown');
      expect(side.seqs.at(-1)).toBe(20);
      expect(side.seqs).toEqual([...side.seqs].sort((a, b) => a - b));
      expect(new Set(side.seqs).size).toBe(side.seqs.length);
      expect(side.shown.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    // B's marker reaches A after A's own echoes (one queue, in order): they were all ignored.
    await busB.publishNow({ ...ids(conversation.id), kind: 'typing', authorKind: 'staff', on: true });
    await eventually(() => local.events.some((e) => e.event.kind === 'typing'), "B's marker");
    // A's own subscriber had each announced message at once, opened, and never again from the echo.
    const own = local.events.filter((e) => e.event.kind === 'message');
    expect(own.every((e) => e.messages?.at(-1)?.seq === e.event.seq)).toBe(true);
    expect(own[0]?.messages?.[0]?.body).toBe('消息1');
    remote.stop();
    local.stop();
  });

  it('notifies nobody of a write that rolled back', async () => {
    const { conversation } = await world.conversation(2);
    const remote = collect(busB, conversation.id);
    const local = collect(world.bus, conversation.id);
    const refused = world.store.appendRecorded(
      world.tenantId,
      conversation.id,
      says('不该送达'),
      async () => {
        throw new Error('the audit log is unavailable');
      },
    );
    await expect(refused).rejects.toThrow(/audit log is unavailable/);
    await expect(
      world.app.transaction().execute(async (trx) => {
        await world.bus.notifyInTransaction(trx, { ...ids(conversation.id), kind: 'message', seq: 77 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow(/rolled back/);
    // A write that commits afterwards: once B has it, B would have had anything sent before it.
    await world.store.append(world.tenantId, conversation.id, says('这条送达'));
    await eventually(() => remote.got.length > 0, 'the committed write');
    expect(remote.seqs()).toEqual([1]);
    expect(local.seqs()).toEqual([1]);
    remote.stop();
    local.stop();
  });

  it('publishes typing to other processes without storing it, and reports status changes', async () => {
    const { conversation } = await world.conversation(3);
    const remote = collect(busB, conversation.id);
    await world.bus.publishNow({ ...ids(conversation.id), kind: 'typing', authorKind: 'staff', on: true });
    await world.store.update(world.tenantId, conversation.id, { status: 'queued', queueId: 'front-desk' });
    await eventually(() => remote.got.length === 2, 'typing and status');
    expect(remote.got.map((g) => g.event)).toEqual([
      { ...ids(conversation.id), kind: 'typing', authorKind: 'staff', on: true },
      { ...ids(conversation.id), kind: 'status' },
    ]);
    expect(await world.store.after(world.tenantId, conversation.id, 0)).toEqual([]);
    remote.stop();
  });

  it.skipIf(testDialect() === 'pglite')(
    'reconnects a LISTEN connection that was killed, and tells subscribers to resynchronise',
    // PGlite is one embedded backend in this process: there is no LISTEN connection to lose.
    async () => {
      const { conversation } = await world.conversation(4);
      const remote = collect(busB, conversation.id);
      let resyncs = 0;
      const stop = busB.onResync(() => resyncs++);
      const { rows } = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where datname = current_database() and application_name = ${LISTEN_APPLICATION_NAME}`.execute(
        handle.db,
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      await eventually(() => resyncs === 1, 'resync');
      await world.store.append(world.tenantId, conversation.id, says('重连之后'));
      await eventually(() => remote.got.length === 1, 'a notification after reconnecting');
      expect(remote.seqs()).toEqual([1]);
      stop();
      remote.stop();
    },
  );
});

const ids = (conversationId: string) => ({ tenantId: world.tenantId, conversationId });

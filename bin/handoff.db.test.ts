import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Config,
  currentDataScope,
  type DatabaseHandle,
  openDatabase,
  runAssignmentPass,
  startServer,
  type Tenant,
} from '../core/index.ts';
import { ChatClient, type ChatMessage, type Frame } from '../testing/chat-client.ts';
import { testConfig } from '../testing/test-app.ts';
import { createTestDb, silentLogger, type TestDb, testDialect } from '../testing/test-db.ts';
import { testPack } from '../testing/test-pack.ts';
import { packs } from './packs.ts';
import { createHttpApp, createSocketsFor, type Runtime, wireRuntime } from './runtime.ts';

/**
 * The hand-off, end to end over real sockets on two Custos processes sharing one database: a
 * contact on process 1 asks for a person; the assignment gives the conversation to agent A (on
 * process 1), whose socket is told; A reads the bot's summary and replies; A's socket closes, and
 * once the grace is over the conversation goes back to its queue and on to agent B, on process 2.
 * Process 1's timers are the test's: the grace ends when the test says. On PostgreSQL process 2
 * has its own connections and LISTEN; PGlite is one embedded backend, so there both share it.
 */

const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;
const GRACE = 30_000;
const PASSWORD = 'synthetic-password-0001';

interface Process {
  readonly url: string;
  readonly wsUrl: string;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

/** Timers of process 1's staff presence, run when the test fires them. */
const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
const schedule = (run: () => void, ms: number) => {
  const timer = { ms, run, cancelled: false };
  timers.push(timer);
  return () => {
    timer.cancelled = true;
  };
};
const pendingGraces = () => timers.filter((t) => t.ms === GRACE && !t.cancelled);

async function startProcess(
  config: Config,
  database: DatabaseHandle,
  presence: NonNullable<Parameters<typeof createSocketsFor>[2]>['presence'] = {},
): Promise<Process> {
  const runtime = wireRuntime(config, silentLogger, database, { packs: [...packs, testPack] });
  await runtime.bus.ready;
  const upgrades = createSocketsFor(runtime, [], { presence });
  const server = await startServer({
    fetch: createHttpApp(runtime).fetch,
    host: '127.0.0.1',
    port: 0,
    shutdownTimeoutMs: 2000,
    logger: runtime.logger,
    upgrades,
  });
  return {
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/api/v1/socket`,
    runtime,
    async close() {
      await server.close();
      await runtime.chat.assistant.idle();
      await runtime.bus.close();
    },
  };
}

let db: TestDb;
let second: DatabaseHandle;
let one: Process;
let two: Process;
let tenant: Tenant;

beforeAll(async () => {
  db = await createTestDb();
  second = db.url ? await openDatabase({ databaseUrl: db.url, dataDir: tmpdir(), logger: silentLogger }) : db;
  // Both processes share the deployment's secrets, as two `custos serve` would.
  const config = testConfig({ CUSTOS_RATE_LIMIT: '0' });
  one = await startProcess(config, db, { graceMs: GRACE, schedule });
  two = await startProcess(config, second);
  tenant = await one.runtime.tenants.create(SEEDER, testPack.demoTenant);
  await one.runtime.chat.seedTenant(tenant);
}, 120_000);
afterAll(async () => {
  await one?.close();
  await two?.close();
  if (second && second !== db) await second.close();
  await db?.destroy();
});

async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A staff account of the test clinic working its hand-off queue, signed in for a real token. */
async function agentAccount(login: string) {
  const { user } = await one.runtime.identity.users.create(SEEDER, {
    tenantSlug: tenant.slug,
    loginName: login,
    roles: ['agent'],
    queueIds: ['front-desk'],
    password: PASSWORD,
  });
  const response = await fetch(`${one.url}/api/v1/tenants/${tenant.slug}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: login, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { userId: user.id, token: accessToken };
}

/** A staff socket on `process`, authenticated; `presence` sets the agent's status as it connects. */
async function staffSocket(process: Process, token: string, presence?: { status: string }) {
  const client = await ChatClient.connect(process.wsUrl);
  client.send({ type: 'hello', token, ...(presence ? { presence } : {}) });
  await client.next((f) => f.type === 'welcome');
  if (presence) expect(await client.next((f) => f.type === 'presence')).toMatchObject(presence);
  return client;
}

async function contactSocket(process: Process) {
  const response = await fetch(`${process.url}/api/v1/tenants/${tenant.slug}/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'zh-CN' }),
  });
  expect(response.status).toBe(201);
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const client = await ChatClient.connect(process.wsUrl);
  client.send({ type: 'hello', token });
  await client.next((f) => f.type === 'subscribed');
  await client.next((f) => f.type === 'message');
  return { client, conversationId };
}

const isInternal = (m: ChatMessage) => (m as ChatMessage & { internal?: boolean }).internal === true;
const assignedFrame = (conversationId: string) => (f: Frame) =>
  f.type === 'assigned' && f.conversationId === conversationId;

async function conversationRow(conversationId: string) {
  const { rows } = await sql<{ status: string; assignee_id: string | null; queued_at: Date | null }>`
    select status, assignee_id, queued_at from conversations
    where tenant_id = ${tenant.id} and conversation_id = ${conversationId}`.execute(db.db);
  return rows[0];
}

const assignNow = () =>
  runAssignmentPass(one.runtime.database.rowSecured(currentDataScope), { now: new Date() });

describe(`hand-off to a person over the sockets of two processes (${testDialect()})`, () => {
  it('contact asks for a person → A gets it with the summary → replies; A leaves → requeued → B takes it', async () => {
    // The assignment breaks a tie by user id: A is the agent it picks first.
    const [a, b] = [await agentAccount('agent-handoff-1'), await agentAccount('agent-handoff-2')].sort(
      (x, y) => x.userId.localeCompare(y.userId),
    );
    if (!a || !b) throw new Error('two agents expected');
    const agentA = await staffSocket(one, a.token, { status: 'online' });
    const agentB = await staffSocket(two, b.token, { status: 'online' });

    const contact = await contactSocket(one);
    const [reply] = await contact.client.say('转人工', 'c1');
    expect(reply?.kind).toBe('handoff');
    await contact.client.next((f) => f.type === 'status' && f.status === 'queued');
    await one.runtime.chat.assistant.idle();
    const { conversationId } = contact;
    const queuedAt = (await conversationRow(conversationId))?.queued_at;

    // The assignment loop's pass gives it to A, whose socket is told: ids and codes, nothing else.
    await assignNow();
    const assigned = await agentA.next(assignedFrame(conversationId));
    expect(assigned).toEqual({
      type: 'assigned',
      conversationId,
      queueId: 'front-desk',
      priority: 0,
      handoffReason: 'requested',
    });
    expect(agentB.frames.some(assignedFrame(conversationId))).toBe(false);

    // A opens the conversation (one audited read) and finds the bot's internal summary.
    agentA.send({ type: 'subscribe', conversationId });
    await agentA.next((f) => f.type === 'subscribed' && f.conversationId === conversationId);
    const summary = await agentA.next((f) => f.type === 'message' && isInternal(f.message as ChatMessage));
    expect((summary.message as ChatMessage).text).toMatch(
      /^Handed over \(requested\)\. Last intent: human\./,
    );

    // A replies; the contact sees it.
    agentA.send({
      type: 'send',
      conversationId,
      clientMessageId: 'a1',
      text: '您好，我是客服小A，请问有什么可以帮您？',
    });
    await agentA.next((f) => f.type === 'ack' && f.clientMessageId === 'a1');
    const fromA = await contact.client.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).text.startsWith('您好，我是客服小A'),
    );
    expect((fromA.message as ChatMessage).authorKind).toBe('staff');

    // A's socket closes. Until the grace is over A keeps the conversation; then it is requeued,
    // in its place in the line.
    await agentA.close();
    await until(async () => (pendingGraces().length === 1 ? true : undefined), 'the grace to start');
    expect(await conversationRow(conversationId)).toMatchObject({
      status: 'assigned',
      assignee_id: a.userId,
    });
    const grace = pendingGraces()[0];
    if (!grace) throw new Error('no grace period');
    grace.cancelled = true;
    grace.run();
    await until(async () => {
      const row = await conversationRow(conversationId);
      return row?.status === 'queued' ? row : undefined;
    }, 'the requeue');
    expect(await conversationRow(conversationId)).toEqual({
      status: 'queued',
      assignee_id: null,
      queued_at: queuedAt,
    });
    const presenceA = await sql<{ status: string }>`
      select status from agent_presence where tenant_id = ${tenant.id} and user_id = ${a.userId}`.execute(
      db.db,
    );
    expect(presenceA.rows[0]?.status).toBe('offline');

    // The next pass gives it to B, on the other process.
    await assignNow();
    expect(await agentB.next(assignedFrame(conversationId))).toMatchObject({ handoffReason: 'requested' });
    agentB.send({ type: 'subscribe', conversationId });
    await agentB.next((f) => f.type === 'subscribed' && f.conversationId === conversationId);
    await agentB.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).text.startsWith('您好，我是客服小A'),
    );
    agentB.send({
      type: 'send',
      conversationId,
      clientMessageId: 'b1',
      text: '您好，我是客服小B，接着为您服务。',
    });
    const fromB = await contact.client.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).text.startsWith('您好，我是客服小B'),
    );
    expect((fromB.message as ChatMessage).authorKind).toBe('staff');

    // The contact never saw the internal summary.
    expect(contact.client.messages().some(isInternal)).toBe(false);
    expect(contact.client.messages().some((m) => m.text.startsWith('Handed over'))).toBe(false);

    // Each agent's read of the conversation, and each reply, is in the audit log under their id.
    await one.runtime.audit.sequenceNow();
    const { rows: audited } = await sql<{ actor_id: string; action: string; resource_type: string }>`
      select actor_id, action, resource_type from audit_events
      where tenant_id = ${tenant.id} and actor_id in (${a.userId}, ${b.userId})
        and resource_type in ('Conversation', 'Message')
      order by seq`.execute(db.db);
    const events = (userId: string) =>
      audited.filter((e) => e.actor_id === userId).map((e) => `${e.action} ${e.resource_type}`);
    expect(events(a.userId)).toEqual(expect.arrayContaining(['read Conversation', 'create Message']));
    expect(events(b.userId)).toEqual(expect.arrayContaining(['read Conversation', 'create Message']));

    await Promise.all([agentB.close(), contact.client.close()]);
  }, 60_000);

  it('refreshes presence from a staff socket, sets it under the HTTP route’s rules, and says what it took away', async () => {
    const agent = await agentAccount('agent-presence-1');
    const lastSeen = async () =>
      (
        await sql<{ status: string; last_seen_at: Date }>`
          select status, last_seen_at from agent_presence
          where tenant_id = ${tenant.id} and user_id = ${agent.userId}`.execute(db.db)
      ).rows[0];
    // Away, set over one socket; connecting again later (on the other process) changes no status.
    const first = await staffSocket(one, agent.token, { status: 'away' });
    await first.close();
    const seen = (await lastSeen())?.last_seen_at.getTime() ?? 0;
    const socket = await staffSocket(two, agent.token);
    const touched = await until(async () => {
      const row = await lastSeen();
      return row && row.last_seen_at.getTime() > seen ? row : undefined;
    }, 'the hello to touch the presence');
    expect(touched.status).toBe('away');

    // An agent does not raise their own capacity, and a status must be one of three.
    socket.send({ type: 'presence', status: 'online', capacity: 20 });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({
      code: 'forbidden',
      ref: { type: 'presence' },
    });
    socket.send({ type: 'presence', status: 'busy' });
    expect(await socket.next((f) => f.type === 'error' && f.code === 'malformed_frame')).toMatchObject({
      ref: { type: 'presence' },
    });
    socket.send({ type: 'presence', status: 'online' });
    expect(await socket.next((f) => f.type === 'presence')).toMatchObject({ status: 'online', active: 0 });

    // Given a conversation, then going offline over the socket: it goes back, and the socket is told.
    const contact = await contactSocket(one);
    await contact.client.say('转人工', 'c1');
    await contact.client.next((f) => f.type === 'status' && f.status === 'queued');
    await assignNow();
    await socket.next(assignedFrame(contact.conversationId));
    socket.send({ type: 'presence', status: 'offline' });
    expect(await socket.next((f) => f.type === 'unassigned')).toEqual({
      type: 'unassigned',
      conversationId: contact.conversationId,
      queueId: 'front-desk',
      priority: 0,
      handoffReason: 'requested',
      status: 'queued',
    });
    expect(await socket.next((f) => f.type === 'presence' && f.status === 'offline')).toMatchObject({
      active: 0,
    });
    await Promise.all([socket.close(), contact.client.close()]);
  }, 60_000);

  it('a widget socket never touches presence, has none to set, and starts no grace when it closes', async () => {
    const before = await sql<{ user_id: string; status: string; last_seen_at: Date }>`
      select user_id, status, last_seen_at from agent_presence where tenant_id = ${tenant.id}
      order by user_id`.execute(db.db);
    const gracesBefore = timers.filter((t) => t.ms === GRACE).length;
    const contact = await contactSocket(one);
    contact.client.send({ type: 'ping', id: 'p1' });
    await contact.client.next((f) => f.type === 'pong');
    contact.client.send({ type: 'presence', status: 'online' });
    expect(await contact.client.next((f) => f.type === 'error')).toMatchObject({
      code: 'forbidden',
      ref: { type: 'presence' },
    });
    await contact.client.close();
    // Closed on the server's side too: a socket opened after it is served after its close.
    const later = await contactSocket(one);
    await later.client.close();
    const after = await sql<{ user_id: string; status: string; last_seen_at: Date }>`
      select user_id, status, last_seen_at from agent_presence where tenant_id = ${tenant.id}
      order by user_id`.execute(db.db);
    expect(after.rows).toEqual(before.rows);
    expect(timers.filter((t) => t.ms === GRACE).length).toBe(gracesBefore);
  }, 60_000);
});

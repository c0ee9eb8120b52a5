import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, type Frame } from '../../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { runAssignmentPass } from './assignment-loop.ts';
import { saveQueue } from './routing-queue.store.ts';
import { runSlaCheck } from './sla-events.ts';

/**
 * SLA frames over the real staff socket: a contact hands off to `front-desk` (10 minutes to the
 * first response), the agent gets it; the check, run at instants the test chooses, tells the
 * agent's socket and the queue supervisor's, once per kind.
 */
const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;
const PASSWORD = 'synthetic-password-0002';
let db: TestDb;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDb();
  server = await startTestServer(db);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function staffSocket(login: string, roles: string[], presence?: { status: string }) {
  const { user } = await server.runtime.identity.users.create(SEEDER, {
    tenantSlug: server.tenant.slug,
    loginName: login,
    roles,
    queueIds: ['front-desk'],
    password: PASSWORD,
  });
  const response = await fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: login, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token: accessToken, ...(presence ? { presence } : {}) });
  await client.next((f) => f.type === 'welcome');
  if (presence) await client.next((f) => f.type === 'presence');
  return { userId: user.id, client };
}

describe(`SLA frames on the staff socket (${testDialect()})`, () => {
  it('tells the agent holding the conversation and the queue’s supervisor: near-breach, then breached', async () => {
    const app = server.runtime.database.rowSecured(currentDataScope);
    await saveQueue(app, server.tenant.id, {
      queueId: 'front-desk',
      names: { 'zh-CN': '前台', en: 'Front desk' },
      mode: 'auto',
      firstResponseSeconds: 600,
      resolutionSeconds: null,
      businessHours: null,
      outOfHoursMessage: null,
    });
    const agent = await staffSocket('sla-agent', ['agent'], { status: 'online' });
    const supervisor = await staffSocket('sla-lead', ['supervisor']);

    const visit = await fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/chat/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'zh-CN' }),
    });
    const { token, conversationId } = (await visit.json()) as { token: string; conversationId: string };
    const contact = await ChatClient.connect(server.wsUrl);
    contact.send({ type: 'hello', token });
    await contact.next((f) => f.type === 'subscribed');
    await contact.say('转人工', 'c1', 2);
    await server.runtime.chat.assistant.idle();
    // The assistant's hand-off started the queue's SLA clock in the same write (startSlaClock).
    await runAssignmentPass(app, { now: new Date() });
    await agent.client.next((f) => f.type === 'assigned' && f.conversationId === conversationId);

    const { rows } = await sql<{ due: Date; queued: Date }>`
      select sla_first_response_due as due, queued_at as queued from conversations
      where tenant_id = ${server.tenant.id} and conversation_id = ${conversationId}`.execute(db.db);
    const due = rows[0]?.due;
    if (!due) throw new Error('no due time');
    expect(due.getTime() - (rows[0]?.queued.getTime() ?? 0)).toBe(600_000);
    const sla = (kind: string) => (f: Frame) =>
      f.type === 'sla' && f.conversationId === conversationId && f.kind === kind;

    await runSlaCheck(app, { now: new Date(due.getTime() - 60_000) });
    const expected = { type: 'sla', conversationId, queueId: 'front-desk', dueAt: due.toISOString() };
    for (const socket of [agent, supervisor])
      expect(await socket.client.next(sla('near-breach'))).toEqual({ ...expected, kind: 'near-breach' });
    await runSlaCheck(app, { now: new Date(due.getTime() + 1000) });
    await runSlaCheck(app, { now: new Date(due.getTime() + 2000) });
    for (const socket of [agent, supervisor])
      expect(await socket.client.next(sla('breached'))).toEqual({ ...expected, kind: 'breached' });
    // Once per kind; the contact's widget hears nothing of it.
    agent.client.send({ type: 'ping', id: 'after' });
    await agent.client.next((f) => f.type === 'pong' && f.id === 'after');
    for (const socket of [agent, supervisor])
      expect(socket.client.frames.filter((f) => f.type === 'sla').map((f) => f.kind)).toEqual([
        'near-breach',
        'breached',
      ]);
    expect(contact.frames.some((f) => f.type === 'sla')).toBe(false);
    for (const client of [agent.client, supervisor.client, contact]) await client.close();
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { withDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';

/**
 * Intent counters from a scripted chat over the real socket, and in the daily report: each
 * contact message the assistant classifies adds one to its intent on the tenant's local day;
 * what the contact writes once handed to a person is not classified, so not counted.
 */
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

async function counts(): Promise<{ day: string; intent: string; count: number }[]> {
  const { rows } = await sql<{ day: string; intent: string; count: number }>`
    select to_char(day, 'YYYY-MM-DD') as day, intent, count from intent_daily_counts
    where tenant_id = ${server.tenant.id} order by intent`.execute(db.db);
  return rows;
}

describe(`intent counters on ${testDialect()}`, () => {
  it('counts each classified contact message once, by intent and local day, and reports the top intents', async () => {
    const response = await fetch(`${server.url}/api/v1/tenants/demo-test/chat/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'zh-CN' }),
    });
    const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
    const chat = await ChatClient.connect(server.wsUrl);
    chat.send({ type: 'hello', token });
    await chat.next((f) => f.type === 'subscribed');
    await chat.say('转人工', 'm1', 2);
    await server.runtime.chat.assistant.idle();
    // Handed over: the assistant no longer classifies what the contact writes.
    chat.send({ type: 'send', clientMessageId: 'm2', text: '转人工' });
    await chat.next((f) => f.type === 'ack' && f.clientMessageId === 'm2');
    await server.runtime.chat.assistant.idle();
    await chat.close();

    const stored = await server.runtime.chat.store.after(server.tenant.id, conversationId, 0);
    const sent = stored.find((m) => m.clientMessageId === 'm1')?.createdAt ?? new Date();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(sent);
    expect(await counts()).toEqual([{ day, intent: 'human', count: 1 }]);

    // A second visitor on the same day adds to the same counter; no row names a conversation.
    const again = await fetch(`${server.url}/api/v1/tenants/demo-test/chat/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'en' }),
    });
    const second = (await again.json()) as { token: string };
    const other = await ChatClient.connect(server.wsUrl);
    other.send({ type: 'hello', token: second.token });
    await other.next((f) => f.type === 'subscribed');
    await other.say('talk to a human', 'h1', 2);
    await server.runtime.chat.assistant.idle();
    await other.close();
    const rows = await counts();
    expect(rows.find((r) => r.intent === 'human')).toEqual({ day, intent: 'human', count: 2 });
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(2);

    const admin = {
      kind: 'system',
      id: 'analytics-test',
      role: 'tenant_admin',
      tenantId: server.tenant.id,
      roles: ['tenant_admin'],
      mfa: true,
    } as Actor;
    const tenant = { id: server.tenant.id, vertical: server.tenant.vertical, timeZone: 'Asia/Shanghai' };
    const report = await withDataScope({ kind: 'tenant', tenantId: server.tenant.id }, () =>
      server.runtime.analytics.daily(admin, tenant, { from: day, to: day }),
    );
    expect(report.days[0]?.topIntents).toEqual([{ intent: 'human', count: 2 }]);
    const csv = await withDataScope({ kind: 'tenant', tenantId: server.tenant.id }, () =>
      server.runtime.analytics.dailyCsv(admin, tenant, { from: day, to: day }),
    );
    expect(csv.split('\r\n')[1]?.endsWith(',human:2')).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { currentDataScope } from '../context/data-scope.ts';
import { wallClock, weekday } from '../nlu/time/zoned-time.ts';
import { saveQueue } from './routing-queue.store.ts';

/**
 * The assistant's hand-off over the real chat socket: right after its hand-off reply the contact
 * is told their place in line, or, out of the queue's hours, when it opens and how to ask for a
 * call back. The test pack's tenant hands over to `front-desk`.
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

async function visit(locale: 'zh-CN' | 'en') {
  const response = await fetch(`${server.url}/api/v1/tenants/demo-test/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale }),
  });
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token });
  await client.next((f) => f.type === 'subscribed');
  return { client, token, conversationId };
}

describe(`the hand-off tells the contact where they stand, on ${testDialect()}`, () => {
  it('in hours: the hand-off reply, then the place in line; the widget route agrees', async () => {
    const first = await visit('zh-CN');
    const [handoff, place] = await first.client.say('转人工', 'h1', 2);
    expect(handoff?.kind).toBe('handoff');
    expect(place).toMatchObject({
      kind: 'queue-position',
      text: '你前面没有其他人在等待，请稍候，客服会按顺序为你接入。',
    });
    const second = await visit('en');
    const replies = await second.client.say('talk to a human', 'h1', 2);
    expect(replies[1]?.text).toBe(
      'You are number 2 in the queue; an agent will be with you as soon as possible.',
    );
    const response = await fetch(
      `${server.url}/api/v1/tenants/demo-test/conversations/${second.conversationId}/queue-position`,
      { headers: { authorization: `Bearer ${second.token}` } },
    );
    expect(await response.json()).toMatchObject({ status: 'queued', position: 2, ahead: 1, open: true });
    await server.runtime.chat.assistant.idle();
    // Stored once each: the notice's id derives from the message that triggered the hand-off.
    const stored = await server.runtime.chat.store.after(server.tenant.id, second.conversationId, 0);
    expect(stored.filter((m) => m.meta?.kind === 'queue-position').map((m) => m.clientMessageId)).toEqual([
      `bot:${(stored.find((m) => m.authorKind === 'contact')?.seq ?? 0).toString()}:queue`,
    ]);
    await first.client.close();
    await second.client.close();
  });

  it('out of hours: the opening and the callback offer; the callback words are answered with the button', async () => {
    // Open one day a week, three days from today in the tenant's zone: closed now, whatever the date.
    const today = weekday(wallClock(new Date(), 'Asia/Shanghai'));
    await saveQueue(server.runtime.database.rowSecured(currentDataScope), server.tenant.id, {
      queueId: 'front-desk',
      names: { 'zh-CN': '前台', en: 'Front desk' },
      mode: 'auto',
      firstResponseSeconds: null,
      resolutionSeconds: null,
      businessHours: {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekday: ((today + 2) % 7) + 1, start: '09:00', end: '17:00' }],
        holidays: [],
      },
      outOfHoursMessage: null,
    });
    const chat = await visit('zh-CN');
    const [, notice] = await chat.client.say('转人工', 'h1', 2);
    expect(notice?.kind).toBe('out-of-hours');
    expect(notice?.text).toMatch(/^现在是非服务时间，我们将于 \d+月\d+日（周.）09:00（北京时间） 恢复服务/);
    expect(notice?.text).toContain('请求回电');
    const [howTo] = await chat.client.say('可以给我回电吗', 'c2', 1);
    expect(howTo).toMatchObject({ kind: 'callback-how-to', text: expect.stringContaining('“请求回电”') });
    await chat.client.close();
  });
});

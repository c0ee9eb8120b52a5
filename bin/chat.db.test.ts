import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSocketServer, SOCKET_PATH } from '../core/index.ts';
import { ChatClient, type ChatMessage } from '../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let db: TestDb;
let server: TestServer;
const slug = 'demo-test';

beforeAll(async () => {
  db = await createTestDb();
  server = await startTestServer(db);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function visit(locale: 'zh-CN' | 'en', channel: 'widget' | 'rest' = 'widget') {
  const response = await fetch(`${server.url}/api/v1/tenants/${slug}/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale, channel }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { token: string; conversationId: string; socketPath: string };
}

async function connect(token: string, after?: number) {
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token, ...(after === undefined ? {} : { after }) });
  await client.next((f) => f.type === 'welcome');
  await client.next((f) => f.type === 'subscribed');
  return client;
}

const texts = (messages: readonly ChatMessage[]) => messages.map((m) => `${m.kind}: ${m.text}`);

describe(`chat over a real WebSocket on ${testDialect()}`, () => {
  it('greets, answers an FAQ with its citation, books with a digression and a correction, confirms', async () => {
    const { token, conversationId } = await visit('zh-CN');
    const chat = await connect(token);
    const greeting = await chat.next((f) => f.type === 'message');
    expect(greeting.message).toMatchObject({ authorKind: 'bot', kind: 'greeting', seq: 1 });

    const [faq] = await chat.say('你们几点开门', 'c1');
    expect(faq).toMatchObject({ kind: 'answer', citation: { title: expect.any(String) } });
    expect(faq?.text.length).toBeGreaterThan(10);

    const [datePrompt] = await chat.say('我想预约心内科', 'c2');
    expect(datePrompt?.kind).toBe('prompt');
    // A digression: the FAQ is answered, then the pending question is asked again.
    const digression = (await chat.say('停车场在哪里', 'c3', 2)).slice(-2);
    expect(digression.map((m) => m.kind)).toEqual(['answer', 'prompt']);
    expect(digression[0]?.citation).toBeDefined();
    expect(digression[1]?.text).toBe(datePrompt?.text);

    const [namePrompt] = (await chat.say('明天', 'c4')).slice(-1);
    expect(namePrompt?.kind).toBe('prompt');
    const [confirm] = (await chat.say('我叫王小明', 'c5')).slice(-1);
    expect(confirm?.kind).toBe('confirm');
    expect(confirm?.text).toContain('心内科');
    expect(confirm?.text).toContain('王小明');
    // A correction at the confirmation: the date changes and the booking is read back again.
    const [reconfirm] = (await chat.say('改成后天', 'c6')).slice(-1);
    expect(reconfirm?.kind).toBe('confirm');
    expect(reconfirm?.text).not.toBe(confirm?.text);
    const [done] = (await chat.say('确认', 'c7')).slice(-1);
    expect(done?.kind).toBe('done');
    expect(done?.text).toMatch(/REQ-[0-9A-F]{8}/);
    // The request reaches the front desk: an internal note with the slots, the conversation queued.
    await chat.next((f) => f.type === 'status' && f.status === 'queued');
    await server.runtime.chat.assistant.idle();
    const stored = await server.runtime.chat.store.after(server.tenant.id, conversationId, 0, {
      includeInternal: true,
    });
    const note = stored.find((m) => m.internal);
    expect(note?.body).toContain(/REQ-[0-9A-F]{8}/.exec(done?.text ?? '')?.[0] ?? 'no reference');
    expect(note?.body).toContain('department: cardiology');
    expect(note?.body).toContain('name: 王小明');
    expect((await server.runtime.chat.store.get(server.tenant.id, conversationId))?.queueId).toBe(
      'front-desk',
    );

    // Every message the contact may see once, in order; the internal note never reaches them.
    const seqs = chat.messages().map((m) => m.seq);
    expect(chat.messages().some((m) => m.text === note?.body)).toBe(false);
    expect(seqs).toEqual(stored.filter((m) => !m.internal).map((m) => m.seq));
    expect(texts(chat.messages().filter((m) => m.authorKind === 'contact'))).toHaveLength(7);
    await chat.close();
  });

  it('resumes after a reconnect: every message exactly once, in order', async () => {
    const { token, conversationId } = await visit('en');
    const first = await connect(token);
    await first.say('hello', 'r1');
    const seen = first.messages();
    const lastSeen = Math.max(...seen.map((m) => m.seq));
    await first.close();

    // While the contact is away, the server side writes three messages.
    const tenantId = server.tenant.id;
    await server.runtime.chat.store.appendMany(tenantId, conversationId, [
      { authorKind: 'system', body: 'one' },
      { authorKind: 'system', body: 'two' },
    ]);
    await server.runtime.chat.store.append(tenantId, conversationId, { authorKind: 'system', body: 'three' });

    const second = await connect(token, lastSeen);
    await second.next((f) => f.type === 'message' && (f.message as ChatMessage).text === 'three');
    const [, replies] = [await second.say('thanks', 'r2'), second.messages()];
    const all = [...seen, ...replies];
    const seqs = all.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(replies.slice(0, 3).map((m) => m.text)).toEqual(['one', 'two', 'three']);
    // The retried send of an earlier message stores nothing new and says so.
    second.send({ type: 'send', clientMessageId: 'r1', text: 'hello' });
    const ack = await second.next((f) => f.type === 'ack' && f.clientMessageId === 'r1');
    expect(ack).toMatchObject({ duplicate: true, seq: seen.find((m) => m.clientMessageId === 'r1')?.seq });
    await second.close();
  });
});

describe(`chat over REST on ${testDialect()}`, () => {
  it('runs the same conversation with long polling', async () => {
    const { token, conversationId } = await visit('en', 'rest');
    const base = `${server.url}/api/v1/tenants/${slug}/conversations/${conversationId}`;
    const auth = { authorization: `Bearer ${token}` };
    let after = 0;
    const say = async (text: string, replies = 1) => {
      const sent = await fetch(`${base}/messages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), text }),
      });
      expect(sent.status).toBe(201);
      const { message } = (await sent.json()) as { message: ChatMessage };
      after = message.seq;
      const got: ChatMessage[] = [];
      while (got.length < replies) {
        const response = await fetch(`${base}/messages?after=${after}&wait=10`, { headers: auth });
        expect(response.status).toBe(200);
        const { items } = (await response.json()) as { items: ChatMessage[] };
        got.push(...items);
        after = items.at(-1)?.seq ?? after;
      }
      return got;
    };
    const [greeting] = (
      (await (await fetch(`${base}/messages`, { headers: auth })).json()) as { items: ChatMessage[] }
    ).items;
    expect(greeting?.kind).toBe('greeting');
    const [faq] = await say('where can I park?');
    expect(faq?.citation).toBeDefined();
    expect((await say('I want to book cardiology'))[0]?.kind).toBe('prompt');
    const digression = await say('what are your opening hours', 2);
    expect(digression.map((m) => m.kind)).toEqual(['answer', 'prompt']);
    expect((await say('tomorrow'))[0]?.kind).toBe('prompt');
    expect((await say('My name is Alex Chen'))[0]?.text).toContain('Alex Chen');
    const reconfirm = (await say('actually make it the day after tomorrow'))[0];
    expect(reconfirm?.kind).toBe('confirm');
    expect((await say('yes'))[0]?.text).toMatch(/REQ-[0-9A-F]{8}/);

    const transcript = await fetch(`${base}/transcript?format=text`, { headers: auth });
    expect(transcript.status).toBe(200);
    expect(await transcript.text()).toContain('Alex Chen');
  });
});

describe(`bad input on the socket on ${testDialect()}`, () => {
  it('answers malformed, binary, oversized and unknown frames with error frames and keeps the connection', async () => {
    const { token } = await visit('en');
    const chat = await connect(token);
    const errorAfter = async (send: () => void) => {
      const from = chat.frames.length;
      send();
      return chat.next((f) => f.type === 'error', 5000, from);
    };
    expect(await errorAfter(() => chat.send('not json'))).toMatchObject({ code: 'malformed_frame' });
    expect(await errorAfter(() => chat.socket.send(Buffer.from([1, 2, 3]), { binary: true }))).toMatchObject({
      code: 'malformed_frame',
    });
    expect(await errorAfter(() => chat.send({ type: 'shout' }))).toMatchObject({ code: 'malformed_frame' });
    expect(
      await errorAfter(() => chat.send({ type: 'send', clientMessageId: 'big', text: 'x'.repeat(5000) })),
    ).toMatchObject({ code: 'too_large', ref: { type: 'send', clientMessageId: 'big' } });
    expect(
      await errorAfter(() => chat.send({ type: 'subscribe', conversationId: randomUUID() })),
    ).toMatchObject({ code: 'not_found' });
    // Another contact's conversation is just as unknown.
    const other = await visit('en');
    expect(
      await errorAfter(() => chat.send({ type: 'subscribe', conversationId: other.conversationId })),
    ).toMatchObject({ code: 'not_found' });
    expect(
      await errorAfter(() =>
        chat.send({ type: 'send', conversationId: other.conversationId, clientMessageId: 'x1', text: 'hi' }),
      ),
    ).toMatchObject({ code: 'not_found', ref: { clientMessageId: 'x1' } });
    const from = chat.frames.length;
    chat.send({ type: 'ping', id: 'still-here' });
    expect(await chat.next((f) => f.type === 'pong', 5000, from)).toMatchObject({ id: 'still-here' });
    // Nothing of the refused frames was stored in either conversation.
    const mine = await server.runtime.chat.store.after(server.tenant.id, await firstConversation(token), 0);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((m) => m.authorKind === 'contact')).toHaveLength(0);
    expect(
      (await server.runtime.chat.store.after(server.tenant.id, other.conversationId, 0)).filter(
        (m) => m.authorKind === 'contact',
      ),
    ).toHaveLength(0);
    await chat.close();
  });

  it('rate-limits a flood: refused frames are reported, accepted ones stored exactly once', async () => {
    const { token, conversationId } = await visit('en');
    const chat = await connect(token);
    for (let i = 0; i < 16; i++) chat.send({ type: 'send', clientMessageId: `f${i}`, text: `message ${i}` });
    await chat.next((f) => f.type === 'error' && f.code === 'rate_limited');
    // Wait until every frame has been answered one way or the other.
    const answered = () =>
      chat.frames.filter((f) => f.type === 'ack' || (f.type === 'error' && f.code === 'rate_limited')).length;
    while (answered() < 16) await chat.next(() => true, 5000, chat.frames.length);
    const acked = chat.frames.filter((f) => f.type === 'ack').map((f) => f.clientMessageId);
    const limited = chat.frames
      .filter((f) => f.type === 'error' && f.code === 'rate_limited')
      .map((f) => (f.ref as { clientMessageId: string }).clientMessageId);
    expect(limited.length).toBeGreaterThan(0);
    expect(
      limited[0] && (chat.frames.find((f) => f.code === 'rate_limited')?.retryAfterMs as number),
    ).toBeGreaterThan(0);
    await server.runtime.chat.assistant.idle();
    const stored = (await server.runtime.chat.store.after(server.tenant.id, conversationId, 0))
      .filter((m) => m.authorKind === 'contact')
      .map((m) => m.clientMessageId);
    expect(stored.sort()).toEqual([...acked].sort());
    expect(new Set([...acked, ...limited]).size).toBe(16);
    await chat.close();
  });

  it('closes on a frame over 64 KiB (1009), on a frame before hello and on a bad credential (4401)', async () => {
    const { token } = await visit('en');
    const big = await connect(token);
    big.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(70 * 1024) }));
    expect((await big.closed).code).toBe(1009);

    const early = await ChatClient.connect(server.wsUrl);
    early.send({ type: 'send', clientMessageId: 'e1', text: 'hi' });
    expect((await early.closed).code).toBe(4401);
    expect(early.frames[0]).toMatchObject({ type: 'error', code: 'unauthenticated' });

    const forged = await ChatClient.connect(server.wsUrl);
    forged.send({ type: 'hello', token: `${token.slice(0, -4)}AAAA` });
    expect((await forged.closed).code).toBe(4401);
  });
});

describe(`bad input over REST on ${testDialect()}`, () => {
  it('answers with problem+json and stores nothing twice', async () => {
    const mine = await visit('en', 'rest');
    const other = await visit('en', 'rest');
    const base = `${server.url}/api/v1/tenants/${slug}/conversations`;
    const post = (id: string, body: unknown, token = mine.token) =>
      fetch(`${base}/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const problem = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      return (await response.json()) as { code: string; detail: string };
    };
    await problem(await post(randomUUID(), { text: 'hi' }), 404);
    await problem(await post(other.conversationId, { text: 'hi' }), 404);
    await problem(await post(mine.conversationId, { text: 'x'.repeat(5000) }), 400);
    await problem(await post(mine.conversationId, '{"text":'), 400);
    await problem(await post(mine.conversationId, { text: 'hi', extra: 1 }), 400);
    await problem(await post(mine.conversationId, { text: 'hi' }, 'not-a-token'), 401);
    await problem(await fetch(`${base}/${mine.conversationId}/messages`), 401);
    // Starting a chat: an unknown locale or field, a body that is not JSON, a tenant that is not there.
    const start = (slugOf: string, body: string) =>
      fetch(`${server.url}/api/v1/tenants/${slugOf}/chat/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    await problem(await start(slug, '{"locale":"fr"}'), 400);
    await problem(await start(slug, '{"locale":"en","visitor":"x"}'), 400);
    await problem(await start(slug, '{"locale":'), 400);
    await problem(await start('no-such-clinic', '{}'), 404);
    const auth = { authorization: `Bearer ${mine.token}` };
    await problem(
      await fetch(`${base}/${mine.conversationId}/transcript?format=pdf`, { headers: auth }),
      400,
    );
    await problem(await fetch(`${base}/${mine.conversationId}/messages?after=-1`, { headers: auth }), 400);
    await problem(await fetch(`${base}/${mine.conversationId}/messages?wait=60`, { headers: auth }), 400);
    // A widget credential is worth nothing on another tenant's routes.
    const elsewhere = await fetch(`${server.url}/api/v1/tenants/demo-hospital/conversations`, {
      headers: { authorization: `Bearer ${mine.token}` },
    });
    await problem(elsewhere, 404);

    const once = { clientMessageId: 'same-1', text: 'where can I park?' };
    const first = await post(mine.conversationId, once);
    const again = await post(mine.conversationId, once);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true);
    await server.runtime.chat.assistant.idle();
    const stored = await server.runtime.chat.store.after(server.tenant.id, mine.conversationId, 0);
    expect(stored.filter((m) => m.clientMessageId === 'same-1')).toHaveLength(1);
    expect(stored.filter((m) => m.authorKind === 'bot' && m.meta?.kind === 'answer')).toHaveLength(1);
  });
});

async function firstConversation(token: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/tenants/${slug}/conversations`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { items } = (await response.json()) as { items: { id: string }[] };
  return items[0]?.id ?? '';
}

describe(`socket liveness on ${testDialect()}`, () => {
  it('closes a socket that never says hello (4408) and one that stops answering pings', async () => {
    const sockets = createSocketServer({
      gateway: server.runtime.chat.gateway,
      resolve: (token) => server.runtime.chat.tokens.verify(token),
      logger: server.runtime.logger,
      limits: { helloTimeoutMs: 300, heartbeatMs: 200 },
    });
    const http = createServer((_, response) => response.writeHead(404).end());
    http.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}${SOCKET_PATH}`;
    try {
      const silent = await ChatClient.connect(url);
      expect((await silent.closed).code).toBe(4408);

      const { token } = await visit('en');
      const deaf = new WebSocket(url, { autoPong: false });
      const closed = new Promise<number>((resolve) => deaf.once('close', (code) => resolve(code)));
      await new Promise((resolve) => deaf.once('open', resolve));
      deaf.send(JSON.stringify({ type: 'hello', token }));
      // Terminated without a close frame after a missed pong: 1006 (RFC 6455 §7.1.5).
      expect(await closed).toBe(1006);
      await expect.poll(() => sockets.connections()).toBe(0);
    } finally {
      await sockets.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

describe(`recovery on ${testDialect()}`, () => {
  it('answers a message stored but left unanswered (the process stopped) when the contact comes back', async () => {
    const { token, conversationId } = await visit('en');
    // Stored as the channel stores it, but no assistant turn ran: as if the process had stopped.
    const { message } = await server.runtime.chat.store.append(server.tenant.id, conversationId, {
      authorKind: 'contact',
      clientMessageId: 'orphan-1',
      body: 'where can I park?',
    });
    const chat = await connect(token);
    const reply = await chat.next(
      (f) =>
        f.type === 'message' &&
        (f.message as ChatMessage).authorKind === 'bot' &&
        (f.message as ChatMessage).seq > message.seq,
    );
    expect((reply.message as ChatMessage).kind).toBe('answer');
    await chat.close();
    // Coming back again changes nothing: the message has its answer now.
    const again = await connect(token);
    await again.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).seq === (reply.message as ChatMessage).seq,
    );
    await server.runtime.chat.assistant.idle();
    const stored = await server.runtime.chat.store.after(server.tenant.id, conversationId, 0);
    expect(stored.filter((m) => m.authorKind === 'bot' && m.meta?.kind === 'answer')).toHaveLength(1);
    await again.close();
  });
});

describe(`the assistant's memory of its last turn on ${testDialect()}`, () => {
  it('reads the dialogue state afresh when something else was written since its last turn', async () => {
    const { token, conversationId } = await visit('en');
    const chat = await connect(token);
    const [datePrompt] = await chat.say('I want to book cardiology', 'm1');
    expect(datePrompt?.kind).toBe('prompt');
    // Another writer (another process's assistant, say) ends the flow in between.
    await server.runtime.chat.store.appendMany(
      server.tenant.id,
      conversationId,
      [{ authorKind: 'system', body: 'The booking was cancelled elsewhere.' }],
      { dialogueState: null },
    );
    const replies = await chat.say('tomorrow', 'm2');
    const answer = replies.at(-1);
    // With the remembered state the flow would go on and ask for the name; it must not.
    expect(answer?.text).not.toBe('What is the name of the patient?');
    expect(replies.map((m) => m.text)).not.toContain('What is the name of the patient?');
    await chat.close();
  });
});

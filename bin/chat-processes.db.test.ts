import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, type ChatMessage } from '../testing/chat-client.ts';
import { provideCliDatabase, spawnCli } from '../testing/cli.ts';
import { testDialect } from '../testing/test-db.ts';

// Two Custos processes on one PostgreSQL. Embedded PGlite is one process's database by design
// (its data directory is locked), so this runs on PostgreSQL only.
const postgres = testDialect() === 'postgres';

function startDemo(env: Record<string, string>) {
  const child = spawnCli(['demo'], env);
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /Home\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`custos demo exited with ${code}\n${out}`)));
  });
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    child.kill('SIGTERM');
    return stopped;
  };
  return { child, url, stop };
}

describe.skipIf(!postgres)('two Custos processes on one PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-two-'));
  const env: Record<string, string> = {
    CUSTOS_DATA_DIR: dataDir,
    CUSTOS_PORT: '0',
    CUSTOS_LOG_LEVEL: 'warn',
  };
  let drop = async () => {};
  let a: ReturnType<typeof startDemo>;
  let b: ReturnType<typeof startDemo>;
  let urlA = '';
  let urlB = '';

  beforeAll(async () => {
    drop = await provideCliDatabase(env);
    a = startDemo(env);
    urlA = await a.url;
    // The second process finds the schema, tenants and demo accounts in place.
    b = startDemo(env);
    urlB = await b.url;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop();
  });

  it('a contact on A and an agent on B see each other’s messages within a second, in order', async () => {
    const visit = (await (
      await fetch(`${urlA}/api/v1/tenants/demo-test/chat/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'zh-CN' }),
      })
    ).json()) as { token: string; conversationId: string };
    const contact = await ChatClient.connect(`${urlA.replace('http', 'ws')}/api/v1/socket`);
    contact.send({ type: 'hello', token: visit.token });
    await contact.next((f) => f.type === 'subscribed');
    await contact.say('转人工', 'h1');
    await contact.next((f) => f.type === 'status' && f.status === 'queued');

    // The demo agent of the test clinic works its handoff queue; it signs in on process B.
    const logins = JSON.parse(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8')) as {
      tenant: string;
      login: string;
      password: string;
    }[];
    const agentLogin = logins.find((l) => l.tenant === 'demo-test' && l.login === 'demo-agent');
    expect(agentLogin).toBeDefined();
    const signIn = await fetch(`${urlB}/api/v1/tenants/demo-test/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginName: agentLogin?.login, password: agentLogin?.password }),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const claim = await fetch(
      `${urlB}/api/v1/tenants/demo-test/conversations/${visit.conversationId}/claim`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    expect(claim.status).toBe(200);

    const agent = await ChatClient.connect(`${urlB.replace('http', 'ws')}/api/v1/socket`);
    agent.send({ type: 'hello', token: accessToken });
    await agent.next((f) => f.type === 'welcome');
    agent.send({ type: 'subscribe', conversationId: visit.conversationId });
    await agent.next((f) => f.type === 'subscribed');

    const timed = async (from: ChatClient, to: ChatClient, text: string, id: string) => {
      const start = Date.now();
      const mark = to.frames.length;
      from.send({ type: 'send', conversationId: visit.conversationId, clientMessageId: id, text });
      await to.next((f) => f.type === 'message' && (f.message as ChatMessage).text === text, 5000, mark);
      return Date.now() - start;
    };
    const latencies = [
      await timed(agent, contact, '您好，我是人工客服，请问有什么可以帮您？', 'a1'),
      await timed(contact, agent, '我想问一下检查结果', 'c2'),
      await timed(agent, contact, '好的，请稍等', 'a2'),
      await timed(contact, agent, '谢谢', 'c3'),
    ];
    for (const ms of latencies) expect(ms).toBeLessThan(1000);

    // Both sides saw the same messages once each, in the same order; the agent also sees the
    // internal notes (the bot's hand-off summary), which never reach the contact.
    const seqs = (client: ChatClient) =>
      client
        .messages()
        .filter((m) => !(m as ChatMessage & { internal?: boolean }).internal)
        .map((m) => m.seq);
    expect(agent.messages().some((m) => (m as ChatMessage & { internal?: boolean }).internal)).toBe(true);
    expect(contact.messages().some((m) => (m as ChatMessage & { internal?: boolean }).internal)).toBe(false);
    const tail = (client: ChatClient) => seqs(client).filter((s) => s >= Math.min(...seqs(agent)));
    expect(new Set(seqs(contact)).size).toBe(seqs(contact).length);
    expect(new Set(seqs(agent)).size).toBe(seqs(agent).length);
    expect(tail(contact)).toEqual(seqs(agent));
    expect(seqs(agent)).toEqual([...seqs(agent)].sort((x, y) => x - y));
    await Promise.all([contact.close(), agent.close()]);
  }, 60_000);
});

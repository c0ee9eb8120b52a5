/**
 * The chat under load (issue: conversation engine). One Custos process (`custos demo`, the test
 * pack's tenant) on the real PostgreSQL; this process is the load:
 *
 * 1. Baseline: single-row INSERT commits into a plain table of the same database, 32 at a time.
 * 2. REST ingest: contact messages POSTed through the REST channel (authentication, validation,
 *    authorization, sealing, sequencing, notification), 32 at a time, into conversations already
 *    handed to a human (so the assistant does not answer; its work is measured in 3).
 * 3. WebSocket: N contacts, each sending a message every 2 s for D seconds; every message must be
 *    acknowledged and stored exactly once, every socket must see its conversation's messages once
 *    and in order; bot reply latency is from the send to the first bot message after it.
 *
 *   node --import tsx bench/chat.ts [--contacts 2000] [--seconds 60] [--ingest-seconds 10]
 *   (CUSTOS_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '60' },
    'ingest-seconds': { type: 'string', default: '10' },
    interval: { type: 'string', default: '2000' },
  },
});
const contacts = Number(values.contacts);
const seconds = Number(values.seconds);
const ingestSeconds = Number(values['ingest-seconds']);
const intervalMs = Number(values.interval);
const adminUrl = process.env.CUSTOS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SLUG = 'demo-test';
const CONCURRENCY = 32;

const name = `custos_bench_chat_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  return new Promise<{ status: number; json: any }>((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const bin = fileURLToPath(new URL('../bin/custos', import.meta.url));
  // CUSTOS_BENCH_PROFILE=<dir>: a CPU profile of the server, written when it stops.
  const profile = process.env.CUSTOS_BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CUSTOS_BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, bin, 'demo'], {
    env: {
      ...process.env,
      CUSTOS_DATABASE_URL: dbUrl,
      CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-bench-chat-')),
      CUSTOS_PORT: '0',
      CUSTOS_RATE_LIMIT: '0',
      CUSTOS_LOG_LEVEL: 'warn',
      CUSTOS_DATABASE_POOL_SIZE: '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n'))
        if (line.startsWith('{') && /"level":(50|60)/.test(line)) console.error(line.slice(0, 1500));
      out += text;
      const match = /Home\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}\n${out}`)));
  });
}

async function timed(label: string, seconds: number, worker: () => Promise<void>): Promise<number> {
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        await worker();
        done++;
      }
    }),
  );
  const rate = done / ((Date.now() - started) / 1000);
  console.log(`${label.padEnd(36)} ${rate.toFixed(0)}/s (${done} in ${seconds} s, ${CONCURRENCY} at a time)`);
  return rate;
}

async function visits(base: string, count: number) {
  const made: { token: string; conversationId: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        const { status, json } = await call(base, 'POST', `/api/v1/tenants/${SLUG}/chat/visits`, {
          locale: next % 2 ? 'zh-CN' : 'en',
        });
        if (status !== 201) throw new Error(`visit: ${status} ${JSON.stringify(json)}`);
        made.push(json);
      }
    }),
  );
  return made;
}

const QUESTIONS = [
  '你们几点开门',
  '停车场在哪里',
  'where can I park?',
  'what are your opening hours',
  '你好',
  'thanks',
  '探视时间是什么时候',
  'can children visit?',
];

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const { child, url } = await startServer();
  const db = new pg.Pool({ connectionString: dbUrl, max: CONCURRENCY });
  try {
    console.log(
      `server ${url}, database ${name}, ${contacts} contacts × ${seconds} s, one message per ${intervalMs} ms each`,
    );

    // 1. Baseline.
    await db.query(
      'create table bench_plain (id bigserial primary key, tenant_id uuid not null, body bytea not null, created_at timestamptz not null default now())',
    );
    const body = randomBytes(96);
    const tenant = '00000000-0000-4000-8000-000000000001';
    const plain = await timed('plain single-row INSERT commits', ingestSeconds, async () => {
      await db.query('insert into bench_plain (tenant_id, body) values ($1, $2)', [tenant, body]);
    });

    // 2. REST ingest into conversations with a human.
    const ingest = await visits(url, 200);
    await db.query(`update conversations set status = 'queued', queue_id = 'front-desk'`);
    let n = 0;
    const rest = await timed('REST message ingest', ingestSeconds, async () => {
      const target = ingest[n++ % ingest.length] as { token: string; conversationId: string };
      const { status } = await call(
        url,
        'POST',
        `/api/v1/tenants/${SLUG}/conversations/${target.conversationId}/messages`,
        { clientMessageId: `i${n}`, text: 'where can I park?' },
        target.token,
      );
      if (status !== 201) throw new Error(`ingest: ${status}`);
    });
    console.log(`REST ingest / plain commits = ${(rest / plain).toFixed(2)} (target ≥ 0.40)`);

    // 3. WebSocket contacts.
    const t0 = Date.now();
    const people = await visits(url, contacts);
    console.log(`${contacts} visits in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const latencies: number[] = [];
    let sent = 0;
    let acked = 0;
    let duplicatesSeen = 0;
    let outOfOrder = 0;
    const sockets = await Promise.all(
      people.map(
        (person) =>
          new Promise<{
            ws: WebSocket;
            seqs: number[];
            pending: Map<number, number>;
            sentIds: string[];
            person: typeof person;
          }>((resolve, reject) => {
            const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/socket`);
            const state = {
              ws,
              seqs: [] as number[],
              pending: new Map<number, number>(),
              sentIds: [] as string[],
              person,
            };
            const sentAt = new Map<string, number>();
            (state as any).sentAt = sentAt;
            ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: person.token })));
            ws.on('message', (data) => {
              const frame = JSON.parse(data.toString());
              if (frame.type === 'subscribed') resolve(state);
              else if (frame.type === 'ack') {
                acked++;
                const at = sentAt.get(frame.clientMessageId);
                if (at !== undefined) state.pending.set(frame.seq, at);
              } else if (frame.type === 'message') {
                const { seq, authorKind } = frame.message;
                const last = state.seqs.at(-1) ?? 0;
                if (state.seqs.includes(seq)) duplicatesSeen++;
                else if (seq < last) outOfOrder++;
                state.seqs.push(seq);
                if (authorKind === 'bot') {
                  for (const [contactSeq, at] of state.pending) {
                    if (contactSeq < seq) {
                      latencies.push(Date.now() - at);
                      state.pending.delete(contactSeq);
                    }
                  }
                }
              } else if (frame.type === 'error') console.error('error frame', frame);
            });
            ws.once('error', reject);
          }),
      ),
    );
    console.log(`${sockets.length} sockets open`);
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      sockets.map(async (s, i) => {
        await new Promise((r) => setTimeout(r, Math.random() * intervalMs));
        let k = 0;
        while (Date.now() < end) {
          const id = `m${i}-${k}`;
          (s as any).sentAt.set(id, Date.now());
          s.sentIds.push(id);
          s.ws.send(
            JSON.stringify({
              type: 'send',
              clientMessageId: id,
              text: QUESTIONS[(i + k) % QUESTIONS.length],
            }),
          );
          sent++;
          k++;
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      }),
    );
    // Drain: wait (up to 120 s) until every message sent has been acknowledged and answered, so that a backlog
    // is reported as latency, and only a message never stored counts as lost.
    const drainStart = Date.now();
    while ((acked < sent || latencies.length < sent) && Date.now() - drainStart < 120_000)
      await new Promise((r) => setTimeout(r, 200));
    console.log(`drained in ${((Date.now() - drainStart) / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 2000));
    // Every message sent is stored once; every socket saw 1..lastSeq once, in order.
    let lost = 0;
    let storedTwice = 0;
    let missedOnSocket = 0;
    for (const s of sockets) {
      const rows = await db.query<{ client_message_id: string | null; seq: string }>(
        'select client_message_id, seq from messages where conversation_id = $1 order by seq',
        [s.person.conversationId],
      );
      const ids = rows.rows
        .map((r) => r.client_message_id)
        .filter((id): id is string => id?.startsWith('m') === true);
      const unique = new Set(ids);
      storedTwice += ids.length - unique.size;
      lost += s.sentIds.filter((id) => !unique.has(id)).length;
      // A reply still on its way is given up to 30 s (overall) to arrive before it counts as missed.
      const last = rows.rows.length;
      const missing = () => {
        const seen = new Set(s.seqs);
        let n = 0;
        for (let q = 1; q <= last; q++) if (!seen.has(q)) n++;
        return n;
      };
      while (missing() > 0 && Date.now() - drainStart < 150_000) await new Promise((r) => setTimeout(r, 250));
      missedOnSocket += missing();
      s.ws.close();
    }
    latencies.sort((a, b) => a - b);
    console.log(`sent ${sent}, acknowledged ${acked}, lost ${lost}, stored twice ${storedTwice}`);
    console.log(
      `socket deliveries: missed ${missedOnSocket}, duplicated ${duplicatesSeen}, out of order ${outOfOrder}`,
    );
    console.log(
      `bot reply latency over ${latencies.length} replies: p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${latencies.at(-1)} ms (target p99 < 150 ms)`,
    );
    console.log(`message rate ${(sent / seconds).toFixed(0)}/s from contacts, as many bot replies`);
  } finally {
    await db.end();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    agent.destroy();
  }
}

await main();

/**
 * Routing (issue: handoff and routing), in one run, on one synthetic tenant with 500 agents
 * (random queues among 5, 2–4 skills among 10, capacities 1–8) and 10,000 waiting conversations
 * (random queue, 0–2 required skills, 1% emergencies, 3% complaints, 5% VIPs):
 *
 * 1. Pure: `planAssignments` over all of them — decisions per second, against a baseline of the
 *    same shape without the rules (a numeric sort of the 10,000, then one linear scan of the 500
 *    agents per conversation for the least active).
 * 2. Database: `assignNext` from 1 and from 4 concurrent loops until nothing more can be assigned
 *    (agents full) — assignments per second and p50/p99 of one call, against plain one-row
 *    `update conversations … where conversation_id = $1` calls at the same width.
 * 3. Handoff latency: from `enqueue` of a conversation to its assignment by a concurrently running
 *    loop of this script's own that calls `assignAll` and then sleeps `--poll` ms (the polling
 *    design). Baseline: `enqueue` followed at once by `assignNext` in the same caller (assigning on
 *    the handoff itself).
 *
 * PGlite by default; CUSTOS_DATABASE_URL (an admin URL: a scratch database is created from the
 * migrated template and dropped) for PostgreSQL. All data is synthetic.
 *
 *   node --import tsx bench/routing.ts [--agents 500] [--waiting 10000] [--handoffs 200] [--poll 50] [--gap 20]
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import {
  type AgentState,
  assignAll,
  assignNext,
  currentDataScope,
  enqueue,
  PRIORITY,
  planAssignments,
  setPresence,
  type WaitingConversation,
} from '../core/index.ts';
import { createTestApp } from '../testing/test-app.ts';
import { createTestDb } from '../testing/test-db.ts';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '500' },
    waiting: { type: 'string', default: '10000' },
    handoffs: { type: 'string', default: '200' },
    poll: { type: 'string', default: '50' },
    gap: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '5' },
  },
});
const AGENTS = Number(values.agents);
const WAITING = Number(values.waiting);
const HANDOFFS = Number(values.handoffs);
const POLL_MS = Number(values.poll);
const GAP_MS = Number(values.gap);
const REPEATS = Number(values.repeats);
const CONTACTS = 100;
const SKILLS = [
  'cardiology',
  'pediatrics',
  'orthopedics',
  'radiology',
  'billing',
  'insurance',
  'admissions',
  'cantonese',
  'english',
  'sign-language',
];
const QUEUES = ['front-desk', 'outpatient', 'inpatient', 'billing', 'admissions'];

if (process.env.CUSTOS_DATABASE_URL) process.env.CUSTOS_TEST_DATABASE_URL = process.env.CUSTOS_DATABASE_URL;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const spread = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 0.5)), p99Ms: round(percentile(sorted, 0.99)) };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** A seeded generator (xorshift32): the same population on every run and both databases. */
const rng = (() => {
  let state = 0x5eed1234;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
})();
const pickDistinct = <T>(from: readonly T[], count: number): T[] => {
  const pool = [...from];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng(pool.length), 1)[0] as T);
  return out.sort();
};
const priorityOf = () => {
  const r = rng(100);
  return r < 1 ? PRIORITY.emergency : r < 4 ? PRIORITY.complaint : r < 9 ? PRIORITY.vip : PRIORITY.normal;
};

// ---- The synthetic population, shared by the pure and the database measurements.
const started = Date.now();
const agents: AgentState[] = Array.from({ length: AGENTS }, () => ({
  userId: randomUUID(),
  status: 'online',
  capacity: 1 + rng(8),
  active: 0,
  skills: pickDistinct(SKILLS, 2 + rng(3)),
  queueIds: pickDistinct(QUEUES, 1 + rng(2)),
  lastAssignedAt: 0,
}));
const waiting: WaitingConversation[] = Array.from({ length: WAITING }, () => {
  const r = rng(100);
  return {
    conversationId: randomUUID(),
    queueId: QUEUES[rng(QUEUES.length)] as string,
    requiredSkills: pickDistinct(SKILLS, r < 60 ? 0 : r < 95 ? 1 : 2),
    priority: priorityOf(),
    queuedAt: started - 3_600_000 + rng(3_600_000),
  };
});

// ---- 1. Pure decision.
function timeOnce(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}
function baselinePlan(): number {
  const order = waiting
    .map((w) => ({ id: w.conversationId, key: -w.priority * 1e13 + w.queuedAt }))
    .sort((a, b) => a.key - b.key);
  const active = agents.map(() => 0);
  let checksum = 0;
  for (let c = 0; c < order.length; c++) {
    let best = 0;
    for (let i = 1; i < active.length; i++) if ((active[i] as number) < (active[best] as number)) best = i;
    active[best] = (active[best] as number) + 1;
    checksum += best;
  }
  return checksum;
}
let planned = 0;
timeOnce(() => planAssignments(waiting, agents, started));
timeOnce(baselinePlan);
const planTimes: number[] = [];
const baseTimes: number[] = [];
const sortTimes: number[] = [];
for (let r = 0; r < REPEATS; r++) {
  planTimes.push(
    timeOnce(() => {
      planned = planAssignments(waiting, agents, started).length;
    }),
  );
  baseTimes.push(timeOnce(baselinePlan));
  sortTimes.push(
    timeOnce(() => [...waiting].sort((a, b) => b.priority - a.priority || a.queuedAt - b.queuedAt)),
  );
}
const planMs = median(planTimes);
const baseMs = median(baseTimes);
const pure = {
  agents: AGENTS,
  waiting: WAITING,
  planned,
  repeats: REPEATS,
  planMs: round(planMs, 1),
  decisionsPerSecond: Math.round(WAITING / (planMs / 1000)),
  baselineMs: round(baseMs, 1),
  baselineDecisionsPerSecond: Math.round(WAITING / (baseMs / 1000)),
  ratio: round(baseMs / planMs, 3),
  plainSortMs: round(median(sortTimes), 1),
};
process.stderr.write(`pure: ${JSON.stringify(pure)}\n`);

// ---- Seeding through the real code where it matters: tenant, contacts, presence.
const db = await createTestDb();
const { runtime } = createTestApp(db);
const app = runtime.database.rowSecured(currentDataScope);
const owner = runtime.database.db;
const operator = { kind: 'system', id: 'bench', role: 'platform_operator' } as const;
const tenant = await runtime.tenants.create(operator, {
  slug: 'bench-routing',
  name: 'Synthetic bench hospital',
  vertical: 'medical',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
});
const tenantId = tenant.id;
const seedStart = performance.now();
const contacts: string[] = [];
for (let i = 0; i < CONTACTS; i++)
  contacts.push(await runtime.contacts.createVisitor(tenantId, `测试联系人${i}`));
for (const agent of agents) {
  await app
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      user_id: agent.userId,
      login_name: `agent-${agent.userId.slice(0, 8)}`,
      password_hash: '$synthetic$not-a-password',
      roles: JSON.stringify(['agent']),
      queue_ids: [...agent.queueIds],
    })
    .execute();
  await setPresence(app, tenantId, agent.userId, {
    status: 'online',
    capacity: agent.capacity,
    skills: agent.skills,
  });
}
/** Conversations as `enqueue` leaves them (queued), or as the assistant holds them (bot). */
async function insertConversations(rows: readonly WaitingConversation[], status: 'queued' | 'bot') {
  for (let i = 0; i < rows.length; i += 500) {
    await app
      .insertInto('conversations')
      .values(
        rows.slice(i, i + 500).map((w, j) => ({
          tenant_id: tenantId,
          conversation_id: w.conversationId,
          contact_id: contacts[(i + j) % contacts.length] as string,
          channel: 'widget',
          locale: 'zh-CN' as const,
          status,
          ...(status === 'queued'
            ? {
                queue_id: w.queueId,
                required_skills: [...w.requiredSkills],
                priority: w.priority,
                handoff_reason: 'user-request',
                queued_at: new Date(w.queuedAt),
              }
            : {}),
        })),
      )
      .execute();
  }
}
await insertConversations(waiting, 'queued');
await sql`analyze`.execute(owner);
const seedSeconds = (performance.now() - seedStart) / 1000;

/** Every agent free again and every seeded conversation waiting again. */
async function resetAssignments() {
  await sql`update conversations set status = 'queued', assignee_id = null, assigned_at = null
            where tenant_id = ${tenantId} and status = 'assigned'`.execute(owner);
  await sql`update agent_presence set active_count = 0, last_assigned_at = null
            where tenant_id = ${tenantId}`.execute(owner);
  await sql`vacuum analyze conversations`.execute(owner);
}

/** Whether the counts agree and nobody is over capacity (invariants 2 and 5 of the README). */
async function consistent(): Promise<boolean> {
  const { rows } = await sql<{ bad: number }>`
    select count(*)::int as bad from agent_presence p
    where p.tenant_id = ${tenantId} and (p.active_count > p.capacity or p.active_count <>
      (select count(*) from conversations c
       where c.tenant_id = p.tenant_id and c.assignee_id = p.user_id and c.status = 'assigned'))`.execute(
    owner,
  );
  return rows[0]?.bad === 0;
}

// ---- 2. assignNext until the agents are full, against plain one-row updates.
async function assignUntilFull(width: number) {
  const times: number[] = [];
  let assigned = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (;;) {
        const t0 = performance.now();
        const done = await assignNext(app, { tenantId, now: new Date() });
        times.push(performance.now() - t0);
        if (!done) return;
        assigned++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { assigned, calls: times.length, perSecond: assigned / seconds, ...spread(times) };
}
async function plainUpdates(count: number, width: number) {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const w = waiting[next++ % waiting.length] as WaitingConversation;
        const t0 = performance.now();
        await app
          .updateTable('conversations')
          .set({ updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', '=', w.conversationId)
          .execute();
        times.push(performance.now() - t0);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - start) / 1000), ...spread(times) };
}
const database: Record<string, unknown> = {};
for (const width of [1, 4]) {
  await resetAssignments();
  const run = await assignUntilFull(width);
  const ok = await consistent();
  const base = await plainUpdates(run.assigned, width);
  database[`loops${width}`] = {
    assigned: run.assigned,
    calls: run.calls,
    assignmentsPerSecond: round(run.perSecond, 1),
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    baselineUpdatesPerSecond: round(base.perSecond, 1),
    baselineP50Ms: base.p50Ms,
    baselineP99Ms: base.p99Ms,
    ratio: round(run.perSecond / base.perSecond, 3),
    consistent: ok,
  };
  process.stderr.write(`loops ${width}: ${JSON.stringify(database[`loops${width}`])}\n`);
}

// ---- 3. Handoff latency. The seeded conversations leave the queues; the agents are free again.
await resetAssignments();
await sql`update conversations set status = 'closed', closed_at = now()
          where tenant_id = ${tenantId} and status = 'queued'`.execute(owner);
const handoff = (): WaitingConversation => ({
  conversationId: randomUUID(),
  queueId: QUEUES[rng(QUEUES.length)] as string,
  requiredSkills: [],
  priority: priorityOf(),
  queuedAt: 0,
});
const direct = Array.from({ length: HANDOFFS }, handoff);
const polled = Array.from({ length: HANDOFFS }, handoff);
await insertConversations([...direct, ...polled], 'bot');
const enqueueOf = (w: WaitingConversation) =>
  enqueue(app, {
    tenantId,
    conversationId: w.conversationId,
    queueId: w.queueId,
    requiredSkills: w.requiredSkills,
    priority: w.priority,
    reason: 'user-request',
    now: new Date(),
  });

const directTimes: number[] = [];
for (const w of direct) {
  const t0 = performance.now();
  await enqueueOf(w);
  const done = await assignNext(app, { tenantId, now: new Date() });
  if (done?.conversationId !== w.conversationId) throw new Error('the direct handoff was not assigned');
  directTimes.push(performance.now() - t0);
}

const enqueuedAt = new Map<string, number>();
const assignedAt = new Map<string, number>();
const enqueueTimes: number[] = [];
let polling = true;
let rounds = 0;
const poller = (async () => {
  while (polling) {
    const done = await assignAll(app, { tenantId, now: new Date() });
    const at = performance.now();
    for (const a of done) assignedAt.set(a.conversationId, at);
    rounds++;
    await sleep(POLL_MS);
  }
})();
for (const w of polled) {
  await sleep(rng(2 * GAP_MS + 1));
  const t0 = performance.now();
  enqueuedAt.set(w.conversationId, t0);
  await enqueueOf(w);
  enqueueTimes.push(performance.now() - t0);
}
const deadline = Date.now() + 10 * POLL_MS + 5_000;
while (assignedAt.size < enqueuedAt.size && Date.now() < deadline) await sleep(POLL_MS);
polling = false;
await poller;
const latencies = polled.flatMap((w) => {
  const at = assignedAt.get(w.conversationId);
  return at === undefined ? [] : [at - (enqueuedAt.get(w.conversationId) as number)];
});
const latency = spread(latencies);
const directSpread = spread(directTimes);

const summary = {
  database: db.url ? 'postgresql' : 'pglite',
  seeding: { agents: AGENTS, waiting: WAITING, contacts: CONTACTS, seconds: round(seedSeconds, 1) },
  pure,
  assignNext: database,
  handoff: {
    design: `assignAll every ${POLL_MS} ms; handoffs ${GAP_MS} ms apart on average; assignment stamped when assignAll returns`,
    handoffs: HANDOFFS,
    assigned: latencies.length,
    pollRounds: rounds,
    enqueue: spread(enqueueTimes),
    ...latency,
    baselineDirectP50Ms: directSpread.p50Ms,
    baselineDirectP99Ms: directSpread.p99Ms,
    ratioP50: round(latency.p50Ms / directSpread.p50Ms, 2),
    ratioP99: round(latency.p99Ms / directSpread.p99Ms, 2),
    consistent: await consistent(),
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
await runtime.bus.close();
await db.destroy();

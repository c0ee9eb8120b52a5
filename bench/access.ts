/**
 * Authorization and token costs (issue 5), each against a baseline measured in the same run:
 *
 *  (a) cached decisions: `ability.can()` on an ability built once for the actor, against building
 *      the ability for every decision (what a cache saves). Target ≥ 500,000 decisions/s.
 *  (b) access-token verification (jose: signature, header, issuer, audience, expiry, typ) against
 *      the bare Ed25519 signature check through node:crypto on the same token; then the resolver
 *      every request goes through (verification cache, revocation check) on a token presented
 *      again, against that first verification. Target ≥ 10,000/s on one core (this process is
 *      single-threaded).
 *  (c) a page of conversations listed with the agent's ability filter in the WHERE clause,
 *      against the same query with the tenant condition only, on the real PostgreSQL.
 *      Target ≥ 80 % of the unfiltered throughput.
 *
 *   node --import tsx bench/access.ts [--seconds 2] [--rows 200000]
 *
 * Uses CUSTOS_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) for (c), in a
 * database of its own that is dropped at the end.
 */
import { createPublicKey, type JsonWebKey, verify as verifySignature } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import {
  type AccessActor,
  accessFilter,
  accessTokenResolver,
  asSubject,
  type ColumnMap,
  createKeySet,
  DEFAULT_TOKEN_LIFETIME,
  defineAbilityFor,
  generateSigningKey,
  issueAccessToken,
  verifyAccessToken,
} from '../core/index.ts';
import { createTestDb } from '../testing/test-db.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, rows: { type: 'string', default: '200000' } },
});
const seconds = Number(values.seconds);
const rowCount = Number(values.rows);
process.env.CUSTOS_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

/** Calls `fn` in a loop for `seconds` (after a short warm-up) and returns calls per second. */
async function rate(fn: (i: number) => unknown | Promise<unknown>, asynchronous = false): Promise<number> {
  const run = async (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    const started = performance.now();
    while (performance.now() < end) {
      // Batches of 100 keep the clock out of the measurement.
      for (let k = 0; k < 100; k++, n++) {
        const result = fn(n);
        if (asynchronous) await result;
      }
    }
    return (n * 1000) / (performance.now() - started);
  };
  await run(300);
  return run(seconds * 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (label: string, value: number, baseline: number, target: string) =>
  console.log(
    `${label.padEnd(34)} ${fmt(value).padStart(11)}/s   baseline ${fmt(baseline).padStart(11)}/s   ratio ${(value / baseline).toFixed(2)}   target ${target}`,
  );

const TENANT = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-0000000000aa';
const QUEUES = ['queue-1', 'queue-2'];
const agent: AccessActor = { id: ME, tenantId: TENANT, roles: ['agent'], mfa: false, queueIds: QUEUES };

// (a) decisions
const statuses = ['bot', 'queued', 'assigned', 'closed'];
const subjects = Array.from({ length: 1024 }, (_, i) =>
  asSubject('Conversation', {
    tenantId: TENANT,
    id: `c-${i}`,
    contactId: `p-${i % 97}`,
    assigneeId: i % 5 === 0 ? ME : null,
    queueId: `queue-${i % 4}`,
    status: statuses[i % 4],
    careTeam: [],
    schoolId: null,
    priority: i % 3,
  }),
);
const cached = defineAbilityFor(agent);
let allowed = 0;
const decisions = await rate((i) => {
  if (cached.can('read', subjects[i & 1023] as never)) allowed++;
});
const uncached = await rate((i) => {
  if (defineAbilityFor(agent).can('read', subjects[i & 1023] as never)) allowed++;
});
if (allowed === 0) throw new Error('no decision allowed anything: the fixture is wrong');
line('(a) cached decisions', decisions, uncached, '≥ 500,000/s');

// (b) token verification
const key = await generateSigningKey('EdDSA');
const keys = createKeySet(key);
const config = {
  issuer: 'https://custos.example',
  audience: 'https://custos.example/api',
  ...DEFAULT_TOKEN_LIFETIME,
};
const { token } = await issueAccessToken(
  keys,
  config,
  { subject: ME, tenantId: TENANT, roles: ['agent'], amr: ['pwd'], sessionId: 'bench-session' },
  new Date(),
);
const [head, payload, signature] = token.split('.') as [string, string, string];
const signed = Buffer.from(`${head}.${payload}`);
const rawSignature = Buffer.from(signature, 'base64url');
const publicKey = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' });
const verified = await rate(() => verifyAccessToken(token, keys, config), true);
const bare = await rate(() => {
  if (!verifySignature(null, signed, publicKey, rawSignature)) throw new Error('signature did not verify');
});
line('(b) token, first presentation', verified, bare, '(signature + claims)');
const resolve = accessTokenResolver(async () => keys, config, { isRevoked: () => false });
if ((await resolve(token)) === undefined) throw new Error('the resolver refused the token');
const repeated = await rate(() => resolve(token), true);
line('(b) token, presented again', repeated, verified, '≥ 10,000/s');

// (c) list query with and without the ability filter
const db = await createTestDb({ migrate: false });
try {
  const k = db.db as unknown as Kysely<any>;
  await sql`create table bench_conversations (
    tenant_id uuid not null, conversation_id bigint not null, contact_id text not null,
    assignee_id uuid, queue_id text, status text not null, care_team text[], school_id text,
    priority int not null, created_at timestamptz not null,
    primary key (tenant_id, conversation_id))`.execute(k);
  await sql`insert into bench_conversations
    select case when g % 10 = 0 then ${TENANT}::uuid else ('00000000-0000-4000-8000-' || lpad((g % 10)::text, 12, '0'))::uuid end,
      g, 'p-' || (g % 9973), case when g % 7 = 0 then ${ME}::uuid else null end, 'queue-' || (g % 6),
      (array['bot','queued','assigned','closed'])[1 + g % 4], null, null, g % 3,
      now() - make_interval(secs => g)
    from generate_series(1, ${rowCount}) g`.execute(k);
  await sql`create index on bench_conversations (tenant_id, created_at desc)`.execute(k);
  await sql`create index on bench_conversations (tenant_id, queue_id, created_at desc)`.execute(k);
  await sql`create index on bench_conversations (tenant_id, assignee_id, created_at desc)`.execute(k);
  await sql`analyze bench_conversations`.execute(k);

  const columns: ColumnMap<'Conversation'> = {
    tenantId: { column: 'tenant_id' },
    contactId: { column: 'contact_id' },
    assigneeId: { column: 'assignee_id', nullable: true },
    queueId: { column: 'queue_id', nullable: true },
    status: { column: 'status' },
    careTeam: { column: 'care_team', nullable: true, array: true },
    schoolId: { column: 'school_id', nullable: true },
    priority: { column: 'priority' },
  };
  const page = (filtered: boolean) =>
    k
      .selectFrom('bench_conversations')
      .select(['conversation_id', 'status', 'queue_id', 'assignee_id', 'created_at'])
      .where('tenant_id', '=', TENANT)
      .$if(filtered, (q) => q.where(accessFilter(cached, 'read', 'Conversation', columns)))
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
  const filteredRows = await page(true);
  if (filteredRows.length === 0) throw new Error('the filtered page is empty: the fixture is wrong');
  const plainRate = await rate(() => page(false), true);
  const filteredRate = await rate(() => page(true), true);
  line('(c) list page with ability filter', filteredRate, plainRate, 'ratio ≥ 0.80');
} finally {
  await db.destroy();
}

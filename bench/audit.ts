/**
 * The audit log on the real PostgreSQL, in one run (issue 3, Acceptance):
 *
 *   node --import tsx bench/audit.ts [--entries 200000] [--writers 8] [--write-seconds 3]
 *     [--rounds 3] [--lag-rate 2000] [--lag-seconds 10] [--proofs 1000]
 *
 * Uses CUSTOS_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) as the
 * admin URL: a fresh migrated database is created for the run and dropped at the end.
 *
 * (a) audited business writes / the same writes without an audit record (target ≥ 0.8);
 * (b) integration lag p50/p99 at an offered rate (target p99 < 1 s at 2,000 events/s);
 * (c) online verify entries/s over a stored log of --entries (target ≥ 300,000/s), against the
 *     in-memory recompute of the same leaves;
 * (d) export of --entries: time and peak RSS, in a child process (target 1,000,000 < 20 s and
 *     < 250 MB);
 * (e) inclusion proof p50/p99 at that size (target p99 < 5 ms at 1,000,000).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import {
  AUDIT_EVENT_VERSION,
  type AuditDatabase,
  canonicalBytes,
  createExportSigningCertificate,
  generateNoteKey,
  inclusionProofFor,
  type LogKeys,
  logKeysFromSignerKey,
  type NewAuditEvent,
  parseAuditEvent,
  pseudonymize,
  recomputeLogSync,
  recordAuditEvent,
  recordOutsideTransaction,
  sequenceAll,
  startSequencerLoop,
  verifyStoredLog,
  writeExport,
} from '../compliance/index.ts';
import { openDatabase } from '../core/index.ts';
import { createTestDb, silentLogger } from '../testing/test-db.ts';

// ---------------------------------------------------------------------------------------------
// Arguments

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

const KEY_NAME = 'bench.custos.example/audit';
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

// ---------------------------------------------------------------------------------------------
// Events

const PSEUDONYM_KEY = Buffer.alloc(32, 7);
const pseudonyms = Array.from({ length: 256 }, (_, i) => pseudonymize(PSEUDONYM_KEY, 'patient', `p-${i}`));

function benchEvent(tenantId: string, i: number): NewAuditEvent {
  return {
    tenantId,
    actor: { id: `u-agent-${i % 50}`, role: 'agent', kind: 'staff' },
    action: i % 4 === 0 ? 'update' : 'read',
    purpose: 'TREAT',
    resource: { type: 'Patient', id: `pat-${i % 1000}` },
    subject: { type: 'patient', pseudonym: pseudonyms[i % pseudonyms.length]! },
    outcome: { result: 'success' },
    requestId: `req-${i}`,
    network: { address: '10.0.4.17' },
  };
}

async function insertTenant(db: Kysely<AuditDatabase>, label: string): Promise<string> {
  const id = randomUUID();
  await sql`insert into tenants (tenant_id, slug, name, vertical, locale, time_zone)
    values (${id}, ${`bench-${label}-${id.slice(0, 8)}`}, 'Bench tenant', 'medical', 'en', 'UTC')`.execute(
    db,
  );
  return id;
}

// ---------------------------------------------------------------------------------------------
// (a) audited writes vs plain writes

async function writeRound(
  db: Kysely<AuditDatabase>,
  tenantId: string,
  writers: number,
  durationS: number,
  audited: boolean,
): Promise<number> {
  const deadline = Date.now() + durationS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < deadline) {
        const i = done;
        await db.transaction().execute(async (trx) => {
          await sql`insert into bench_orders (tenant_id, reference, amount_cents)
            values (${tenantId}, ${`ord-${i}`}, ${1000 + (i % 5000)})`.execute(trx);
          if (audited) await recordAuditEvent(trx, benchEvent(tenantId, i));
        });
        done += 1;
      }
    }),
  );
  return done / durationS;
}

async function benchWrites(db: Kysely<AuditDatabase>, writers: number, durationS: number, rounds: number) {
  await sql`create table bench_orders (
    order_id bigint generated always as identity primary key,
    tenant_id uuid not null references tenants (tenant_id),
    reference text not null,
    amount_cents integer not null,
    created_at timestamptz not null default now())`.execute(db);
  const tenantId = await insertTenant(db, 'writes');
  await writeRound(db, tenantId, writers, 1, false); // warm-up
  await writeRound(db, tenantId, writers, 1, true);
  const plain: number[] = [];
  const audited: number[] = [];
  for (let r = 0; r < rounds; r++) {
    plain.push(await writeRound(db, tenantId, writers, durationS, false));
    audited.push(await writeRound(db, tenantId, writers, durationS, true));
  }
  // What recording costs on the client: validation and canonical encoding, one core.
  const n = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const { seq: _seq, ...valid } = parseAuditEvent({
      ...benchEvent(tenantId, i),
      v: AUDIT_EVENT_VERSION,
      seq: 0,
      time: new Date().toISOString(),
    });
    canonicalBytes(valid);
  }
  const validateUs = (seconds(start) / n) * 1e6;
  return {
    tenantId,
    plain: median(plain),
    audited: median(audited),
    plainAll: plain,
    auditedAll: audited,
    validateUs,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) integration lag: events offered at a fixed rate, sequenced by the production loop

async function benchLag(db: Kysely<AuditDatabase>, keys: LogKeys, rate: number, durationS: number) {
  const tenantId = await insertTenant(db, 'lag');
  const total = Math.round(rate * durationS);
  const committedAt = new Map<string, number>();
  const sizeSeen: { size: number; at: number }[] = [];
  let errors = 0;
  const loop = startSequencerLoop(db, { keys, onError: () => (errors += 1) });
  let polling = true;
  const poller = (async () => {
    let last = 0;
    while (polling) {
      const { rows } = await sql<{ last: number | null }>`
        select max(seq) as last from audit_events where tenant_id = ${tenantId}`.execute(db);
      const size = rows[0]?.last == null ? 0 : Number(rows[0].last) + 1;
      if (size > last) {
        sizeSeen.push({ size, at: performance.now() });
        last = size;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();

  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = 8;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const requestId = `lag-${i}`;
    const p = recordOutsideTransaction(db, { ...benchEvent(tenantId, i), requestId }).then(() => {
      committedAt.set(requestId, performance.now());
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const offeredS = (performance.now() - start) / 1000;
  // Wait until everything is in the tree.
  while ((sizeSeen.at(-1)?.size ?? 0) < total) await new Promise((r) => setTimeout(r, 20));
  polling = false;
  await poller;
  await loop.stop();

  const { rows } = await sql<{ seq: number; leaf: Buffer }>`
    select seq, leaf from audit_events where tenant_id = ${tenantId} order by seq`.execute(db);
  const lags: number[] = [];
  let k = 0;
  for (const row of rows) {
    const seq = Number(row.seq);
    while (sizeSeen[k]!.size <= seq) k += 1;
    const requestId = (JSON.parse(row.leaf.toString('utf8')) as { requestId: string }).requestId;
    lags.push(sizeSeen[k]!.at - committedAt.get(requestId)!);
  }
  lags.sort((a, b) => a - b);
  return {
    achieved: total / offeredS,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1)!,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// (c)–(e) a stored log of N entries

async function fillLog(db: Kysely<AuditDatabase>, keys: LogKeys, entries: number) {
  const tenantId = await insertTenant(db, 'log');
  const chunk = 1000;
  const base = Date.UTC(2026, 0, 1);
  let sequenced = 0;
  for (let start = 0; start < entries; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(entries, start + chunk); i++) {
      const body = canonicalBytes({
        ...benchEvent(tenantId, i),
        v: AUDIT_EVENT_VERSION,
        time: new Date(base + i * 37).toISOString(),
      });
      rows.push({ tenant_id: tenantId, body: Buffer.from(body) });
    }
    await db.insertInto('audit_pending').values(rows).execute();
    // Sequence as it goes, in the production batch size (one checkpoint per 1,000 events).
    if ((start / chunk) % 20 === 19 || start + chunk >= entries) sequenced += await sequenceAll(db, { keys });
  }
  if (sequenced !== entries) throw new Error(`sequenced ${sequenced} of ${entries}`);
  await sql`analyze audit_events`.execute(db);
  await sql`analyze audit_nodes`.execute(db);
  return tenantId;
}

async function benchVerify(db: Kysely<AuditDatabase>, keys: LogKeys, tenantId: string, entries: number) {
  const options = { verifiers: [keys.verifier], keyName: keys.signer.name };
  const runs: number[] = [];
  for (let r = 0; r < 2; r++) {
    const start = process.hrtime.bigint();
    const report = await verifyStoredLog(db, tenantId, options);
    if (!report.ok || report.size !== entries) throw new Error(`verify failed: ${JSON.stringify(report)}`);
    runs.push(entries / seconds(start));
  }
  // Baseline: the in-memory recompute (leaf hashes and tree) of the same leaves, at most 200,000.
  const sample = Math.min(entries, 200_000);
  const leaves: Uint8Array[] = [];
  for (let low = 0; low < sample; low += 10_000) {
    const { rows } = await sql<{ leaf: Buffer }>`
      select leaf from audit_events
      where tenant_id = ${tenantId} and seq >= ${low} and seq < ${Math.min(sample, low + 10_000)}
      order by seq`.execute(db);
    for (const row of rows) leaves.push(row.leaf);
  }
  recomputeLogSync(leaves);
  const start = process.hrtime.bigint();
  recomputeLogSync(leaves);
  const memory = sample / seconds(start);
  return { online: Math.max(...runs), runs, memory, sample };
}

async function benchProofs(db: Kysely<AuditDatabase>, tenantId: string, entries: number, count: number) {
  const times: number[] = [];
  let x = 12345;
  for (let i = 0; i < count + 50; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const seq = x % entries;
    const start = process.hrtime.bigint();
    await inclusionProofFor(db, tenantId, seq, entries);
    if (i >= 50) times.push(seconds(start) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The export runs in a child process so that its peak RSS is its own. */
async function benchExport(url: string, tenantId: string, signerKey: string) {
  const directory = await mkdtemp(join(tmpdir(), 'custos-bench-export-'));
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child-export', join(directory, 'out')],
      {
        env: { ...process.env, BENCH_DB_URL: url, BENCH_TENANT: tenantId, BENCH_SIGNER: signerKey },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    if (code !== 0) throw new Error(`export child exited with ${code}`);
    return JSON.parse(out) as { size: number; seconds: number; peakRssMb: number; startRssMb: number };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function childExport(directory: string) {
  const handle = await openDatabase({
    databaseUrl: process.env.BENCH_DB_URL!,
    dataDir: tmpdir(),
    poolSize: 2,
    logger: silentLogger,
  });
  const keys = logKeysFromSignerKey(process.env.BENCH_SIGNER!);
  const certificate = createExportSigningCertificate({ commonName: 'Custos audit export signer (bench)' });
  const startRssMb = process.memoryUsage().rss / 2 ** 20;
  const start = process.hrtime.bigint();
  const summary = await writeExport(handle.db, process.env.BENCH_TENANT!, directory, {
    keyName: keys.signer.name,
    verifier: keys.verifier,
    verifierKey: keys.verifierKey,
    signer: certificate,
  });
  const elapsed = seconds(start);
  await handle.close();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ size: summary.size, seconds: elapsed, peakRssMb, startRssMb }));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const entries = flag('entries', 200_000);
  const writers = flag('writers', 8);
  const writeSeconds = flag('write-seconds', 3);
  const rounds = flag('rounds', 3);
  const lagRate = flag('lag-rate', 2000);
  const lagSeconds = flag('lag-seconds', 10);
  const proofs = flag('proofs', 1000);

  process.env.CUSTOS_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const testDb = await createTestDb();
  const db = testDb.db as unknown as Kysely<AuditDatabase>;
  const signerKey = generateNoteKey(KEY_NAME).signerKey;
  const keys = logKeysFromSignerKey(signerKey);
  const { rows } = await sql<{
    version: string;
  }>`select current_setting('server_version') as version`.execute(db);
  console.log(
    `audit bench on PostgreSQL ${rows[0]?.version}, Node ${process.version}; entries ${fmt(entries)}, ` +
      `${writers} writers × ${rounds} rounds of ${writeSeconds} s, lag at ${fmt(lagRate)}/s for ${lagSeconds} s`,
  );
  try {
    const w = await benchWrites(db, writers, writeSeconds, rounds);
    const ratio = w.audited / w.plain;
    console.log(
      `(a) writes/s  plain ${fmt(w.plain)} [${w.plainAll.map((v) => fmt(v)).join(', ')}]  ` +
        `audited ${fmt(w.audited)} [${w.auditedAll.map((v) => fmt(v)).join(', ')}]  ` +
        `ratio ${ratio.toFixed(2)} (target ≥ 0.80: ${verdict(ratio >= 0.8)}); ` +
        `validation + encoding ${w.validateUs.toFixed(1)} µs/event on one core`,
    );
    // The intake of (a) is sequenced now, so that it does not weigh on (b).
    await sequenceAll(db, { keys });

    const lag = await benchLag(db, keys, lagRate, lagSeconds);
    console.log(
      `(b) lag at ${fmt(lag.achieved)}/s offered: p50 ${fmt(lag.p50)} ms, p99 ${fmt(lag.p99)} ms, ` +
        `max ${fmt(lag.max)} ms (target p99 < 1,000 ms: ${verdict(lag.p99 < 1000)})` +
        (lag.errors ? `; ${lag.errors} sequencer errors` : ''),
    );

    let start = process.hrtime.bigint();
    const tenantId = await fillLog(db, keys, entries);
    console.log(`    filled a log of ${fmt(entries)} entries in ${seconds(start).toFixed(1)} s`);

    const v = await benchVerify(db, keys, tenantId, entries);
    console.log(
      `(c) verify ${fmt(v.online)} entries/s online [${v.runs.map((r) => fmt(r)).join(', ')}]; ` +
        `in-memory recompute ${fmt(v.memory)}/s over ${fmt(v.sample)} (ratio ${(v.online / v.memory).toFixed(2)}) ` +
        `(target ≥ 300,000/s: ${verdict(v.online >= 300_000)})`,
    );

    start = process.hrtime.bigint();
    const e = await benchExport(testDb.url!, tenantId, signerKey);
    const scaled = (e.seconds * 1_000_000) / e.size;
    console.log(
      `(d) export of ${fmt(e.size)} entries: ${e.seconds.toFixed(2)} s (${fmt(e.size / e.seconds)}/s, ` +
        `≈ ${scaled.toFixed(1)} s per 1,000,000), peak RSS ${fmt(e.peakRssMb)} MB (${fmt(e.startRssMb)} MB before) ` +
        `(target 1,000,000 < 20 s: ${entries >= 1_000_000 ? verdict(e.seconds < 20) : `extrapolated ${verdict(scaled < 20)}`}; ` +
        `< 250 MB: ${verdict(e.peakRssMb < 250)})`,
    );

    const p = await benchProofs(db, tenantId, entries, proofs);
    console.log(
      `(e) inclusion proof at ${fmt(entries)}: p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms ` +
        `over ${fmt(proofs)} (target p99 < 5 ms at 1,000,000: ${verdict(p.p99 < 5)})`,
    );
  } finally {
    await testDb.destroy();
  }
}

const childIndex = process.argv.indexOf('--child-export');
if (childIndex >= 0) await childExport(process.argv[childIndex + 1]!);
else await main();

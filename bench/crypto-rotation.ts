/**
 * The 30-second rotation drill: 8 writers and 8 readers on the contact store while every key of
 * a tenant is rotated and its rows re-encrypted.
 *
 *   node --import tsx bench/crypto-rotation.ts [--seconds 30] [--contacts 2000]
 *
 * Uses embedded PGlite in a temporary directory, or CUSTOS_DATABASE_URL (an empty database).
 * The grace before old keys are destroyed is the drill's length. Prints reads and writes per
 * second before and during the rotation, and their ratio (the machines are noisy: compare the
 * ratio, not the numbers), and exits non-zero on any failed read, lost write, row left on an old
 * key or old key left alive. `core/privacy/key-rotation.drill.db.test.ts` is the short version.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  createKeyring,
  createLocalKeyProvider,
  createSqlKeyStore,
  createSqlKeyTransactions,
  generateRootKey,
  keyStatus,
  recordAuditEvent,
  runRotation,
  startRotation,
} from '../compliance/index.ts';
import {
  collectMigrations,
  coreMigrations,
  createContactRepository,
  createContactService,
  type Database,
  ENCRYPTED_TABLES,
  keyAuditHook,
  migrateToLatest,
  openDatabase,
} from '../core/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, contacts: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 30);
const CONTACTS = Number(values.contacts ?? 2000);
const WORKERS = 8;

const logger = pino({ level: 'silent' });
const handle = await openDatabase({
  databaseUrl: process.env.CUSTOS_DATABASE_URL,
  dataDir: mkdtempSync(join(tmpdir(), 'custos-rotation-bench-')),
  logger,
});
const db = handle.db;
await migrateToLatest(db, collectMigrations(coreMigrations));

const tenantId = randomUUID();
await db
  .insertInto('tenants')
  .values({
    tenant_id: tenantId,
    slug: `bench-${tenantId.slice(0, 8)}`,
    name: 'Bench clinic',
    vertical: 'medical',
    locale: 'en',
    time_zone: 'UTC',
    settings: '{}',
  })
  .execute();
const pseudonymKey = async (t: string) => createHash('sha256').update(`bench/${t}`).digest();
const audit = { record: recordAuditEvent };
const keyring = createKeyring({
  store: createSqlKeyStore<Database>(db),
  transactions: createSqlKeyTransactions<Database>(db),
  provider: createLocalKeyProvider({
    roots: [{ version: 1, key: Buffer.from(generateRootKey(), 'base64') }],
  }),
  onEvent: keyAuditHook({ db, audit, pseudonymKey }),
});
const contacts = createContactService({
  db,
  contacts: createContactRepository(db, keyring),
  audit,
  keyring,
  pseudonymKey,
});
const access = {
  actor: { kind: 'staff', id: 'u-bench', role: 'agent' },
  tenantId,
  purpose: 'PATADMIN',
} as const;

const acknowledged = new Map<string, string>();
const owned: string[][] = Array.from({ length: WORKERS }, () => []);
for (let n = 0; n < CONTACTS; n++) {
  const c = await contacts.create(access, {
    kind: 'patient',
    displayName: `测试患者${n}`,
    mobilePhone: `1380013${String(n % 10000).padStart(4, '0')}`,
  });
  acknowledged.set(c.id, c.displayName);
  owned[n % WORKERS]!.push(c.id);
}

let running = true;
let rotating = false;
const counts = { before: { reads: 0, writes: 0 }, during: { reads: 0, writes: 0 } };
const failures: string[] = [];
// Requests arrive through I/O; yielding like one keeps 16 loops from starving timers.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const bucket = () => (rotating ? counts.during : counts.before);

const writer = async (w: number) => {
  for (let n = 1; running; n++) {
    await nextTurn();
    const id = pick(owned[w]!);
    const displayName = `测试患者${w}-${n}`;
    try {
      const read = await contacts.update(access, id, { displayName });
      if (read.status === 'found') acknowledged.set(id, displayName);
      else failures.push(`write ${read.status}`);
      bucket().writes++;
    } catch (error) {
      failures.push(`write: ${(error as Error).message}`);
    }
  }
};
const reader = async () => {
  const ids = [...acknowledged.keys()];
  while (running) {
    await nextTurn();
    try {
      const read = await contacts.get(access, pick(ids));
      if (read.status !== 'found') failures.push(`read ${read.status}`);
      bucket().reads++;
    } catch (error) {
      failures.push(`read: ${(error as Error).message}`);
    }
  }
};

const load = [...owned.map((_, w) => writer(w)), ...owned.map(() => reader())];
const baselineMs = 3000;
await new Promise((r) => setTimeout(r, baselineMs));
rotating = true;
const started = performance.now();
let lastPhase = '';
const done = await runRotation(
  {
    db,
    keyring,
    store: createSqlKeyStore<Database>(db),
    tables: ENCRYPTED_TABLES,
    graceMs: SECONDS * 1000,
    onProgress(p) {
      if (p.phase === lastPhase) return;
      lastPhase = p.phase;
      process.stderr.write(`${p.phase}: pass ${p.passes}, rows ${p.rowsDone}/${p.rowsTotal}\n`);
    },
  },
  await startRotation({ db }, tenantId, 'all'),
);
const rotationMs = performance.now() - started;
running = false;
await Promise.all(load);

keyring.clearCache();
let lost = 0;
for (const [id, displayName] of acknowledged) {
  const read = await contacts.get(access, id);
  if (read.status !== 'found' || read.contact.displayName !== displayName) lost++;
}
const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
const oldAlive = report.subjects.retired.keys + report.versions.filter((v) => v.status === 'retired').length;
await handle.close();

const rate = (n: number, ms: number) => (n * 1000) / ms;
const before = {
  reads: rate(counts.before.reads, baselineMs),
  writes: rate(counts.before.writes, baselineMs),
};
const during = {
  reads: rate(counts.during.reads, rotationMs),
  writes: rate(counts.during.writes, rotationMs),
};
console.log(
  `rotation of ${CONTACTS} contacts: ${(rotationMs / 1000).toFixed(1)} s, ${done.passes} pass(es), ${done.rowsDone} rows re-encrypted`,
);
console.log(
  `reads/s   before ${before.reads.toFixed(0)}  during ${during.reads.toFixed(0)}  ratio ${(during.reads / before.reads).toFixed(2)}`,
);
console.log(
  `writes/s  before ${before.writes.toFixed(0)}  during ${during.writes.toFixed(0)}  ratio ${(during.writes / before.writes).toFixed(2)}`,
);
console.log(
  `failed operations ${failures.length}, lost writes ${lost}, old keys alive ${oldAlive}, job ${done.phase}`,
);
process.exit(failures.length === 0 && lost === 0 && oldAlive === 0 && done.phase === 'finished' ? 0 : 1);

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { insertTestTenant, sampleEvent } from './audit-log.fixture.ts';
import { logKeysFromSignerKey } from './log-keys.ts';
import { generateNoteKey } from './note-key.ts';
import { recordOutsideTransaction } from './recorder.ts';
import { sequenceAll } from './sequencer.ts';
import { verifyStoredLog } from './verify-stored.ts';

/**
 * Several processes on one PostgreSQL (DESIGN §8). PGlite is one process's embedded database,
 * so these run only against a real server; on PGlite the suite reports itself skipped.
 */
const SCRIPT = fileURLToPath(new URL('./testdata/audit-process.ts', import.meta.url));
const { signerKey } = generateNoteKey('audit.test.example/custos/audit');
const keys = logKeysFromSignerKey(signerKey);
let handle: TestDb;
let db: Kysely<AuditDatabase>;

beforeAll(async () => {
  handle = await createTestDb();
  db = auditDb(handle.db);
});
afterAll(async () => {
  await handle?.destroy();
});

function start(tenantId: string, connections: number, eventsEach: number, batchSize: number): ChildProcess {
  const args = [
    '--import',
    'tsx',
    SCRIPT,
    handle.url!,
    tenantId,
    signerKey,
    String(connections),
    String(eventsEach),
    String(batchSize),
  ];
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, 'close');
  return { code, stderr };
}

const seqs = async (tenantId: string) =>
  (
    await db
      .selectFrom('audit_events')
      .select('seq')
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute()
  ).map((r) => r.seq);

describe.runIf(testDialect() === 'postgres')('several Custos processes on one PostgreSQL', () => {
  it('4 processes appending from 32 connections give a gap-free sequence and one consistent tree', async () => {
    const tenantId = await insertTestTenant(db);
    const children = Array.from({ length: 4 }, () => start(tenantId, 8, 25, 50));
    const results = await Promise.all(children.map(finished));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(await seqs(tenantId)).toEqual([...Array(800).keys()]);
    const leaves = await db
      .selectFrom('audit_events')
      .select(sql<number>`count(distinct leaf)::int`.as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(leaves.n).toBe(800);
    const report = await verifyStoredLog(db, tenantId, {
      verifiers: [keys.verifier],
      keyName: keys.signer.name,
    });
    expect(report).toMatchObject({ ok: true, size: 800 });
  }, 120_000);

  it('killing the sequencing process mid-batch loses nothing and numbers nothing twice', async () => {
    const tenantId = await insertTestTenant(db);
    for (let i = 0; i < 3000; i++) await recordOutsideTransaction(db, sampleEvent(tenantId, i));
    const sequencer = start(tenantId, 0, 0, 400);
    const exited = finished(sequencer);
    // Kill it once it has committed a batch or two: it is then most likely inside the next one.
    await expect
      .poll(async () => (await seqs(tenantId)).length, { timeout: 60_000, interval: 5 })
      .toBeGreaterThan(0);
    sequencer.kill('SIGKILL');
    expect((await exited).code).toBe(null);
    const survivors = (await seqs(tenantId)).length;
    expect(survivors % 400).toBe(0);
    // Another process takes over once the server has rolled the dead one's batch back.
    await expect
      .poll(
        async () => {
          await sequenceAll(db, { keys, batchSize: 400 });
          return (await seqs(tenantId)).length;
        },
        { timeout: 30_000 },
      )
      .toBe(3000);
    expect(await seqs(tenantId)).toEqual([...Array(3000).keys()]);
    const pending = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_pending where tenant_id = ${tenantId}`.execute(db);
    expect(pending.rows[0]?.n).toBe(0);
    expect(
      await verifyStoredLog(db, tenantId, { verifiers: [keys.verifier], keyName: keys.signer.name }),
    ).toMatchObject({ ok: true, size: 3000 });
  }, 120_000);
});

import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { insertTestTenant, sampleEvent, testLogKeys } from './audit-log.fixture.ts';
import { canonicalBytes } from './canonical-json.ts';
import { signCheckpoint } from './checkpoint.ts';
import { decodeLeaf } from './event.ts';
import { logOrigin } from './log-keys.ts';
import { hashLeaf } from './merkle.ts';
import { readRoot } from './node-store.ts';
import { recordOutsideTransaction } from './recorder.ts';
import { sequenceBatch } from './sequencer.ts';
import { createSqlNodeStore } from './sql-node-store.ts';
import { verifyStoredLog } from './verify-stored.ts';

/**
 * Tamper drills (docs/compliance/audit-log.md §7): what the application cannot do, and what a
 * superuser who can is caught doing.
 */
let handle: TestDb;
let db: Kysely<AuditDatabase>;
const keys = testLogKeys();
const verify = (tenantId: string) =>
  verifyStoredLog(db, tenantId, { verifiers: [keys.verifier], keyName: keys.signer.name });

beforeAll(async () => {
  handle = await createTestDb();
  db = auditDb(handle.db);
});
afterAll(async () => {
  await handle?.destroy();
});

async function logOf(size: number, batchSize = 1000): Promise<string> {
  const tenantId = await insertTestTenant(db);
  for (let i = 0; i < size; i++) await recordOutsideTransaction(db, sampleEvent(tenantId, i));
  for (;;) {
    const outcome = await sequenceBatch(db, tenantId, { keys, batchSize });
    if (outcome.status !== 'sequenced') return tenantId;
  }
}

/** As a superuser would: with the guards off for this transaction only. */
function asSuperuser(work: (trx: Kysely<AuditDatabase>) => Promise<unknown>) {
  return db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await work(trx);
  });
}

const leafAt = async (trx: Kysely<AuditDatabase>, tenantId: string, seq: number) =>
  (
    await trx
      .selectFrom('audit_events')
      .select('leaf')
      .where('tenant_id', '=', tenantId)
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow()
  ).leaf;

describe(`the application cannot change the log (${testDialect()})`, () => {
  const tables = ['audit_events', 'audit_nodes', 'audit_checkpoints', 'audit_pending'] as const;

  it.each(tables)('refuses UPDATE, DELETE and TRUNCATE on %s', async (table) => {
    const tenantId = await logOf(3);
    await recordOutsideTransaction(db, sampleEvent(tenantId, 3));
    const refused = /append-only|cannot be changed or dropped/;
    await expect(sql`update ${sql.table(table)} set tenant_id = tenant_id`.execute(db)).rejects.toThrow(
      refused,
    );
    await expect(
      sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db),
    ).rejects.toThrow(refused);
    await expect(sql`truncate ${sql.table(table)} cascade`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verify(tenantId)).ok).toBe(true);
  });

  it('lets the application role record, sequence and verify, and nothing more (§7.4)', async () => {
    const tenantId = await insertTestTenant(db);
    await db.connection().execute(async (app) => {
      // As the application runs: the role of its migrations, in platform scope (the sequencer's).
      await sql`select set_config('role', 'custos_app', false), set_config('custos.scope', 'platform', false)`.execute(
        app,
      );
      try {
        for (let i = 0; i < 5; i++) await recordOutsideTransaction(app, sampleEvent(tenantId, i));
        expect(await sequenceBatch(app, tenantId, { keys })).toMatchObject({ count: 5, treeSize: 5 });
        expect(
          await verifyStoredLog(app, tenantId, { verifiers: [keys.verifier], keyName: keys.signer.name }),
        ).toMatchObject({ ok: true });
        for (const table of ['audit_events', 'audit_nodes', 'audit_checkpoints']) {
          await expect(
            sql`update ${sql.table(table)} set tenant_id = tenant_id`.execute(app),
          ).rejects.toThrow(/permission denied/);
          await expect(sql`delete from ${sql.table(table)}`.execute(app)).rejects.toThrow(
            /permission denied/,
          );
          await expect(sql`truncate ${sql.table(table)}`.execute(app)).rejects.toThrow(/permission denied/);
          await expect(
            sql`alter table ${sql.table(table)} disable trigger user`.execute(app),
          ).rejects.toThrow(/must be owner/);
        }
      } finally {
        await sql`select set_config('role', 'none', false), set_config('custos.scope', '', false)`.execute(
          app,
        );
      }
    });
  });

  it('lets a pending event leave the intake only into the log', async () => {
    const tenantId = await insertTestTenant(db);
    await recordOutsideTransaction(db, sampleEvent(tenantId, 0));
    await expect(sql`delete from audit_pending where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(
      /cannot be changed or dropped/,
    );
    expect(await sequenceBatch(db, tenantId, { keys })).toMatchObject({ status: 'sequenced', count: 1 });
  });
});

describe(`verify catches a superuser's edits (${testDialect()})`, () => {
  it('names the exact sequence number of an edited leaf', async () => {
    const tenantId = await logOf(40, 16);
    await asSuperuser(async (trx) => {
      const event = decodeLeaf(await leafAt(trx, tenantId, 13));
      const forged = Buffer.from(canonicalBytes({ ...event, purpose: 'HOPERAT' }));
      await sql`update audit_events set leaf = ${forged}, purpose = 'HOPERAT'
        where tenant_id = ${tenantId} and seq = 13`.execute(trx);
    });
    expect(await verify(tenantId)).toMatchObject({ ok: false, firstBadSequence: 13 });
  });

  it('pins an edit that also rewrote the leaf hash to the checkpoints around it', async () => {
    const tenantId = await logOf(12, 1);
    await asSuperuser(async (trx) => {
      const event = decodeLeaf(await leafAt(trx, tenantId, 6));
      const forged = Buffer.from(canonicalBytes({ ...event, action: 'search' }));
      await sql`update audit_events set leaf = ${forged}, action = 'search'
        where tenant_id = ${tenantId} and seq = 6`.execute(trx);
      await sql`update audit_nodes set hash = ${hashLeaf(forged)}
        where tenant_id = ${tenantId} and level = 0 and index = 6`.execute(trx);
    });
    // One checkpoint per event (batches of one): the root after 7 leaves is the first to differ.
    const report = await verify(tenantId);
    expect(report).toMatchObject({ ok: false, firstBadSequence: 6 });
    expect(report.problem).toMatch(/seq 6\.\.6/);
  });

  it('in strict mode, names a non-canonical leaf even when its stored hash was rewritten too', async () => {
    const tenantId = await logOf(12);
    await asSuperuser(async (trx) => {
      const forged = Buffer.from(`${(await leafAt(trx, tenantId, 6)).toString('utf8')} `);
      await sql`update audit_events set leaf = ${forged} where tenant_id = ${tenantId} and seq = 6`.execute(
        trx,
      );
      await sql`update audit_nodes set hash = ${hashLeaf(forged)}
        where tenant_id = ${tenantId} and level = 0 and index = 6`.execute(trx);
    });
    const strict = await verifyStoredLog(db, tenantId, {
      verifiers: [keys.verifier],
      keyName: keys.signer.name,
      strict: true,
    });
    expect(strict).toMatchObject({
      ok: false,
      firstBadSequence: 6,
      problem: expect.stringMatching(/^seq 6: /),
    });
    expect(await verify(tenantId)).toMatchObject({ ok: false, firstBadSequence: 11 });
  });

  it('names the first missing sequence number of a deleted row', async () => {
    const tenantId = await logOf(20);
    await asSuperuser((trx) =>
      sql`delete from audit_events where tenant_id = ${tenantId} and seq = 7`.execute(trx),
    );
    const report = await verify(tenantId);
    expect(report).toMatchObject({ ok: false, firstBadSequence: 7 });
    expect(report.problem).toMatch(/row 8 stands where 7 belongs/);
  });

  it('names the first of a reordered pair', async () => {
    const tenantId = await logOf(20);
    await asSuperuser(async (trx) => {
      const [a, b] = [await leafAt(trx, tenantId, 4), await leafAt(trx, tenantId, 5)];
      await sql`update audit_events set leaf = ${b} where tenant_id = ${tenantId} and seq = 4`.execute(trx);
      await sql`update audit_events set leaf = ${a} where tenant_id = ${tenantId} and seq = 5`.execute(trx);
    });
    expect(await verify(tenantId)).toMatchObject({ ok: false, firstBadSequence: 4 });
  });

  it('notices truncation of the tail behind the last checkpoint', async () => {
    const tenantId = await logOf(10);
    await asSuperuser((trx) =>
      sql`delete from audit_events where tenant_id = ${tenantId} and seq >= 8`.execute(trx),
    );
    expect(await verify(tenantId)).toMatchObject({ ok: false, firstBadSequence: 8 });
  });

  it('rejects a checkpoint signed by another key, and the sequencer refuses to build on it', async () => {
    const tenantId = await logOf(10, 5);
    const intruder = testLogKeys(keys.signer.name);
    const root = await readRoot(createSqlNodeStore(db, tenantId), 10);
    const note = signCheckpoint({ origin: logOrigin(keys.signer.name, tenantId), size: 10, root }, [
      intruder.signer,
    ]);
    await asSuperuser((trx) =>
      sql`update audit_checkpoints set note = ${note} where tenant_id = ${tenantId} and tree_size = 10`.execute(
        trx,
      ),
    );
    expect(await verify(tenantId)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/checkpoint of size 10: no signature by a trusted key/),
    });
    await recordOutsideTransaction(db, sampleEvent(tenantId, 10));
    await expect(sequenceBatch(db, tenantId, { keys })).rejects.toThrow(/trusted key/);
  });

  it('rejects a stored tree whose inner nodes were rewritten', async () => {
    const tenantId = await logOf(16);
    await asSuperuser((trx) =>
      sql`update audit_nodes set hash = ${Buffer.alloc(32, 1)}
        where tenant_id = ${tenantId} and level = 4 and index = 0`.execute(trx),
    );
    expect(await verify(tenantId)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/tree of size 16/),
    });
  });
});

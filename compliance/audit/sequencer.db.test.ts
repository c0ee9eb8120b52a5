import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { insertTestTenant, sampleEvent, testLogKeys } from './audit-log.fixture.ts';
import { openCheckpoint } from './checkpoint.ts';
import { InvalidEvent } from './errors.ts';
import { logOrigin } from './log-keys.ts';
import { hashLeaf } from './merkle.ts';
import { readRoot } from './node-store.ts';
import { verifyInclusion } from './proof-verify.ts';
import { inclusionProof } from './proofs.ts';
import { recordAuditEvent, recordOutsideTransaction } from './recorder.ts';
import { sequenceAll, sequenceBatch, treeSize } from './sequencer.ts';
import { createSqlNodeStore } from './sql-node-store.ts';
import { verifyStoredLog } from './verify-stored.ts';

let handle: TestDb;
let db: Kysely<AuditDatabase>;
const keys = testLogKeys();
const verifyOptions = { verifiers: [keys.verifier], keyName: keys.signer.name };

beforeAll(async () => {
  handle = await createTestDb();
  db = auditDb(handle.db);
});
afterAll(async () => {
  await handle?.destroy();
});

const count = async (table: 'audit_pending' | 'audit_events', tenantId: string) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`recording on ${testDialect()}`, () => {
  it('keeps the event if and only if the access commits', async () => {
    const tenantId = await insertTestTenant(db);
    await db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(tenantId, 1)));
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAuditEvent(trx, sampleEvent(tenantId, 2));
        throw new Error('the access failed');
      }),
    ).rejects.toThrow('the access failed');
    expect(await count('audit_pending', tenantId)).toBe(1);
  });

  it('fails the access when the event is invalid (fail closed)', async () => {
    const tenantId = await insertTestTenant(db);
    const bad = {
      ...sampleEvent(tenantId, 1),
      actor: { id: 'someone@example.org', role: 'agent', kind: 'staff' },
    };
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into tenants (tenant_id, slug, name, vertical, locale, time_zone)
          values (gen_random_uuid(), 'fail-closed-probe', 'Probe', 'medical', 'en', 'UTC')`.execute(trx);
        await recordAuditEvent(trx, bad as never);
      }),
    ).rejects.toThrow(InvalidEvent);
    const probe = await sql`select 1 from tenants where slug = 'fail-closed-probe'`.execute(db);
    expect(probe.rows).toEqual([]);
  });

  it.each([
    ['no object', null, /\(root\)/],
    ['a number', 42, /\(root\)/],
    ['an unknown action', { action: 'peek' }, /action/],
    ['a free-text field', { note: 'called the ward' }, /unrecognized_keys/],
    ['a name as subject', { subject: { type: 'patient', pseudonym: 'Jane Roe' } }, /subject\.pseudonym/],
    ['a time that is not UTC', { time: '2026-01-01T08:00:00+08:00' }, /time/],
  ])('rejects %s with a clear error naming the path, never the value', async (_, change, message) => {
    const tenantId = await insertTestTenant(db);
    const input =
      change === null || typeof change !== 'object' ? change : { ...sampleEvent(tenantId, 0), ...change };
    const attempt = db.transaction().execute((trx) => recordAuditEvent(trx, input as never));
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.not.toThrow(/Jane Roe|called the ward/);
    expect(await count('audit_pending', tenantId)).toBe(0);
  });

  it('refuses to record outside a transaction through the transactional API', async () => {
    const tenantId = await insertTestTenant(db);
    await expect(recordAuditEvent(db as never, sampleEvent(tenantId, 0))).rejects.toThrow(
      /inside the access/,
    );
  });

  it('records denied attempts in their own transaction', async () => {
    const tenantId = await insertTestTenant(db);
    await recordOutsideTransaction(db, {
      ...sampleEvent(tenantId, 0),
      outcome: { result: 'failure', reason: 'denied' },
    });
    expect(await count('audit_pending', tenantId)).toBe(1);
  });
});

describe(`sequencing on ${testDialect()}`, () => {
  it('numbers events densely, stores the tree and signs a checkpoint per batch', async () => {
    const tenantId = await insertTestTenant(db);
    for (let i = 0; i < 25; i++) {
      await db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(tenantId, i)));
    }
    const first = await sequenceBatch(db, tenantId, { keys, batchSize: 10 });
    expect(first).toEqual({ status: 'sequenced', count: 10, treeSize: 10 });
    expect(await sequenceAll(db, { keys, batchSize: 10 })).toBeGreaterThanOrEqual(15);
    expect(await sequenceBatch(db, tenantId, { keys })).toEqual({ status: 'idle', treeSize: 25 });
    expect(await count('audit_pending', tenantId)).toBe(0);

    const rows = await db
      .selectFrom('audit_events')
      .select(['seq', 'leaf'])
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual([...Array(25).keys()]);
    const checkpoints = await db
      .selectFrom('audit_checkpoints')
      .select(['tree_size', 'note'])
      .where('tenant_id', '=', tenantId)
      .orderBy('tree_size')
      .execute();
    expect(checkpoints.map((c) => c.tree_size)).toEqual([10, 20, 25]);
    const { checkpoint } = openCheckpoint(checkpoints[2]!.note, [keys.verifier], {
      origin: logOrigin(keys.signer.name, tenantId),
    });
    const store = createSqlNodeStore(db, tenantId);
    expect(Buffer.from(checkpoint.root)).toEqual(Buffer.from(await readRoot(store, 25)));
    for (const m of [0, 9, 24]) {
      const proof = await inclusionProof(store, m, 25);
      expect(verifyInclusion(hashLeaf(rows[m]!.leaf), m, 25, proof, checkpoint.root)).toBe(true);
    }
    expect(await verifyStoredLog(db, tenantId, verifyOptions)).toEqual({
      ok: true,
      tenantId,
      size: 25,
      checkpointsVerified: 3,
    });
  });

  it('keeps tenants apart: each has its own numbering, tree and origin', async () => {
    const [a, b] = [await insertTestTenant(db), await insertTestTenant(db)];
    for (let i = 0; i < 4; i++) {
      await recordOutsideTransaction(db, sampleEvent(a, i));
      await recordOutsideTransaction(db, sampleEvent(b, i));
    }
    await sequenceAll(db, { keys });
    expect([await treeSize(db, a), await treeSize(db, b)]).toEqual([4, 4]);
    const note = (
      await db
        .selectFrom('audit_checkpoints')
        .select('note')
        .where('tenant_id', '=', a)
        .executeTakeFirstOrThrow()
    ).note;
    expect(() => openCheckpoint(note, [keys.verifier], { origin: logOrigin(keys.signer.name, b) })).toThrow(
      /another log/,
    );
  });

  it('rolls a failed batch back entirely: nothing lost, nothing numbered twice', async () => {
    const tenantId = await insertTestTenant(db);
    for (let i = 0; i < 5; i++) await recordOutsideTransaction(db, sampleEvent(tenantId, i));
    await sequenceAll(db, { keys });
    for (let i = 5; i < 12; i++) await recordOutsideTransaction(db, sampleEvent(tenantId, i));
    // Another key cannot open the previous checkpoint: the batch fails at its last step.
    await expect(sequenceBatch(db, tenantId, { keys: testLogKeys() })).rejects.toThrow(/trusted key/);
    expect([await treeSize(db, tenantId), await count('audit_pending', tenantId)]).toEqual([5, 7]);
    expect(await sequenceBatch(db, tenantId, { keys })).toMatchObject({ count: 7, treeSize: 12 });
    expect((await verifyStoredLog(db, tenantId, verifyOptions)).ok).toBe(true);
  });

  it('gives a gap-free sequence and one consistent tree under concurrent writers and sequencers', async () => {
    const tenantId = await insertTestTenant(db);
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 20; i++) {
        await db.transaction().execute((trx) => recordAuditEvent(trx, sampleEvent(tenantId, w * 100 + i)));
      }
    });
    const sequencers = Array.from({ length: 4 }, async () => {
      for (let round = 0; round < 10; round++) await sequenceBatch(db, tenantId, { keys, batchSize: 7 });
    });
    await Promise.all([...writers, ...sequencers]);
    await sequenceAll(db, { keys, batchSize: 7 });
    const seqs = (
      await db
        .selectFrom('audit_events')
        .select('seq')
        .where('tenant_id', '=', tenantId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.seq);
    expect(seqs).toEqual([...Array(160).keys()]);
    const report = await verifyStoredLog(db, tenantId, verifyOptions);
    expect(report).toMatchObject({ ok: true, size: 160 });
    expect(report.checkpointsVerified).toBeGreaterThanOrEqual(160 / 7);
  });
});

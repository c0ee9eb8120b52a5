import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateNoteKey,
  logKeysFromSignerKey,
  recordAuditEvent,
  sequenceAll,
  verifyStoredLog,
} from '../../compliance/index.ts';
import { allMigrations, createTestDb, silentLogger, testDialect } from '../../testing/test-db.ts';
import {
  contactStore,
  insertTenant,
  keyringOn,
  staff,
  syntheticContact,
  testProvider,
} from '../contacts/contact.fixture.ts';
import type { Contact } from '../contacts/contact.ts';
import { type DatabaseHandle, openDatabase, pgliteParsers, wrapPGlite } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { readShredLedger, replayShreds } from './shred-ledger.ts';

const PEOPLE = 30;
const provider = testProvider();
const keys = logKeysFromSignerKey(generateNoteKey('audit.drill.example').signerKey);
const audit = { record: recordAuditEvent };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A live database, and a way to copy its present state into a fresh one (a backup and restore). */
interface Live {
  readonly handle: DatabaseHandle;
  backup(): Promise<() => Promise<DatabaseHandle>>;
}

async function livePGlite(): Promise<Live> {
  const pglite = await PGlite.create({ parsers: pgliteParsers });
  const handle = wrapPGlite(pglite, silentLogger);
  await migrateToLatest(handle.db, allMigrations);
  cleanups.push(() => handle.close());
  return {
    handle,
    async backup() {
      const dump = await pglite.dumpDataDir('none');
      return async () => {
        const restored = wrapPGlite(
          await PGlite.create({ loadDataDir: dump, parsers: pgliteParsers }),
          silentLogger,
        );
        cleanups.push(() => restored.close());
        return restored;
      };
    },
  };
}

async function livePostgres(): Promise<Live> {
  const test = await createTestDb();
  cleanups.push(() => test.destroy());
  const adminUrl = process.env.CUSTOS_TEST_DATABASE_URL!;
  return {
    handle: test,
    async backup() {
      // pg_dump, as an operator's nightly backup would be taken.
      const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', '--dbname', test.url!], {
        maxBuffer: 256 * 1024 * 1024,
      });
      return async () => {
        const name = `custos_restore_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database "${name}"`);
        await admin.end();
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const psql = execFile('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--dbname', url.toString()]);
        const done = new Promise<void>((resolve, reject) =>
          psql.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`)))),
        );
        psql.stdin?.end(stdout);
        await done;
        const restored = await openDatabase({
          databaseUrl: url.toString(),
          dataDir: tmpdir(),
          logger: silentLogger,
        });
        cleanups.push(async () => {
          await restored.close();
          const drop = new pg.Client({ connectionString: adminUrl });
          await drop.connect();
          await drop.query(`drop database if exists "${name}" with (force)`);
          await drop.end();
        });
        return restored;
      };
    },
  };
}

describe(`erasure and restore drill (${testDialect()})`, () => {
  it('erases one person among many, keeps the log verifiable, and re-erases them after a restore', async () => {
    const live = testDialect() === 'postgres' ? await livePostgres() : await livePGlite();
    const { db } = live.handle;
    const tenantId = await insertTenant(db);
    const access = staff(tenantId);
    const { service } = contactStore(db, keyringOn(db, provider));
    const created: Contact[] = [];
    for (let n = 1; n <= PEOPLE; n++) created.push(await service.create(access, syntheticContact(n)));
    await sequenceAll(db, { keys });
    const restore = await live.backup();

    const victim = created[11]!;
    const phone = syntheticContact(12).mobilePhone;
    const receipt = await service.erase(access, victim.id);
    expect(receipt.keyIds).toHaveLength(1);

    // Erased: unreadable (also to a cold keyring), not found by phone; everyone else untouched.
    const cold = contactStore(db, keyringOn(db, provider)).service;
    expect(await cold.get(access, victim.id)).toMatchObject({ status: 'erased' });
    expect(await cold.findBy(access, 'mobilePhone', phone)).toEqual([]);
    for (const [i, contact] of created.entries()) {
      if (contact.id === victim.id) continue;
      expect(await cold.get(access, contact.id)).toEqual({ status: 'found', contact });
      expect((await cold.findBy(access, 'mobilePhone', syntheticContact(i + 1).mobilePhone)).length).toBe(1);
    }

    // The ledger lists the destroyed key, pending or sequenced, and the log still verifies.
    expect((await readShredLedger(db, tenantId)).map((e) => e.keyId)).toEqual(receipt.keyIds);
    await sequenceAll(db, { keys });
    const ledger = await readShredLedger(db);
    expect(ledger.filter((e) => e.tenantId === tenantId).map((e) => e.keyId)).toEqual(receipt.keyIds);
    const options = { verifiers: [keys.verifier], keyName: keys.signer.name, strict: true };
    expect(await verifyStoredLog(db, tenantId, options)).toMatchObject({ ok: true });

    // Restore the pre-erasure backup: the person is back, readable and findable.
    const restored = (await restore()).db;
    const keyring = keyringOn(restored, provider);
    const before = contactStore(restored, keyring).service;
    expect(await before.get(access, victim.id)).toMatchObject({ status: 'found' });
    expect(await before.findBy(access, 'mobilePhone', phone)).toHaveLength(1);

    // Replaying the ledger (kept from the live database) erases them again, and only them.
    const deps = { db: restored, audit, keyring };
    const actor = { id: 'cli', role: 'platform-operator', kind: 'system' } as const;
    const replay = await replayShreds(deps, ledger, { tenantId, actor });
    expect(replay).toMatchObject({ listed: 1, destroyed: receipt.keyIds, contactsErased: 1, notFound: 0 });
    const after = contactStore(restored, keyringOn(restored, provider)).service;
    expect(await after.get(access, victim.id)).toMatchObject({ status: 'erased' });
    expect(await after.findBy(access, 'mobilePhone', phone)).toEqual([]);
    for (const contact of created) {
      if (contact.id !== victim.id)
        expect(await after.get(access, contact.id)).toEqual({ status: 'found', contact });
    }
    expect(await replayShreds(deps, ledger, { tenantId, actor })).toMatchObject({
      destroyed: [],
      alreadyDestroyed: 1,
    });
    await sequenceAll(restored, { keys });
    expect(await verifyStoredLog(restored, tenantId, options)).toMatchObject({ ok: true });
    // A dump and a restore of the whole database: minutes on a busy machine, seconds on a quiet one.
  }, 180_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations, createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { defineColumns } from './classification.ts';
import { KeyDestroyed } from './errors.ts';
import { decryptField, encryptField } from './field.ts';
import { cryptoMigrations } from './key.migrations.ts';
import type { CryptoKeyDatabase } from './key.table.ts';
import { keyIdToBytes } from './key-id.ts';
import type { KeyProvider } from './key-provider.ts';
import type { KeyRecord } from './key-store.ts';
import { createKeyring } from './keyring.ts';
import { createLocalKeyProvider } from './local-key-provider.ts';
import { createSqlKeyStore } from './sql-key-store.ts';

const contacts = defineColumns('contacts', { name: { classification: 'pii', subjectKeyed: true } });
const { name } = contacts.columns;
const provider = createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] });

let handle: TestDb;
let db: Kysely<CryptoKeyDatabase>;
/** Another process's view of the database: its own pool on PostgreSQL; PGlite has one process. */
let other: Kysely<CryptoKeyDatabase>;

beforeAll(async () => {
  handle = await createTestDb({ migrations: { ...allMigrations, ...cryptoMigrations } });
  // Until core's Database lists crypto_keys, the test views the handle through this area's table.
  db = handle.db as unknown as Kysely<CryptoKeyDatabase>;
  other = handle.url
    ? new Kysely<CryptoKeyDatabase>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: handle.url, max: 8 }) }),
      })
    : db;
});
afterAll(async () => {
  if (other !== db) await other.destroy();
  await handle?.destroy();
});

async function newTenant(): Promise<string> {
  const tenantId = randomUUID();
  await handle.db
    .insertInto('tenants')
    .values({
      tenant_id: tenantId,
      slug: `t-${tenantId.slice(0, 8)}`,
      name: 'Synthetic clinic',
      vertical: 'medical',
      locale: 'en',
      time_zone: 'UTC',
      settings: '{}',
    })
    .execute();
  return tenantId;
}

/** A keyring over its own store and cache: one per simulated process. */
const keyringOn = (database: Kysely<CryptoKeyDatabase>, keyProvider: KeyProvider = provider) =>
  createKeyring({ store: createSqlKeyStore(database), provider: keyProvider });

const rowsOf = (tenantId: string) =>
  db.selectFrom('crypto_keys').selectAll().where('tenant_id', '=', tenantId).execute();

describe(`SQL key store on ${testDialect()}`, () => {
  it('serves the keyring end to end: create, seal, rotate, open old values, destroy', async () => {
    const tenantId = await newTenant();
    const keyring = keyringOn(db);
    const at = { tenantId, rowId: 'row-1', subjectId: 'subject-1' };
    const before = await encryptField(keyring, name, at, '张三明');
    expect(await decryptField(keyring, name, at, before)).toBe('张三明');

    const next = await keyring.rotateDataKey(at);
    const after = await encryptField(keyring, name, at, 'Jane Roe');
    expect(Buffer.from(after).subarray(2, 18)).toEqual(keyIdToBytes(next));
    keyring.clearCache();
    expect(await decryptField(keyring, name, at, before)).toBe('张三明');
    expect(await decryptField(keyring, name, at, after)).toBe('Jane Roe');

    expect(await keyring.eraseSubject(tenantId, 'subject-1')).toHaveLength(2);
    await expect(decryptField(keyring, name, at, before)).rejects.toThrow(KeyDestroyed);
    await expect(decryptField(keyring, name, at, after)).rejects.toThrow(KeyDestroyed);
  });

  it('lets a restarted process read, rotate and destroy what another wrote', async () => {
    const tenantId = await newTenant();
    const at = { tenantId, rowId: 'row-1', subjectId: 'subject-1' };
    const sealed = await encryptField(keyringOn(db), name, at, 'Jane Roe');
    const otherSubject = await encryptField(keyringOn(db), name, { ...at, subjectId: 'subject-2' }, 'x');

    const restarted = keyringOn(other);
    expect(await decryptField(restarted, name, at, sealed)).toBe('Jane Roe');
    const tenantKey = (await rowsOf(tenantId)).find((r) => r.kind === 'tenant');
    await restarted.rotateTenantKey(tenantId);
    expect(await decryptField(keyringOn(db), name, at, sealed)).toBe('Jane Roe');
    expect((await rowsOf(tenantId)).find((r) => r.key_id.equals(tenantKey!.key_id))?.status).toBe(
      'destroyed',
    );

    await restarted.eraseSubject(tenantId, 'subject-1');
    await expect(decryptField(keyringOn(db), name, at, sealed)).rejects.toThrow(KeyDestroyed);
    expect(await decryptField(keyringOn(db), name, { ...at, subjectId: 'subject-2' }, otherSubject)).toBe(
      'x',
    );
  });

  it('erases the wrapped material from the row and keeps a tombstone', async () => {
    const tenantId = await newTenant();
    const keyring = keyringOn(db);
    const key = await keyring.encryptionKey({ tenantId, subjectId: 'subject-1' });
    await keyring.destroyKey(key.id);
    const row = await db
      .selectFrom('crypto_keys')
      .select(['status', 'destroyed_at', sql<number | null>`octet_length(wrapped)`.as('length')])
      .where('key_id', '=', keyIdToBytes(key.id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'destroyed', destroyed_at: expect.any(Date), length: null });
    const store = createSqlKeyStore(db);
    expect(
      await store.rewrap(key.id, { parentId: null, rootKeyId: 'local-v1', wrapped: randomBytes(60) }),
    ).toBe(false);
    // The schema refuses to put material back into a tombstone, whoever writes the SQL.
    await expect(
      sql`update crypto_keys set wrapped = '\\x00' where key_id = ${keyIdToBytes(key.id)}`.execute(db),
    ).rejects.toThrow(/crypto_keys_tombstone/);
  });

  it('ends with exactly one active key when many processes create or rotate at once', async () => {
    const tenantId = await newTenant();
    const scope = { tenantId, subjectId: 'subject-1' };
    const processes = Array.from({ length: 16 }, (_, i) => keyringOn(i % 2 ? other : db));
    const created = await Promise.all(processes.map((k) => k.encryptionKey(scope)));
    expect(new Set(created.map((k) => k.id)).size).toBe(1);

    const rotated = await Promise.all(processes.map((k) => k.rotateDataKey(scope)));
    expect(new Set(rotated).size).toBe(processes.length);

    const fresh = { tenantId, subjectId: 'subject-2' };
    await Promise.all(processes.map((k, i) => (i % 3 ? k.encryptionKey(fresh) : k.rotateDataKey(fresh))));

    const active = await db
      .selectFrom('crypto_keys')
      .select(['kind', 'subject_id', sql<number>`count(*)::int`.as('count')])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'active')
      .groupBy(['kind', 'subject_id'])
      .orderBy('subject_id')
      .execute();
    expect(active).toEqual([
      { kind: 'subject', subject_id: 'subject-1', count: 1 },
      { kind: 'subject', subject_id: 'subject-2', count: 1 },
      { kind: 'tenant', subject_id: null, count: 1 },
    ]);
    expect((await rowsOf(tenantId)).filter((r) => r.subject_id === 'subject-1')).toHaveLength(
      1 + processes.length,
    );
  });

  it('refuses a second active key in one scope at the database, subject or not', async () => {
    const tenantId = await newTenant();
    const keyring = keyringOn(db);
    await keyring.encryptionKey({ tenantId });
    const [tenantData] = await db
      .selectFrom('crypto_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'tenant_data')
      .execute();
    await expect(
      db
        .insertInto('crypto_keys')
        .values({ ...tenantData!, key_id: randomBytes(16) })
        .execute(),
    ).rejects.toThrow(/crypto_keys_one_active/);
  });

  it('joins a transaction it is given, so key changes commit or roll back with the caller', async () => {
    const tenantId = await newTenant();
    await keyringOn(db).encryptionKey({ tenantId });
    const before = await rowsOf(tenantId);
    await expect(
      db.transaction().execute(async (trx) => {
        await keyringOn(trx).rotateDataKey({ tenantId });
        throw new Error('audit record could not be written');
      }),
    ).rejects.toThrow('audit record could not be written');
    expect(await rowsOf(tenantId)).toEqual(before);
  });

  it('never stores an unwrapped key', async () => {
    const tenantId = await newTenant();
    const plaintexts: Buffer[] = [];
    const watching: KeyProvider = {
      activeRootKeyId: () => provider.activeRootKeyId(),
      wrap: (request, material) => {
        plaintexts.push(Buffer.from(material));
        return provider.wrap(request, material);
      },
      unwrap: (request, wrapped) => provider.unwrap(request, wrapped),
    };
    const keyring = keyringOn(db, watching);
    const keys = [
      await keyring.encryptionKey({ tenantId, subjectId: 'subject-1' }),
      await keyring.encryptionKey({ tenantId }),
      await keyring.blindIndexRoot(tenantId),
    ];
    await keyring.rotateDataKey({ tenantId });
    await keyring.rotateTenantKey(tenantId);
    keys.push(await keyring.encryptionKey({ tenantId }));
    plaintexts.push(...keys.map((k) => k.key.export()));
    expect(plaintexts.length).toBeGreaterThanOrEqual(6);

    const rows = await rowsOf(tenantId);
    const stored = rows.flatMap((r) => [r.key_id, r.parent_id, r.wrapped]).filter((b) => b !== null);
    const text = (await sql<{ row: string }>`select t::text as row from crypto_keys t`.execute(db)).rows
      .map((r) => r.row)
      .join('\n');
    for (const material of plaintexts) {
      expect(material).toHaveLength(32);
      for (const bytes of stored) expect(bytes.indexOf(material)).toBe(-1);
      expect(text).not.toContain(material.toString('hex'));
      expect(text).not.toContain(material.toString('base64'));
    }
  });

  it('reads back exactly the record it stored', async () => {
    const tenantId = await newTenant();
    const store = createSqlKeyStore(db);
    const record: KeyRecord = {
      id: randomBytes(16).toString('hex') as KeyRecord['id'],
      tenantId,
      kind: 'tenant',
      subjectId: null,
      status: 'active',
      parentId: null,
      rootKeyId: 'local-v1',
      wrapped: randomBytes(78),
      createdAt: new Date('2026-11-23T08:00:00.123Z'),
      destroyedAt: null,
    };
    expect(await store.insertActive(record)).toEqual({ ...record, wrapped: Buffer.from(record.wrapped!) });
    expect(await store.get(record.id)).toEqual(await store.findActive(record));
    expect(await store.list({ tenantId, kind: 'tenant', status: 'active' })).toHaveLength(1);
    expect(await store.list({ tenantId, status: 'retired' })).toHaveLength(0);
  });
});

import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { CryptoKeyDatabase, CryptoKeyTable } from './key.table.ts';
import { type KeyId, keyIdFromBytes, keyIdToBytes } from './key-id.ts';
import type { KeyFilter, KeyRecord, KeyScope, KeyStore, KeyTransactions, Wrapping } from './key-store.ts';

/**
 * The `KeyStore` on the Custos database (PGlite or PostgreSQL, same SQL), so wrapped keys
 * survive restarts and are shared by every process. The invariants live in the schema
 * (key.migrations.ts): one active key per scope is a unique partial index, a tombstone without
 * material is a check constraint. This file adds the transactions the keyring relies on.
 *
 * `database` may itself be a transaction: the store then joins it instead of opening its own, so a
 * caller can commit key changes together with its own writes (an audit record, say).
 */
export function createSqlKeyStore<DB extends CryptoKeyDatabase>(database: Kysely<DB>): KeyStore {
  // Kysely's schema parameter is invariant; the store only touches crypto_keys, which DB has.
  const db = database as unknown as Kysely<CryptoKeyDatabase>;
  const transaction = <T>(work: (trx: Kysely<CryptoKeyDatabase>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.transaction().execute(work);

  const byId = (trx: Kysely<CryptoKeyDatabase>, id: KeyId) =>
    trx.selectFrom('crypto_keys').selectAll().where('key_id', '=', keyIdToBytes(id));

  const activeRow = (trx: Kysely<CryptoKeyDatabase>, scope: KeyScope) =>
    trx.selectFrom('crypto_keys').selectAll().where(activeIn(scope)).executeTakeFirst();

  const insertRow = (trx: Kysely<CryptoKeyDatabase>, record: KeyRecord) =>
    trx.insertInto('crypto_keys').values(toRow({ ...record, status: 'active' }));

  return {
    async get(id) {
      const row = await byId(db, id).executeTakeFirst();
      return row && toRecord(row);
    },

    async findActive(scope) {
      const row = await activeRow(db, scope);
      return row && toRecord(row);
    },

    async insertActive(record) {
      // The winner of a conflict can be retired or destroyed before we read it; then the scope
      // is free again and the next attempt inserts.
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const inserted = await insertRow(db, record)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'kind', 'subject_id']).where('status', '=', 'active').doNothing(),
          )
          .returningAll()
          .executeTakeFirst();
        const winner = inserted ?? (await activeRow(db, record));
        if (winner) return toRecord(winner);
      }
      throw new ActiveKeyConflict(record);
    },

    async rotate(record) {
      return retryOnConflict(record, db.isTransaction ? 1 : MAX_ATTEMPTS, () =>
        transaction(async (trx) => {
          await lockScope(trx, record);
          const previous = await trx
            .updateTable('crypto_keys')
            .set({ status: 'retired' })
            .where(activeIn(record))
            .returningAll()
            .executeTakeFirst();
          await insertRow(trx, record).execute();
          return previous && toRecord(previous);
        }),
      );
    },

    async rewrap(id, wrapping: Wrapping) {
      const result = await db
        .updateTable('crypto_keys')
        .set({
          parent_id: wrapping.parentId === null ? null : keyIdToBytes(wrapping.parentId),
          root_key_id: wrapping.rootKeyId,
          wrapped: Buffer.from(wrapping.wrapped),
        })
        .where('key_id', '=', keyIdToBytes(id))
        .where('status', '<>', 'destroyed')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async destroy(id, at) {
      // Crypto-erasure: the material goes, the row stays as a tombstone so that ciphertexts
      // naming this key report KeyDestroyed. Dead row versions keep the old bytes until VACUUM;
      // see README "SQL key store".
      const destroyed = await db
        .updateTable('crypto_keys')
        .set({ status: 'destroyed', wrapped: null, destroyed_at: at })
        .where('key_id', '=', keyIdToBytes(id))
        .where('status', '<>', 'destroyed')
        .returningAll()
        .executeTakeFirst();
      const row = destroyed ?? (await byId(db, id).executeTakeFirst());
      return row && toRecord(row);
    },

    async list(filter: KeyFilter) {
      const rows = await db
        .selectFrom('crypto_keys')
        .selectAll()
        .$if(filter.tenantId !== undefined, (q) => q.where('tenant_id', '=', filter.tenantId as string))
        .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind as KeyRecord['kind']))
        .$if(filter.subjectId !== undefined, (q) => q.where('subject_id', '=', filter.subjectId as string))
        .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as KeyRecord['status']))
        .$if(filter.parentId !== undefined, (q) =>
          q.where('parent_id', '=', keyIdToBytes(filter.parentId as KeyId)),
        )
        .orderBy('created_at')
        .orderBy('key_id')
        .execute();
      return rows.map(toRecord);
    },
  };
}

/**
 * Transactions for the keyring over the Custos database: each key operation and its audit
 * record commit together. Given a transaction, `run` joins it (Kysely does not nest them).
 */
export function createSqlKeyTransactions<DB extends CryptoKeyDatabase>(
  database: Kysely<DB>,
): KeyTransactions<Transaction<DB>> {
  return {
    run: (work) =>
      database.isTransaction
        ? work(createSqlKeyStore(database), database as Transaction<DB>)
        : database.transaction().execute((trx) => work(createSqlKeyStore(trx), trx)),
    bind: (trx) => createSqlKeyStore(trx),
  };
}

/** Another writer changed the active key of this scope every time we tried. */
export class ActiveKeyConflict extends Error {
  override readonly name = 'ActiveKeyConflict';
  constructor(scope: KeyScope, options?: ErrorOptions) {
    // Kind and tenant only: subject ids stay out of messages and logs.
    super(`the active ${scope.kind} key of tenant ${scope.tenantId} kept changing; try again`, options);
  }
}

const MAX_ATTEMPTS = 5;
const UNIQUE_VIOLATION = '23505';
const ONE_ACTIVE_INDEX = 'crypto_keys_one_active';

const activeIn = (scope: KeyScope) => (eb: ExpressionBuilder<CryptoKeyDatabase, 'crypto_keys'>) =>
  eb.and([
    eb('tenant_id', '=', scope.tenantId),
    eb('kind', '=', scope.kind),
    scope.subjectId === null ? eb('subject_id', 'is', null) : eb('subject_id', '=', scope.subjectId),
    eb('status', '=', 'active'),
  ]);

/**
 * Serialises rotations of one scope until the transaction ends. Under READ COMMITTED every
 * statement after the lock sees the key the previous rotator inserted, so the next one retires
 * it instead of colliding with it. The unique index remains the guarantee for any writer that
 * does not take the lock (`insertActive`, a manual fix); `rotate` retries when it meets one.
 */
async function lockScope(trx: Kysely<CryptoKeyDatabase>, scope: KeyScope): Promise<void> {
  const scopeText = JSON.stringify([scope.tenantId, scope.kind, scope.subjectId]);
  await sql`select pg_advisory_xact_lock(hashtext('custos/crypto_keys'), hashtext(${scopeText}))`.execute(
    trx,
  );
}

async function retryOnConflict<T>(scope: KeyScope, attempts: number, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
      if (code !== UNIQUE_VIOLATION || constraint !== ONE_ACTIVE_INDEX) throw error;
      if (attempt >= attempts) throw new ActiveKeyConflict(scope, { cause: error });
    }
  }
}

function toRow(record: KeyRecord): CryptoKeyTable {
  return {
    tenant_id: record.tenantId,
    key_id: keyIdToBytes(record.id),
    kind: record.kind,
    subject_id: record.subjectId,
    status: record.status,
    parent_id: record.parentId === null ? null : keyIdToBytes(record.parentId),
    root_key_id: record.rootKeyId,
    wrapped: record.wrapped === null ? null : Buffer.from(record.wrapped),
    created_at: record.createdAt,
    destroyed_at: record.destroyedAt,
  };
}

function toRecord(row: Selectable<CryptoKeyTable>): KeyRecord {
  return {
    id: keyIdFromBytes(row.key_id),
    tenantId: row.tenant_id,
    kind: row.kind,
    subjectId: row.subject_id,
    status: row.status,
    parentId: row.parent_id === null ? null : keyIdFromBytes(row.parent_id),
    rootKeyId: row.root_key_id,
    wrapped: row.wrapped,
    createdAt: row.created_at,
    destroyedAt: row.destroyed_at,
  };
}

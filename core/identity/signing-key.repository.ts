import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { WrappedKey } from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { PLATFORM_TENANT_ID, type SigningKeyState, type SigningKeyTable } from './signing-key.table.ts';
import type { SigningAlgorithm } from './signing-keys.ts';

/** A row of `signing_keys` as the store and the service see it: no row types above this file. */
export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly state: SigningKeyState;
  /** Null once retired: the material is deleted then. */
  readonly wrapped: WrappedKey | null;
  readonly createdAt: Date;
  readonly activatedAt: Date;
  readonly retireAt: Date | null;
  readonly retiredAt: Date | null;
}

function toRecord(row: Selectable<SigningKeyTable>): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg,
    state: row.state,
    wrapped: row.wrapped && row.root_key_id ? { rootKeyId: row.root_key_id, bytes: row.wrapped } : null,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    retireAt: row.retire_at,
    retiredAt: row.retired_at,
  };
}

export interface NewSigningKeyRecord {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly wrapped: WrappedKey;
  readonly at: Date;
}

type Executor = Kysely<Database> | Transaction<Database>;

// One lock name for every writer of the table, so rotations run one after another.
const LOCK = 'custos/signing-keys';

export const signingKeyRepository = {
  /** Active and retiring keys, newest activation first. */
  async listUnretired(db: Executor): Promise<SigningKeyRecord[]> {
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .where('state', '<>', 'retired')
      .orderBy('activated_at', 'desc')
      .orderBy('kid')
      .execute();
    return rows.map(toRecord);
  },

  async listAll(db: Executor): Promise<SigningKeyRecord[]> {
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .orderBy('activated_at', 'desc')
      .orderBy('kid')
      .execute();
    return rows.map(toRecord);
  },

  /** Serialises writers for the rest of the transaction (PostgreSQL advisory lock). */
  async lock(trx: Transaction<Database>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${LOCK}))`.execute(trx);
  },

  /** Inserts an active key; false when another key is active already (the one-active index). */
  async insertActive(db: Executor, key: NewSigningKeyRecord): Promise<boolean> {
    const row = await db
      .insertInto('signing_keys')
      .values({
        tenant_id: PLATFORM_TENANT_ID,
        kid: key.kid,
        alg: key.alg,
        state: 'active',
        root_key_id: key.wrapped.rootKeyId,
        wrapped: Buffer.from(key.wrapped.bytes),
        created_at: key.at,
        activated_at: key.at,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('kid')
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The active key starts retiring: it verifies until `retireAt` and signs nothing. */
  async retireActive(trx: Transaction<Database>, retireAt: Date): Promise<string[]> {
    const rows = await trx
      .updateTable('signing_keys')
      .set({ state: 'retiring', retire_at: retireAt })
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .where('state', '=', 'active')
      .returning('kid')
      .execute();
    return rows.map((r) => r.kid);
  },

  /**
   * Retires keys whose time is up (all unretired ones with `everything`, for an emergency
   * rotation) and deletes their material: a retired key never verifies or signs again.
   */
  async retireDue(db: Executor, now: Date, everything = false): Promise<string[]> {
    let query = db
      .updateTable('signing_keys')
      .set({
        state: 'retired',
        retired_at: now,
        retire_at: sql<Date>`coalesce(least(retire_at, ${now}), ${now})`,
        wrapped: null,
        root_key_id: null,
      })
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .where('state', '=', 'retiring');
    if (!everything) query = query.where('retire_at', '<=', now);
    const rows = await query.returning('kid').execute();
    return rows.map((r) => r.kid);
  },
};

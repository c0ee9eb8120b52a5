import type { KeyId } from './key-id.ts';

/**
 * Persistence of wrapped keys: `sql-key-store.ts` on the Custos database, `memory-key-store.ts`
 * in process for tests; both meet the contract below.
 *
 * The hierarchy (docs/compliance/encryption.md §Key hierarchy):
 *   root KEK (KeyProvider) → tenant key → subject data keys, the tenant data key, the tenant
 *   blind-index root.
 */
export const KEY_KINDS = ['tenant', 'subject', 'tenant_data', 'blind_index'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Kinds that seal field values. */
export const DATA_KEY_KINDS: readonly KeyKind[] = ['subject', 'tenant_data'];

/**
 * active: used for new encryptions (at most one per scope). retired: decrypts only, until the
 * re-encryption job has moved every value off it. destroyed: material deleted, tombstone kept
 * so decryption reports `KeyDestroyed` rather than `UnknownKey`.
 */
export const KEY_STATUSES = ['active', 'retired', 'destroyed'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** What a key is for. `subjectId` is set for `subject` keys and null for every other kind. */
export interface KeyScope {
  readonly tenantId: string;
  readonly kind: KeyKind;
  readonly subjectId: string | null;
}

export interface Wrapping {
  /** The tenant key that wraps this key; null for tenant keys, which the root wraps. */
  readonly parentId: KeyId | null;
  /** The root key that wraps this key; set for tenant keys only. */
  readonly rootKeyId: string | null;
  readonly wrapped: Uint8Array;
}

export interface KeyRecord extends KeyScope {
  readonly id: KeyId;
  readonly status: KeyStatus;
  readonly parentId: KeyId | null;
  readonly rootKeyId: string | null;
  /** Null once destroyed: destruction deletes the wrapped material, not just a flag. */
  readonly wrapped: Uint8Array | null;
  readonly createdAt: Date;
  readonly destroyedAt: Date | null;
}

export interface KeyFilter {
  readonly tenantId?: string;
  readonly kind?: KeyKind;
  readonly subjectId?: string;
  readonly status?: KeyStatus;
  readonly parentId?: KeyId;
}

export interface KeyStore {
  get(id: KeyId): Promise<KeyRecord | undefined>;
  findActive(scope: KeyScope): Promise<KeyRecord | undefined>;
  /**
   * Inserts `record` as the active key of its scope unless the scope already has one, and
   * returns whichever is active afterwards. Concurrent creators thus agree on one key (in SQL:
   * a unique partial index on the scope `WHERE status = 'active'` and `ON CONFLICT DO NOTHING`).
   */
  insertActive(record: KeyRecord): Promise<KeyRecord>;
  /** Atomically retires the scope's active key (returned, if any) and inserts `record` as active. */
  rotate(record: KeyRecord): Promise<KeyRecord | undefined>;
  /** Replaces the wrapping of a live key; returns false (and changes nothing) if it is destroyed. */
  rewrap(id: KeyId, wrapping: Wrapping): Promise<boolean>;
  /** Deletes the wrapped material and marks the key destroyed; returns the tombstone. */
  destroy(id: KeyId, at: Date): Promise<KeyRecord | undefined>;
  list(filter: KeyFilter): Promise<readonly KeyRecord[]>;
}

/**
 * Several store operations in one transaction of the store's database. The transaction `Tx` is
 * handed to the keyring's event hook, so the audit record of a key operation commits or rolls
 * back with the operation itself (DESIGN §2.2), and `bind` lets a caller that already holds a
 * transaction run key reads and creations inside it (on PGlite, one connection, it must).
 */
export interface KeyTransactions<Tx> {
  run<T>(work: (store: KeyStore, tx: Tx) => Promise<T>): Promise<T>;
  bind(tx: Tx): KeyStore;
}

import type { KeyKind, KeyStatus } from './key-store.ts';

/**
 * One row per key of the hierarchy, tenant keys included (see key.migrations.ts for why one
 * table). Key ids are stored as their 16 bytes, the form they take in a ciphertext header, so a
 * job can compare `substring(value from 3 for 16)` with `key_id` directly.
 */
export interface CryptoKeyTable {
  tenant_id: string;
  key_id: Buffer;
  kind: KeyKind;
  /** Set for `subject` keys only. */
  subject_id: string | null;
  status: KeyStatus;
  /** The wrapping tenant key; null for tenant keys. */
  parent_id: Buffer | null;
  /** The root key that wraps a tenant key; null for every other kind. */
  root_key_id: string | null;
  /** Null once destroyed. */
  wrapped: Buffer | null;
  created_at: Date;
  destroyed_at: Date | null;
}

/** The tables `createSqlKeyStore` needs, for a `Kysely<…>` that knows at least these. */
export interface CryptoKeyDatabase {
  crypto_keys: CryptoKeyTable;
}

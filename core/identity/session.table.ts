import type { ColumnType } from 'kysely';

/**
 * `refresh_families`: one row per sign-in (a session), keyed by (tenant_id, family_id). The family
 * id is the `sid` claim of every access token issued in it, so revoking the row revokes them too.
 * Only SHA-256 hashes of refresh tokens are stored (refresh-tokens.ts).
 */
export interface RefreshFamilyTable {
  tenant_id: string;
  family_id: string;
  user_id: string;
  /** Hex SHA-256 of the one token that may be used next. */
  current_hash: string;
  /** JSON array of hex hashes already rotated away: presenting one of them is reuse. */
  used_hashes: ColumnType<string[], string, string>;
  /** RFC 8176 methods of the sign-in, carried into every access token of the family. */
  amr: ColumnType<string[], string, string>;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: 'logout' | 'reuse' | 'admin' | null;
}

export interface SessionDatabase {
  refresh_families: RefreshFamilyTable;
}

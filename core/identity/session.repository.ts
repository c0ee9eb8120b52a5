import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RefreshFamily } from './refresh-tokens.ts';
import type { RefreshFamilyTable } from './session.table.ts';

/** A stored family and the authentication methods of the sign-in that opened it. */
export interface StoredFamily {
  readonly family: RefreshFamily;
  readonly amr: readonly string[];
}

export interface Revocation {
  readonly familyId: string;
  readonly revokedAt: Date;
}

function toFamily(row: Selectable<RefreshFamilyTable>): StoredFamily {
  return {
    family: {
      familyId: row.family_id,
      tenantId: row.tenant_id,
      userId: row.user_id,
      currentHash: row.current_hash,
      usedHashes: row.used_hashes,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      revokedReason: row.revoked_reason,
    },
    amr: row.amr,
  };
}

/** SQL for `refresh_families`. Writes take the caller's transaction; rows never leave this file. */
export function createSessionRepository(db: Kysely<Database>) {
  return {
    async insert(trx: Transaction<Database>, family: RefreshFamily, amr: readonly string[]): Promise<void> {
      await trx
        .insertInto('refresh_families')
        .values({
          tenant_id: family.tenantId,
          family_id: family.familyId,
          user_id: family.userId,
          current_hash: family.currentHash,
          used_hashes: JSON.stringify(family.usedHashes),
          amr: JSON.stringify(amr),
          created_at: family.createdAt,
          last_used_at: family.lastUsedAt,
          expires_at: family.expiresAt,
        })
        .execute();
    },

    /**
     * Loads a family and locks its row until `trx` ends: a second refresh of the same family waits
     * here and then sees the rotated state, so two refreshes can never both rotate.
     */
    async lock(
      trx: Transaction<Database>,
      tenantId: string,
      familyId: string,
    ): Promise<StoredFamily | undefined> {
      const row = await trx
        .selectFrom('refresh_families')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('family_id', '=', familyId)
        .forUpdate()
        .executeTakeFirst();
      return row && toFamily(row);
    },

    async find(tenantId: string, familyId: string): Promise<StoredFamily | undefined> {
      const row = await db
        .selectFrom('refresh_families')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('family_id', '=', familyId)
        .executeTakeFirst();
      return row && toFamily(row);
    },

    /** Stores what rotation or revocation decided for a family loaded with `lock`. */
    async save(trx: Transaction<Database>, family: RefreshFamily): Promise<void> {
      await trx
        .updateTable('refresh_families')
        .set({
          current_hash: family.currentHash,
          used_hashes: JSON.stringify(family.usedHashes),
          last_used_at: family.lastUsedAt,
          revoked_at: family.revokedAt,
          revoked_reason: family.revokedReason,
        })
        .where('tenant_id', '=', family.tenantId)
        .where('family_id', '=', family.familyId)
        .execute();
    },

    /** Revokes every live family of a user; returns the ids revoked now. */
    async revokeAllOf(
      trx: Transaction<Database>,
      tenantId: string,
      userId: string,
      at: Date,
      reason: 'logout' | 'admin',
    ): Promise<string[]> {
      const rows = await trx
        .updateTable('refresh_families')
        .set({ revoked_at: at, revoked_reason: reason })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning('family_id')
        .execute();
      return rows.map((row) => row.family_id);
    },

    /** Every tenant's revocations after `since`: the feed of the in-memory revocation lists. */
    async revokedSince(since: Date): Promise<Revocation[]> {
      const rows = await db
        .selectFrom('refresh_families')
        .select(['family_id', 'revoked_at'])
        .where('revoked_at', '>', since)
        .execute();
      return rows.map((row) => ({ familyId: row.family_id, revokedAt: row.revoked_at as Date }));
    },

    /** A tenant's vertical, for the purpose of use of session events. */
    async verticalOf(tenantId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('tenants')
        .select('vertical')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row?.vertical;
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Executor = Kysely<Database>;

/** A started sign-in, as stored until its callback consumes it. */
export interface SsoTransaction {
  readonly tenantId: string;
  readonly stateHash: string;
  readonly providerId: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly browserHash: string;
  readonly returnTo: string | null;
  readonly expiresAt: Date;
}

/** SQL for `sso_transactions` and `sso_links`. */
export function createSsoLoginRepository(db: Executor) {
  return {
    /** Stores a transaction, sweeping the tenant's expired ones on the way. */
    async saveTransaction(tx: SsoTransaction, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('sso_transactions')
          .where('tenant_id', '=', tx.tenantId)
          .where('expires_at', '<', now)
          .execute();
        await trx
          .insertInto('sso_transactions')
          .values({
            tenant_id: tx.tenantId,
            state_hash: tx.stateHash,
            provider_id: tx.providerId,
            code_verifier: tx.codeVerifier,
            nonce: tx.nonce,
            browser_hash: tx.browserHash,
            return_to: tx.returnTo,
            expires_at: tx.expiresAt,
          })
          .execute();
      });
    },

    /**
     * Deletes and returns the transaction of a state: a state is used at most once, whatever
     * happens next (two callbacks racing with one state: one gets the row, the other nothing).
     */
    async consumeTransaction(tenantId: string, stateHash: string): Promise<SsoTransaction | undefined> {
      const row = await db
        .deleteFrom('sso_transactions')
        .where('tenant_id', '=', tenantId)
        .where('state_hash', '=', stateHash)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        tenantId: row.tenant_id,
        stateHash: row.state_hash,
        providerId: row.provider_id,
        codeVerifier: row.code_verifier,
        nonce: row.nonce,
        browserHash: row.browser_hash,
        returnTo: row.return_to,
        expiresAt: row.expires_at,
      };
    },

    /** The account a login name names in this tenant (login names are stored normalised). */
    async findUserIdByLoginName(tenantId: string, loginName: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('users')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('login_name', '=', loginName)
        .executeTakeFirst();
      return row?.user_id;
    },

    async findLink(tenantId: string, providerId: string, subject: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('sso_links')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Returns false when the user is already linked to another subject of this provider. */
    async insertLink(
      trx: Executor,
      link: { tenantId: string; providerId: string; subject: string; userId: string },
      now: Date,
    ): Promise<boolean> {
      const row = await trx
        .insertInto('sso_links')
        .values({
          tenant_id: link.tenantId,
          provider_id: link.providerId,
          subject: link.subject,
          user_id: link.userId,
          last_sign_in_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async touchLink(tenantId: string, providerId: string, subject: string, now: Date): Promise<void> {
      await db
        .updateTable('sso_links')
        .set({ last_sign_in_at: now })
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .where('subject', '=', subject)
        .execute();
    },
  };
}

export type SsoLoginRepository = ReturnType<typeof createSsoLoginRepository>;

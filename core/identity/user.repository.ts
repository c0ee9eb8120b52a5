import type { Kysely, Selectable } from 'kysely';
import {
  decryptField,
  encryptField,
  type FieldKeyring,
  readSealed,
  type SealedOf,
} from '../../compliance/index.ts';
import { isRole, type Role } from '../access/roles.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { userColumns } from './user.columns.ts';
import type { UserTable } from './user.table.ts';
import type { User, UserCredentials } from './user.ts';

/**
 * SQL for `users`. The keyring reads `crypto_keys` on its own connection, and PGlite has only one:
 * sealing and opening happen outside transactions (the service seals first, opens after reading),
 * while writes take the caller's transaction.
 */
type Executor = Kysely<Database>;

const TOTP = userColumns.columns.totp_secret;
export type SealedTotpSecret = SealedOf<typeof TOTP>;

function rolesOf(value: unknown): Role[] {
  // A row whose roles are not all known is refused rather than trimmed: it was not written by us.
  if (!Array.isArray(value) || !value.every(isRole))
    throw new AppError('internal', 'A stored user has unknown roles.');
  return value;
}

function toUser(row: Selectable<UserTable>): User {
  return {
    tenantId: row.tenant_id,
    id: row.user_id,
    loginName: row.login_name,
    roles: rolesOf(row.roles),
    queueIds: [...row.queue_ids],
    mfaEnrolled: row.totp_secret !== null,
    disabled: row.disabled,
    createdAt: row.created_at,
  };
}

export interface NewUserRow {
  readonly tenantId: string;
  readonly userId: string;
  readonly loginName: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  /** Checked by `checkQueueIds`; none when absent. */
  readonly queueIds?: readonly string[];
  readonly totpSecret: SealedTotpSecret | null;
}

export function createUserRepository(db: Executor, keyring: FieldKeyring) {
  async function credentialsOf(row: Selectable<UserTable>): Promise<UserCredentials> {
    const at = { tenantId: row.tenant_id, rowId: row.user_id };
    const totpSecret =
      row.totp_secret === null
        ? null
        : await decryptField(keyring, TOTP, at, readSealed(TOTP, row.totp_secret));
    return {
      user: toUser(row),
      passwordHash: row.password_hash,
      totpSecret,
      totpLastStep: row.totp_last_step,
      failedAttempts: row.failed_attempts,
      lockedUntil: row.locked_until,
    };
  }

  return {
    sealTotpSecret(tenantId: string, userId: string, secret: string): Promise<SealedTotpSecret> {
      return encryptField(keyring, TOTP, { tenantId, rowId: userId }, secret);
    },

    /** Returns undefined when the login name is taken in this tenant. */
    async insert(trx: Executor, user: NewUserRow): Promise<User | undefined> {
      const row = await trx
        .insertInto('users')
        .values({
          tenant_id: user.tenantId,
          user_id: user.userId,
          login_name: user.loginName,
          password_hash: user.passwordHash,
          roles: JSON.stringify(user.roles),
          queue_ids: [...(user.queueIds ?? [])],
          totp_secret: user.totpSecret,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'login_name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toUser(row);
    },

    /** `executor`: the caller's transaction, when it has one (PGlite has a single connection). */
    async findById(tenantId: string, userId: string, executor: Executor = db): Promise<User | undefined> {
      const row = await executor
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toUser(row);
    },

    /** Everything login needs, with the TOTP secret opened; undefined for an unknown login name. */
    async findCredentials(tenantId: string, loginName: string): Promise<UserCredentials | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('login_name', '=', loginName)
        .executeTakeFirst();
      return row && credentialsOf(row);
    },

    /** The same, by id: re-authentication of a signed-in user (second-factor enrolment). */
    async findCredentialsById(tenantId: string, userId: string): Promise<UserCredentials | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && credentialsOf(row);
    },

    /** Counts one failure atomically; returns the new count. */
    async addFailure(trx: Executor, tenantId: string, userId: string, now: Date): Promise<number> {
      const row = await trx
        .updateTable('users')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: now }))
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .returning('failed_attempts')
        .executeTakeFirstOrThrow();
      return row.failed_attempts;
    },

    async lockUntil(trx: Executor, tenantId: string, userId: string, until: Date): Promise<void> {
      await trx
        .updateTable('users')
        .set({ locked_until: until })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    },

    /**
     * Resets the failure count after a successful login and stores the TOTP step used. Returns
     * false when another login used this or a later step first (a replay race): the caller refuses.
     */
    async recordSuccess(
      trx: Executor,
      tenantId: string,
      userId: string,
      change: { readonly now: Date; readonly totpStep?: number; readonly passwordHash?: string },
    ): Promise<boolean> {
      let query = trx
        .updateTable('users')
        .set({
          failed_attempts: 0,
          locked_until: null,
          updated_at: change.now,
          ...(change.totpStep === undefined ? {} : { totp_last_step: change.totpStep }),
          ...(change.passwordHash === undefined ? {} : { password_hash: change.passwordHash }),
        })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId);
      if (change.totpStep !== undefined) {
        const step = change.totpStep;
        query = query.where((eb) =>
          eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]),
        );
      }
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;

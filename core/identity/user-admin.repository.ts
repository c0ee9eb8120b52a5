import type { Kysely, RawBuilder, Selectable, SqlBool } from 'kysely';
import {
  decryptField,
  encryptField,
  type FieldKeyring,
  readSealed,
  type SealedOf,
} from '../../compliance/index.ts';
import { isRole, type Role } from '../access/roles.ts';
import type { ColumnMap } from '../access/sql-filter.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { userColumns } from './user.columns.ts';
import type { UserTable } from './user.table.ts';
import type { UserProfile } from './user.ts';

type Executor = Kysely<Database>;

const DISPLAY_NAME = userColumns.columns.display_name;
const PENDING = userColumns.columns.totp_pending_secret;
const TOTP = userColumns.columns.totp_secret;
export type SealedDisplayName = SealedOf<typeof DISPLAY_NAME>;
export type SealedPendingTotp = SealedOf<typeof PENDING>;
export type SealedActiveTotp = SealedOf<typeof TOTP>;

/** The `User` subject's attributes as columns of `users`, for the SQL twin of the read rules. */
export const USER_COLUMNS: ColumnMap<'User'> = {
  tenantId: { column: 'users.tenant_id' },
  id: { column: 'users.user_id' },
  disabled: { column: 'users.disabled' },
};

export interface UserPatch {
  /** `null` clears the name. */
  readonly displayName?: SealedDisplayName | null;
  readonly roles?: readonly Role[];
  /** Checked by `checkQueueIds`; `[]` removes every queue. */
  readonly queueIds?: readonly string[];
  readonly disabled?: boolean;
}

export interface PendingTotp {
  readonly secret: string;
  readonly since: Date;
}

function rolesOf(value: unknown): Role[] {
  if (!Array.isArray(value) || !value.every(isRole))
    throw new AppError('internal', 'A stored user has unknown roles.');
  return value;
}

/**
 * SQL for administering `users` and enrolling second factors: profiles with the display name
 * opened, filtered lists, patches, and the pending TOTP secret. As in user.repository.ts, sealing and
 * opening use the keyring's own connection, so they happen outside transactions; writes take the
 * caller's transaction.
 */
export function createUserAdminRepository(db: Executor, keyring: FieldKeyring) {
  async function toProfile(row: Selectable<UserTable>): Promise<UserProfile> {
    const at = { tenantId: row.tenant_id, rowId: row.user_id };
    const displayName =
      row.display_name === null
        ? null
        : await decryptField(keyring, DISPLAY_NAME, at, readSealed(DISPLAY_NAME, row.display_name));
    return {
      tenantId: row.tenant_id,
      id: row.user_id,
      loginName: row.login_name,
      displayName,
      roles: rolesOf(row.roles),
      queueIds: [...row.queue_ids],
      mfaEnrolled: row.totp_secret !== null,
      disabled: row.disabled,
      createdAt: row.created_at,
    };
  }

  return {
    sealDisplayName(tenantId: string, userId: string, name: string): Promise<SealedDisplayName> {
      return encryptField(keyring, DISPLAY_NAME, { tenantId, rowId: userId }, name);
    },

    sealPendingTotp(tenantId: string, userId: string, secret: string): Promise<SealedPendingTotp> {
      return encryptField(keyring, PENDING, { tenantId, rowId: userId }, secret);
    },

    sealActiveTotp(tenantId: string, userId: string, secret: string): Promise<SealedActiveTotp> {
      return encryptField(keyring, TOTP, { tenantId, rowId: userId }, secret);
    },

    async profile(tenantId: string, userId: string): Promise<UserProfile | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toProfile(row);
    },

    /**
     * One page in login-name order, restricted by `visible` (the SQL twin of the actor's read
     * rules). `after` is the id of the last user of the previous page.
     */
    async list(
      tenantId: string,
      visible: RawBuilder<SqlBool>,
      limit: number,
      after?: string,
    ): Promise<UserProfile[]> {
      let query = db
        .selectFrom('users')
        .selectAll('users')
        .where('users.tenant_id', '=', tenantId)
        .where(visible)
        .orderBy('users.login_name')
        .orderBy('users.user_id')
        .limit(limit);
      if (after) {
        const cursor = await db
          .selectFrom('users')
          .select('login_name')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', after)
          .executeTakeFirst();
        if (!cursor)
          throw new AppError('validation_failed', 'The cursor is not valid.', {
            issues: [{ path: 'cursor', message: 'not a page boundary of this list' }],
          });
        const name = cursor.login_name;
        query = query.where((eb) =>
          eb.or([
            eb('users.login_name', '>', name),
            eb.and([eb('users.login_name', '=', name), eb('users.user_id', '>', after)]),
          ]),
        );
      }
      const rows = await query.execute();
      return Promise.all(rows.map(toProfile));
    },

    /** Applies a patch; false when the user does not exist. */
    async update(
      trx: Executor,
      tenantId: string,
      userId: string,
      patch: UserPatch,
      at: Date,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('users')
        .set({
          updated_at: at,
          ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
          ...(patch.roles === undefined ? {} : { roles: JSON.stringify(patch.roles) }),
          ...(patch.queueIds === undefined ? {} : { queue_ids: [...patch.queueIds] }),
          ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async setPendingTotp(
      trx: Executor,
      tenantId: string,
      userId: string,
      sealed: SealedPendingTotp,
      at: Date,
    ): Promise<void> {
      await trx
        .updateTable('users')
        .set({ totp_pending_secret: sealed, totp_pending_at: at, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute();
    },

    async pendingTotp(tenantId: string, userId: string): Promise<PendingTotp | undefined> {
      const row = await db
        .selectFrom('users')
        .select(['totp_pending_secret', 'totp_pending_at'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row?.totp_pending_secret || !row.totp_pending_at) return undefined;
      const at = { tenantId, rowId: userId };
      const secret = await decryptField(keyring, PENDING, at, readSealed(PENDING, row.totp_pending_secret));
      return { secret, since: row.totp_pending_at };
    },

    /**
     * Makes the pending secret the active one (re-sealed for its own column) and records the step
     * of the confirming code. False when the pending secret changed since it was read.
     */
    async activateTotp(
      trx: Executor,
      tenantId: string,
      userId: string,
      change: {
        readonly sealed: SealedActiveTotp;
        readonly pendingSince: Date;
        readonly step: number;
        readonly at: Date;
      },
    ): Promise<boolean> {
      const result = await trx
        .updateTable('users')
        .set({
          totp_secret: change.sealed,
          totp_last_step: change.step,
          totp_pending_secret: null,
          totp_pending_at: null,
          updated_at: change.at,
        })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('totp_pending_at', '=', change.pendingSince)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Removes the second factor (active and pending): the user must enrol again. */
    async resetTotp(trx: Executor, tenantId: string, userId: string, at: Date): Promise<boolean> {
      const result = await trx
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_pending_at: null, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type UserAdminRepository = ReturnType<typeof createUserAdminRepository>;

import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { userColumns } from './user.columns.ts';

type TotpSecretColumn = typeof userColumns.columns.totp_secret;
type PendingTotpColumn = typeof userColumns.columns.totp_pending_secret;
type DisplayNameColumn = typeof userColumns.columns.display_name;

/**
 * `users`: staff accounts, keyed by (tenant_id, user_id); `login_name` is unique per tenant.
 * The password is a PHC string (password.ts); the TOTP secret is ciphertext bound to
 * (tenant, users, totp_secret, user_id).
 */
export interface UserTable {
  tenant_id: string;
  user_id: string;
  login_name: string;
  password_hash: string;
  /** JSON array of role names, checked against `ROLES` when read. */
  roles: ColumnType<string[], string, string>;
  /** The queues the account works (core/access/queues.ts), sorted and distinct; `{}` for none. */
  queue_ids: ColumnType<string[], string[] | undefined, string[]>;
  totp_secret: ColumnType<
    Buffer | null,
    SealedOf<TotpSecretColumn> | null,
    SealedOf<TotpSecretColumn> | null
  >;
  /** A secret being enrolled (session.migrations.ts): active only after a code from it is confirmed. */
  totp_pending_secret: ColumnType<
    Buffer | null,
    SealedOf<PendingTotpColumn> | null,
    SealedOf<PendingTotpColumn> | null
  >;
  totp_pending_at: Date | null;
  display_name: ColumnType<
    Buffer | null,
    SealedOf<DisplayNameColumn> | null,
    SealedOf<DisplayNameColumn> | null
  >;
  /** RFC 6238 §5.2: the step of the last accepted code, so that a code is never accepted twice. */
  totp_last_step: number | null;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UserDatabase {
  users: UserTable;
}

import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { userColumns } from './user.columns.ts';

type TotpSecretColumn = typeof userColumns.columns.totp_secret;

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
  totp_secret: ColumnType<
    Buffer | null,
    SealedOf<TotpSecretColumn> | null,
    SealedOf<TotpSecretColumn> | null
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

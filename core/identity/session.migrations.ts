import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const sessionMigrations: MigrationSet = {
  '2026_11_24_0100_core_create_refresh_families': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('refresh_families')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('family_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('current_hash', 'text', (c) => c.notNull())
        .addColumn('used_hashes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('amr', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_used_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('revoked_reason', 'text')
        .addPrimaryKeyConstraint('refresh_families_pkey', ['tenant_id', 'family_id'])
        // Deleting an account deletes its sessions.
        .addForeignKeyConstraint(
          'refresh_families_user_fkey',
          ['tenant_id', 'user_id'],
          'users',
          ['tenant_id', 'user_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('refresh_families_hash', sql`current_hash ~ '^[0-9a-f]{64}$'`)
        .addCheckConstraint('refresh_families_used_array', sql`jsonb_typeof(used_hashes) = 'array'`)
        .addCheckConstraint('refresh_families_amr_array', sql`jsonb_typeof(amr) = 'array'`)
        .addCheckConstraint(
          'refresh_families_revocation',
          sql`(revoked_at is null and revoked_reason is null) or
              (revoked_at is not null and revoked_reason in ('logout', 'reuse', 'admin'))`,
        )
        .execute();
      // "Revoke every session of this user" (disable, administrative revocation).
      await db.schema
        .createIndex('refresh_families_user')
        .on('refresh_families')
        .columns(['tenant_id', 'user_id'])
        .execute();
      // The revocation poll of every process reads the recent revocations of all tenants.
      await db.schema
        .createIndex('refresh_families_revoked_at')
        .on('refresh_families')
        .column('revoked_at')
        .where(sql.ref('revoked_at'), 'is not', null)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('refresh_families').execute();
    },
  },
  '2026_11_24_0101_core_users_display_name_pending_totp': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('users')
        // Ciphertext under the tenant data key, like the TOTP secret (user.columns.ts).
        .addColumn('display_name', 'bytea')
        // A second factor being enrolled: active only once a code from it is confirmed.
        .addColumn('totp_pending_secret', 'bytea')
        .addColumn('totp_pending_at', 'timestamptz')
        .execute();
      await db.schema
        .alterTable('users')
        .addCheckConstraint(
          'users_totp_pending',
          sql`(totp_pending_secret is null) = (totp_pending_at is null)`,
        )
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.alterTable('users').dropConstraint('users_totp_pending').execute();
      await db.schema
        .alterTable('users')
        .dropColumn('display_name')
        .dropColumn('totp_pending_secret')
        .dropColumn('totp_pending_at')
        .execute();
    },
  },
};

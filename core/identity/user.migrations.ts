import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const userMigrations: MigrationSet = {
  '2026_11_23_0400_core_create_users': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('login_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('roles', 'jsonb', (c) => c.notNull())
        // Ciphertext (compliance/crypto format) under the tenant data key.
        .addColumn('totp_secret', 'bytea')
        .addColumn('totp_last_step', 'bigint')
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'timestamptz')
        .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('users_pkey', ['tenant_id', 'user_id'])
        .addUniqueConstraint('users_login_name_key', ['tenant_id', 'login_name'])
        .addCheckConstraint('users_roles_array', sql`jsonb_typeof(roles) = 'array'`)
        .addCheckConstraint('users_failed_attempts', sql`failed_attempts >= 0`)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('users').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const ssoMigrations: MigrationSet = {
  '2026_11_24_0300_core_create_sso_providers': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sso_providers')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        // Ciphertext (compliance/crypto format) under the tenant data key.
        .addColumn('client_secret', 'bytea', (c) => c.notNull())
        .addColumn('scopes', 'jsonb', (c) => c.notNull())
        .addColumn('login_claim', 'text', (c) => c.notNull())
        .addColumn('roles_claim', 'text')
        .addColumn('role_mapping', 'jsonb', (c) => c.notNull())
        .addColumn('allow_privileged', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('first_sign_in', 'text', (c) => c.notNull())
        .addColumn('mfa_acr_values', 'jsonb', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('sso_providers_pkey', ['tenant_id', 'provider_id'])
        .addCheckConstraint('sso_providers_first_sign_in', sql`first_sign_in in ('provision', 'link')`)
        .addCheckConstraint('sso_providers_scopes_array', sql`jsonb_typeof(scopes) = 'array'`)
        .addCheckConstraint('sso_providers_role_mapping_array', sql`jsonb_typeof(role_mapping) = 'array'`)
        .addCheckConstraint('sso_providers_mfa_acr_array', sql`jsonb_typeof(mfa_acr_values) = 'array'`)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sso_providers').execute();
    },
  },
  '2026_11_24_0301_core_create_sso_links': {
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sso_links')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('last_sign_in_at', 'timestamptz')
        .addPrimaryKeyConstraint('sso_links_pkey', ['tenant_id', 'provider_id', 'subject'])
        // One identity per user and provider: a second subject cannot take over a linked account.
        .addUniqueConstraint('sso_links_user_key', ['tenant_id', 'provider_id', 'user_id'])
        .addForeignKeyConstraint('sso_links_provider_fkey', ['tenant_id', 'provider_id'], 'sso_providers', [
          'tenant_id',
          'provider_id',
        ])
        .addForeignKeyConstraint('sso_links_user_fkey', ['tenant_id', 'user_id'], 'users', [
          'tenant_id',
          'user_id',
        ])
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sso_links').execute();
    },
  },
  '2026_11_24_0302_core_create_sso_transactions': {
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sso_transactions')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('state_hash', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('browser_hash', 'text', (c) => c.notNull())
        .addColumn('return_to', 'text')
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('sso_transactions_pkey', ['tenant_id', 'state_hash'])
        .addForeignKeyConstraint(
          'sso_transactions_provider_fkey',
          ['tenant_id', 'provider_id'],
          'sso_providers',
          ['tenant_id', 'provider_id'],
        )
        .execute();
      // Expired rows are swept by tenant and time.
      await db.schema
        .createIndex('sso_transactions_expiry')
        .on('sso_transactions')
        .columns(['tenant_id', 'expires_at'])
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sso_transactions').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const serviceClientMigrations: MigrationSet = {
  '2026_11_24_0201_core_create_service_clients': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('service_clients')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('client_id', 'uuid', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        // RFC 7517 JWK Set of the client's public keys; never a private member.
        .addColumn('jwks', 'jsonb', (c) => c.notNull())
        .addColumn('scopes', 'jsonb', (c) => c.notNull())
        .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('service_clients_pkey', ['tenant_id', 'client_id'])
        .addCheckConstraint('service_clients_display_name', sql`char_length(display_name) between 1 and 100`)
        .addCheckConstraint('service_clients_jwks', sql`jsonb_typeof(jwks -> 'keys') = 'array'`)
        .addCheckConstraint('service_clients_scopes', sql`jsonb_typeof(scopes) = 'array'`)
        .execute();

      // RFC 7523 §3 item 7: a `jti` is accepted once while its assertion could be valid. Kept in
      // the database, so a replay to another process is refused as well.
      await db.schema
        .createTable('oauth_assertion_jtis')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('client_id', 'uuid', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('oauth_assertion_jtis_pkey', ['tenant_id', 'client_id', 'jti'])
        .addForeignKeyConstraint(
          'oauth_assertion_jtis_client_fkey',
          ['tenant_id', 'client_id'],
          'service_clients',
          ['tenant_id', 'client_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('oauth_assertion_jtis_jti', sql`char_length(jti) between 1 and 256`)
        .execute();
      await db.schema
        .createIndex('oauth_assertion_jtis_expiry')
        .on('oauth_assertion_jtis')
        .columns(['tenant_id', 'client_id', 'expires_at'])
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('oauth_assertion_jtis').execute();
      await db.schema.dropTable('service_clients').execute();
    },
  },
};

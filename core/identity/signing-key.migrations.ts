import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

/**
 * Frozen in time: migrations use Kysely<any> and never import the live table types.
 *
 * Token-signing keys are deployment-wide: one key signs every tenant's tokens. They still lead
 * with `tenant_id` (DESIGN §5), holding the reserved platform id (the nil UUID), so the table
 * keys like every other and a Citus deployment can make it a reference table. There is no
 * foreign key to `tenants`: the platform is not a tenant.
 */
export const signingKeyMigrations: MigrationSet = {
  '2026_11_24_0200_core_create_signing_keys': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        // The private JWK, wrapped by the root key provider; gone once the key is retired.
        .addColumn('root_key_id', 'text')
        .addColumn('wrapped', 'bytea')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('activated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('retire_at', 'timestamptz')
        .addColumn('retired_at', 'timestamptz')
        .addPrimaryKeyConstraint('signing_keys_pkey', ['tenant_id', 'kid'])
        .addCheckConstraint('signing_keys_platform', sql`tenant_id = '00000000-0000-0000-0000-000000000000'`)
        .addCheckConstraint('signing_keys_kid', sql`kid ~ '^[A-Za-z0-9_-]{16,128}$'`)
        .addCheckConstraint('signing_keys_alg', sql`alg in ('EdDSA', 'ES256')`)
        .addCheckConstraint('signing_keys_state', sql`state in ('active', 'retiring', 'retired')`)
        // Only a retired key lacks its material, and it lacks it entirely.
        .addCheckConstraint(
          'signing_keys_material',
          sql`(state = 'retired') = (wrapped is null) and (wrapped is null) = (root_key_id is null)`,
        )
        .addCheckConstraint(
          'signing_keys_times',
          sql`(state = 'active') = (retire_at is null) and (state = 'retired') = (retired_at is not null)`,
        )
        .execute();
      // One signing key at a time; it also settles two processes creating the first key at once.
      await db.schema
        .createIndex('signing_keys_one_active')
        .on('signing_keys')
        .column('tenant_id')
        .unique()
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('signing_keys').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const tenancyMigrations: MigrationSet = {
  '2026_11_23_0001_core_create_tenants': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tenants')
        .addColumn('tenant_id', 'uuid', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('vertical', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('tenants_slug_format', sql`slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'`)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('tenants').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const intentCountMigrations: MigrationSet = {
  '2026_11_30_0300_core_analytics_intent_counts': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // How many contact messages the assistant classified as each intent, per tenant-local day:
      // counters, with no conversation or contact (intent-counts.columns.ts says why).
      await db.schema
        .createTable('intent_daily_counts')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('day', 'date', (c) => c.notNull())
        .addColumn('intent', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('intent_daily_counts_pkey', ['tenant_id', 'day', 'intent'])
        // The pack contract's intent names (core/packs conversation-pack.schema.ts): a code, never text.
        .addCheckConstraint('intent_daily_counts_intent', sql`intent ~ '^[a-z][a-z0-9_]{0,62}$'`)
        .addCheckConstraint('intent_daily_counts_count', sql`count >= 0`)
        .execute();
      for (const statement of tenantIsolationSql('intent_daily_counts')) await sql.raw(statement).execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('intent_daily_counts').execute();
    },
  },
};

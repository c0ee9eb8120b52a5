import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const dialogueFlowMigrations: MigrationSet = {
  '2026_11_25_0300_core_create_dialogue_flows': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('dialogue_flows')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('definition', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dialogue_flows_pkey', ['tenant_id', 'flow_id', 'version'])
        .addCheckConstraint('dialogue_flows_version', sql`version > 0`)
        .addCheckConstraint(
          'dialogue_flows_identity',
          sql`definition->>'id' = flow_id and (definition->>'version')::integer = version`,
        )
        .execute();
      await db.schema
        .createTable('dialogue_rules')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('rules', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dialogue_rules_pkey', ['tenant_id', 'version'])
        .addCheckConstraint('dialogue_rules_version', sql`version > 0`)
        .addCheckConstraint('dialogue_rules_array', sql`jsonb_typeof(rules) = 'array'`)
        .execute();
      for (const table of ['dialogue_flows', 'dialogue_rules']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
        // Versions are history that running conversations rely on: the application adds, never rewrites.
        await sql.raw(`revoke update on ${table} from custos_app`).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('dialogue_rules').execute();
      await db.schema.dropTable('dialogue_flows').execute();
    },
  },
};

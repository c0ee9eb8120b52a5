import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const routingMigrations: MigrationSet = {
  '2026_11_26_0200_core_routing': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('routing_queues')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('queue_id', 'text', (c) => c.notNull())
        // Display names by locale: { "zh-CN": "…", "en": "…" }.
        .addColumn('names', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('auto'))
        .addColumn('first_response_seconds', 'integer')
        .addColumn('resolution_seconds', 'integer')
        // null: open around the clock (business-hours.ts describes the shape).
        .addColumn('business_hours', 'jsonb')
        .addColumn('out_of_hours_message', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('routing_queues_pkey', ['tenant_id', 'queue_id'])
        // The same rule as core/access/queues.ts QUEUE_ID.
        .addCheckConstraint('routing_queues_queue_id', sql`queue_id ~ '^[a-z][a-z0-9-]{0,47}$'`)
        .addCheckConstraint('routing_queues_mode', sql`mode in ('auto', 'pick')`)
        .addCheckConstraint('routing_queues_names', sql`jsonb_typeof(names) = 'object'`)
        .addCheckConstraint(
          'routing_queues_sla',
          sql`(first_response_seconds is null or first_response_seconds > 0) and
              (resolution_seconds is null or resolution_seconds > 0)`,
        )
        .addCheckConstraint(
          'routing_queues_business_hours',
          sql`business_hours is null or jsonb_typeof(business_hours) = 'object'`,
        )
        .addCheckConstraint(
          'routing_queues_out_of_hours_message',
          sql`out_of_hours_message is null or jsonb_typeof(out_of_hours_message) = 'object'`,
        )
        .execute();

      // No CHECK (active_count <= capacity): a supervisor may lower the capacity of a busy agent,
      // who then simply takes nothing new until below it. "Never over capacity" for new work is the
      // guard `where active_count < capacity` of every assigning UPDATE (routing.store.ts), run on
      // the locked, current row.
      await db.schema
        .createTable('agent_presence')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('offline'))
        .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(3))
        .addColumn('active_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
        .addColumn('last_assigned_at', 'timestamptz')
        .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('agent_presence_pkey', ['tenant_id', 'user_id'])
        .addForeignKeyConstraint(
          'agent_presence_user',
          ['tenant_id', 'user_id'],
          'users',
          ['tenant_id', 'user_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('agent_presence_status', sql`status in ('online', 'away', 'offline')`)
        .addCheckConstraint('agent_presence_capacity', sql`capacity between 0 and 50`)
        .addCheckConstraint('agent_presence_active_count', sql`active_count >= 0`)
        .addCheckConstraint(
          'agent_presence_skills',
          sql`cardinality(skills) <= 50 and array_position(skills, null) is null and
              (cardinality(skills) = 0 or array_to_string(skills, ' ') ~ '^[a-z][a-z0-9_-]{0,47}( [a-z][a-z0-9_-]{0,47})*$')`,
        )
        .execute();

      await db.schema
        .alterTable('conversations')
        .addColumn('required_skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
        .addColumn('queued_at', 'timestamptz')
        .addColumn('assigned_at', 'timestamptz')
        .addColumn('first_response_at', 'timestamptz')
        .addColumn('handoff_reason', 'text')
        .addColumn('sla_first_response_due', 'timestamptz')
        .addColumn('sla_resolution_due', 'timestamptz')
        .execute();
      await db.schema
        .alterTable('conversations')
        .addCheckConstraint(
          'conversations_handoff_reason',
          sql`handoff_reason is null or handoff_reason ~ '^[a-z][a-z0-9_-]{0,47}$'`,
        )
        .execute();
      // The waiting line of a queue, best first (routing.store.ts assignNext). Conversations queued
      // by code older than routing have no queued_at and wait behind the others of their priority.
      await sql`create index conversations_waiting on conversations (tenant_id, queue_id, priority desc, queued_at)
        where status = 'queued'`.execute(db);

      for (const table of ['routing_queues', 'agent_presence']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await sql`drop index conversations_waiting`.execute(db);
      await db.schema.alterTable('conversations').dropConstraint('conversations_handoff_reason').execute();
      for (const column of [
        'required_skills',
        'queued_at',
        'assigned_at',
        'first_response_at',
        'handoff_reason',
        'sla_first_response_due',
        'sla_resolution_due',
      ]) {
        await db.schema.alterTable('conversations').dropColumn(column).execute();
      }
      await db.schema.dropTable('agent_presence').execute();
      await db.schema.dropTable('routing_queues').execute();
    },
  },
};

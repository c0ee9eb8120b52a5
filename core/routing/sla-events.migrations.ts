import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

/**
 * SLA events (sla-events.ts): when the first-response target of a conversation came near
 * (`sla_near_breach_at`) and when it passed unanswered (`sla_breached_at`). Each is written once,
 * by a conditional update, whichever process's check gets there first. Times only
 * (conversation.columns.ts classifies them internal).
 */
// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const slaEventMigrations: MigrationSet = {
  '2026_11_30_0200_core_routing_sla_events': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('conversations')
        .addColumn('sla_near_breach_at', 'timestamptz')
        .addColumn('sla_breached_at', 'timestamptz')
        .execute();
      // What the check looks at: waiting or held, unanswered, with a target, not yet breached.
      await sql`create index conversations_sla_open on conversations (sla_first_response_due)
        where status in ('queued', 'assigned') and first_response_at is null
          and sla_first_response_due is not null and sla_breached_at is null`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await sql`drop index conversations_sla_open`.execute(db);
      await db.schema.alterTable('conversations').dropColumn('sla_breached_at').execute();
      await db.schema.alterTable('conversations').dropColumn('sla_near_breach_at').execute();
    },
  },
};

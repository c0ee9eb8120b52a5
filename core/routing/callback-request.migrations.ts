import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const callbackRequestMigrations: MigrationSet = {
  '2026_11_29_0300_core_routing_callback_requests': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // A waiting contact's request to be called back; the note is sealed under their key
      // (callback-request.columns.ts).
      await db.schema
        .createTable('callback_requests')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('request_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('queue_id', 'text')
        .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('preferred_part', 'text')
        .addColumn('preferred_at', 'timestamptz')
        .addColumn('note', 'bytea')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('done_at', 'timestamptz')
        .addColumn('done_by', 'uuid')
        .addPrimaryKeyConstraint('callback_requests_pkey', ['tenant_id', 'request_id'])
        .addForeignKeyConstraint(
          'callback_requests_conversation',
          ['tenant_id', 'conversation_id'],
          'conversations',
          ['tenant_id', 'conversation_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('callback_requests_status', sql`status in ('open', 'done')`)
        .addCheckConstraint(
          'callback_requests_preferred_part',
          sql`preferred_part is null or preferred_part in ('morning', 'afternoon', 'evening')`,
        )
        .addCheckConstraint('callback_requests_done', sql`(status = 'done') = (done_at is not null)`)
        .execute();
      // One open request per conversation: a second one while it is open is refused.
      await sql`create unique index callback_requests_open on callback_requests (tenant_id, conversation_id)
        where status = 'open'`.execute(db);
      // The queue-position estimate reads a queue's recently closed conversations.
      await sql`create index conversations_recently_handled on conversations (tenant_id, queue_id, closed_at)
        where assigned_at is not null and closed_at is not null`.execute(db);
      for (const statement of tenantIsolationSql('callback_requests')) await sql.raw(statement).execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await sql`drop index conversations_recently_handled`.execute(db);
      await db.schema.dropTable('callback_requests').execute();
    },
  },
};

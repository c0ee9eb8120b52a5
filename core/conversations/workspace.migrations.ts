import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const workspaceMigrations: MigrationSet = {
  '2026_11_28_0100_core_conversation_workspace': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // How staff closed a conversation: who, why (a code of workspace.ts DISPOSITIONS), and
      // whether the contact was asked to rate it.
      await db.schema
        .alterTable('conversations')
        .addColumn('closed_by', 'uuid')
        .addColumn('disposition', 'text')
        .addColumn('csat_requested_at', 'timestamptz')
        .execute();
      await db.schema
        .alterTable('conversations')
        .addCheckConstraint(
          'conversations_disposition',
          sql`disposition is null or disposition in
              ('resolved', 'no-response', 'escalated', 'transferred-out', 'duplicate', 'spam')`,
        )
        .execute();
      // An agent's recently closed conversations (the inbox's `recent` view).
      await sql`create index conversations_closed_by on conversations (tenant_id, closed_by, closed_at)
        where closed_by is not null`.execute(db);

      // Tenant content: templates staff send, with variables filled in when sent.
      await db.schema
        .createTable('canned_replies')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('reply_id', 'uuid', (c) => c.notNull())
        .addColumn('shortcut', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // The text by locale: { "zh-CN": "…", "en": "…" }, at least one.
        .addColumn('bodies', 'jsonb', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('canned_replies_pkey', ['tenant_id', 'reply_id'])
        .addUniqueConstraint('canned_replies_shortcut', ['tenant_id', 'shortcut'])
        .addCheckConstraint('canned_replies_shortcut_format', sql`shortcut ~ '^[a-z0-9][a-z0-9-]{0,47}$'`)
        .addCheckConstraint('canned_replies_title', sql`char_length(title) between 1 and 100`)
        .addCheckConstraint('canned_replies_bodies', sql`jsonb_typeof(bodies) = 'object'`)
        .execute();

      // One satisfaction answer per conversation (the primary key), its comment sealed under the
      // contact's key; queue and assignee are copied so that rules and reports need no join.
      await db.schema
        .createTable('csat_responses')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('queue_id', 'text')
        .addColumn('assignee_id', 'uuid')
        .addColumn('score', 'smallint', (c) => c.notNull())
        .addColumn('comment', 'bytea')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('csat_responses_pkey', ['tenant_id', 'conversation_id'])
        .addForeignKeyConstraint(
          'csat_responses_conversation',
          ['tenant_id', 'conversation_id'],
          'conversations',
          ['tenant_id', 'conversation_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('csat_responses_score', sql`score between 1 and 5`)
        .execute();
      await sql`create index csat_responses_created on csat_responses (tenant_id, created_at)`.execute(db);

      for (const table of ['canned_replies', 'csat_responses']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('csat_responses').execute();
      await db.schema.dropTable('canned_replies').execute();
      await sql`drop index conversations_closed_by`.execute(db);
      await db.schema.alterTable('conversations').dropConstraint('conversations_disposition').execute();
      for (const column of ['closed_by', 'disposition', 'csat_requested_at'])
        await db.schema.alterTable('conversations').dropColumn(column).execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const conversationMigrations: MigrationSet = {
  '2026_11_25_0100_core_create_conversations': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('conversations')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text')
        .addColumn('assignee_id', 'uuid')
        .addColumn('care_team', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
        .addColumn('school_id', 'text')
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        // The assistant's state, sealed under the contact's key: it holds what the person typed.
        .addColumn('dialogue_state', 'bytea')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('closed_at', 'timestamptz')
        .addPrimaryKeyConstraint('conversations_pkey', ['tenant_id', 'conversation_id'])
        .addForeignKeyConstraint('conversations_contact', ['tenant_id', 'contact_id'], 'contacts', [
          'tenant_id',
          'contact_id',
        ])
        .addCheckConstraint('conversations_status', sql`status in ('bot', 'queued', 'assigned', 'closed')`)
        .addCheckConstraint('conversations_locale', sql`locale in ('zh-CN', 'en')`)
        .addCheckConstraint('conversations_channel', sql`channel ~ '^[a-z][a-z0-9_-]{0,31}$'`)
        .addCheckConstraint('conversations_assigned', sql`status <> 'assigned' or assignee_id is not null`)
        .addCheckConstraint('conversations_closed', sql`(status = 'closed') = (closed_at is not null)`)
        .addCheckConstraint('conversations_last_seq', sql`last_seq >= 0`)
        .execute();
      // A contact's conversations, newest last; the inbox by status and queue, oldest first;
      // an agent's own conversations.
      await sql`create index conversations_contact on conversations (tenant_id, contact_id, created_at)`.execute(
        db,
      );
      await sql`create index conversations_queue on conversations (tenant_id, status, queue_id, created_at)`.execute(
        db,
      );
      await sql`create index conversations_assignee on conversations (tenant_id, assignee_id)
        where assignee_id is not null`.execute(db);

      await db.schema
        .createTable('messages')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('message_id', 'uuid', (c) => c.notNull())
        .addColumn('client_message_id', 'text')
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('author_kind', 'text', (c) => c.notNull())
        .addColumn('author_id', 'uuid')
        .addColumn('internal', 'boolean', (c) => c.notNull().defaultTo(false))
        // Ciphertext only, bound to (tenant, messages, column, message_id), under the contact's key.
        .addColumn('body', 'bytea', (c) => c.notNull())
        .addColumn('meta', 'bytea')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('messages_pkey', ['tenant_id', 'conversation_id', 'seq'])
        .addUniqueConstraint('messages_message_id', ['tenant_id', 'message_id'])
        .addForeignKeyConstraint(
          'messages_conversation',
          ['tenant_id', 'conversation_id'],
          'conversations',
          ['tenant_id', 'conversation_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('messages_seq', sql`seq >= 1`)
        .addCheckConstraint('messages_author_kind', sql`author_kind in ('contact', 'bot', 'staff', 'system')`)
        .addCheckConstraint(
          'messages_client_message_id',
          sql`client_message_id is null or char_length(client_message_id) between 1 and 128`,
        )
        .execute();
      // The idempotency key: one message per client token and conversation.
      await sql`create unique index messages_client_message_id on messages (tenant_id, conversation_id, client_message_id)
        where client_message_id is not null`.execute(db);

      for (const table of ['conversations', 'messages']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('messages').execute();
      await db.schema.dropTable('conversations').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const contactCardMigrations: MigrationSet = {
  '2026_11_30_0500_core_contact_reveals': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // Reveals of masked contact fields: the reason sealed under the contact's key, its hash in
      // the audit event; counted per staff member for the hourly limit.
      await db.schema
        .createTable('contact_reveals')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('reveal_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('fields', sql`text[]`, (c) => c.notNull())
        .addColumn('reason_sealed', 'bytea', (c) => c.notNull())
        .addColumn('reason_sha256', 'text', (c) => c.notNull())
        .addColumn('revealed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('contact_reveals_pkey', ['tenant_id', 'reveal_id'])
        .addForeignKeyConstraint(
          'contact_reveals_conversation',
          ['tenant_id', 'conversation_id'],
          'conversations',
          ['tenant_id', 'conversation_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addCheckConstraint('contact_reveals_fields', sql`cardinality(fields) between 1 and 6`)
        .execute();
      await sql`create index contact_reveals_actor on contact_reveals (tenant_id, actor_id, revealed_at)`.execute(
        db,
      );
      for (const statement of tenantIsolationSql('contact_reveals')) await sql.raw(statement).execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('contact_reveals').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const contactVerificationMigrations: MigrationSet = {
  '2026_11_29_0100_core_create_contact_verifications': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('contact_verifications')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('verification_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('visitor_id', 'uuid', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'uuid')
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('code_mac', 'bytea')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('decided_at', 'timestamptz')
        .addPrimaryKeyConstraint('contact_verifications_pkey', ['tenant_id', 'verification_id'])
        .addCheckConstraint('contact_verifications_method', sql`method in ('code', 'knowledge')`)
        .addCheckConstraint(
          'contact_verifications_state',
          sql`state in ('pending', 'verified', 'failed', 'burned')`,
        )
        // A code challenge carries its MAC (32 bytes); a knowledge check never does.
        .addCheckConstraint(
          'contact_verifications_mac',
          sql`(method = 'code') = (code_mac is not null) and (code_mac is null or octet_length(code_mac) = 32)`,
        )
        .addCheckConstraint('contact_verifications_attempts', sql`failed_attempts between 0 and 5`)
        .addCheckConstraint(
          'contact_verifications_verified',
          sql`state <> 'verified' or subject_id is not null`,
        )
        .addCheckConstraint('contact_verifications_window', sql`expires_at > created_at`)
        .execute();
      await sql`create index contact_verifications_conversation
        on contact_verifications (tenant_id, conversation_id, created_at)`.execute(db);

      await db.schema
        .createTable('contact_verification_attempts')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('attempt_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('subject_key', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_verification_attempts_pkey', ['tenant_id', 'attempt_id'])
        .addCheckConstraint('contact_verification_attempts_kind', sql`kind in ('start', 'failure')`)
        .addCheckConstraint(
          'contact_verification_attempts_subject',
          sql`kind = 'start' or subject_key is not null`,
        )
        .execute();
      await sql`create index contact_verification_attempts_conversation
        on contact_verification_attempts (tenant_id, conversation_id, kind, at)`.execute(db);
      await sql`create index contact_verification_attempts_subject
        on contact_verification_attempts (tenant_id, subject_key, at) where kind = 'failure'`.execute(db);
      // For pruning: rows older than the longest window are never counted again.
      await sql`create index contact_verification_attempts_age
        on contact_verification_attempts (tenant_id, at)`.execute(db);

      await db.schema
        .createTable('contact_assurances')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('visitor_id', 'uuid', (c) => c.notNull())
        .addColumn('subject_id', 'uuid', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('verification_id', 'uuid', (c) => c.notNull())
        .addColumn('verified_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_assurances_pkey', ['tenant_id', 'conversation_id'])
        .addCheckConstraint('contact_assurances_method', sql`method in ('code', 'knowledge')`)
        .addCheckConstraint('contact_assurances_window', sql`expires_at > verified_at`)
        .execute();

      for (const table of ['contact_verifications', 'contact_verification_attempts', 'contact_assurances']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('contact_assurances').execute();
      await db.schema.dropTable('contact_verification_attempts').execute();
      await db.schema.dropTable('contact_verifications').execute();
    },
  },
};

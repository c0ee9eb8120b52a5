import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const breakGlassMigrations: MigrationSet = {
  '2026_11_24_0500_core_create_break_glass': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('break_glass')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('break_glass_id', 'uuid', (c) => c.notNull())
        .addColumn('requester_id', 'uuid', (c) => c.notNull())
        .addColumn('requester_role', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'uuid', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('reason_sealed', 'bytea', (c) => c.notNull())
        .addColumn('reason_sha256', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('closed_at', 'timestamptz')
        .addColumn('close_reason', 'text')
        .addColumn('reviewed_at', 'timestamptz')
        .addColumn('reviewer_id', 'uuid')
        .addColumn('review_outcome', 'text')
        .addPrimaryKeyConstraint('break_glass_pkey', ['tenant_id', 'break_glass_id'])
        .addCheckConstraint('break_glass_purpose', sql`purpose in ('ETREAT', 'EDUSAFETY')`)
        .addCheckConstraint('break_glass_window', sql`expires_at > opened_at`)
        .addCheckConstraint(
          'break_glass_closed',
          sql`(closed_at is null) = (close_reason is null) and close_reason in ('stopped', 'expired')`,
        )
        .addCheckConstraint(
          'break_glass_review',
          sql`(reviewed_at is null) = (review_outcome is null) and (reviewed_at is null) = (reviewer_id is null)
              and review_outcome in ('justified', 'unjustified') and (reviewed_at is null or closed_at is not null)
              and (reviewer_id is null or reviewer_id <> requester_id)`,
        )
        .execute();
      // An unreviewed window blocks the requester's next one: at most one per requester, enforced
      // by the database so two requests at once cannot both open one.
      await sql`create unique index break_glass_one_unreviewed on break_glass (tenant_id, requester_id)
        where reviewed_at is null`.execute(db);
      await sql`create index break_glass_review_queue on break_glass (tenant_id, closed_at, break_glass_id)
        where reviewed_at is null and closed_at is not null`.execute(db);
      await sql`create index break_glass_open on break_glass (expires_at) where closed_at is null`.execute(
        db,
      );
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('break_glass').execute();
    },
  },
};

import { type Kysely, type Migration, sql } from 'kysely';

/** Frozen in time: Kysely<any>, literal vocabularies, no imports of live types. */
export const rotationMigrations: Readonly<Record<string, Migration>> = {
  '2026_11_24_0400_compliance_create_crypto_rotation_jobs': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('crypto_rotation_jobs')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('job_id', 'uuid', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('phase_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .addColumn('rows_total', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_done', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('keys_rotated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('keys_destroyed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('passes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cursor_table', 'text')
        .addColumn('cursor_after', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'timestamptz')
        .addPrimaryKeyConstraint('crypto_rotation_jobs_pkey', ['tenant_id', 'job_id'])
        .addCheckConstraint('crypto_rotation_jobs_scope', sql`scope in ('tenant', 'subjects', 'all')`)
        .addCheckConstraint(
          'crypto_rotation_jobs_phase',
          sql`phase in ('rotate', 'reencrypt', 'retire', 'finished')`,
        )
        .addCheckConstraint(
          'crypto_rotation_jobs_finished',
          sql`(phase = 'finished') = (finished_at is not null)`,
        )
        .addCheckConstraint('crypto_rotation_jobs_progress', sql`rows_done >= 0 and rows_total >= 0`)
        .execute();
      // One unfinished rotation per tenant: a second `custos keys rotate` resumes it.
      await db.schema
        .createIndex('crypto_rotation_jobs_one_open')
        .on('crypto_rotation_jobs')
        .column('tenant_id')
        .unique()
        .where(sql.ref('finished_at'), 'is', null)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('crypto_rotation_jobs').execute();
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const guardianshipMigrations: MigrationSet = {
  '2026_12_01_0100_core_contact_guardianships': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('contact_guardianships')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('guardianship_id', 'uuid', (c) => c.notNull())
        .addColumn('guardian_contact_id', 'uuid', (c) => c.notNull())
        .addColumn('minor_contact_id', 'uuid', (c) => c.notNull())
        .addColumn('relationship', 'text', (c) => c.notNull())
        .addColumn('consent', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
        .addColumn('withdrawn_at', 'timestamptz')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_guardianships_pkey', ['tenant_id', 'guardianship_id'])
        .addForeignKeyConstraint(
          'contact_guardianships_guardian',
          ['tenant_id', 'guardian_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addForeignKeyConstraint(
          'contact_guardianships_minor',
          ['tenant_id', 'minor_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addCheckConstraint(
          'contact_guardianships_relationship',
          sql`relationship in ('parent', 'legal-guardian', 'other')`,
        )
        .addCheckConstraint(
          'contact_guardianships_consent',
          sql`(consent = 'granted' and withdrawn_at is null) or (consent = 'withdrawn' and withdrawn_at is not null)`,
        )
        .addCheckConstraint('contact_guardianships_pair', sql`guardian_contact_id <> minor_contact_id`)
        .execute();
      // One relationship in force per pair; a withdrawn one stays as history beside a new grant.
      await sql`create unique index contact_guardianships_in_force
        on contact_guardianships (tenant_id, guardian_contact_id, minor_contact_id)
        where consent = 'granted'`.execute(db);
      await sql`create index contact_guardianships_minor
        on contact_guardianships (tenant_id, minor_contact_id)`.execute(db);
      for (const statement of tenantIsolationSql('contact_guardianships'))
        await sql.raw(statement).execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('contact_guardianships').execute();
    },
  },
};

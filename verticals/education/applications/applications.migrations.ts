import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../../../core/index.ts';

/**
 * The admissions register's tables. They hold ids, codes and times only: the applicant's name,
 * birth date and applicant number live in `contacts`, sealed under the child's own key, so none
 * of these columns is personal data and none is sealed (applications.columns.ts classifies each,
 * and applications.schema.db.test.ts holds them to it). Erasing a child destroys their key; the
 * rows here then point at a tombstone.
 *
 * Pack migrations sort after the core's row-level security migration
 * (2026_11_24_0900_core_row_level_security), which only covers tables that exist when it runs:
 * every table here enables the same tenant policy itself.
 */

const STAGES = [
  'submitted',
  'under_review',
  'assessment_scheduled',
  'offer',
  'waitlist',
  'enrolled',
  'withdrawn',
  'rejected',
];

// The core's `tenantIsolationSql` (core/db/row-security.migrations.ts) is not part of the core's
// public surface; a migration is frozen in time anyway, so it spells the same policy out.
const isolation = (table: string) => [
  sql`alter table ${sql.table(table)} enable row level security`,
  sql`alter table ${sql.table(table)} force row level security`,
  sql`create policy custos_tenant_isolation on ${sql.table(table)}
    using (custos_tenant_visible(tenant_id)) with check (custos_tenant_visible(tenant_id))`,
];

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export const TABLES = [
  'admission_applications',
  'admission_stage_history',
  'admission_guardian_links',
  'guardian_consents',
  'admission_verification_failures',
] as const;

export const applicationMigrations: MigrationSet = {
  '2026_11_27_0100_education_create_applications': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('admission_applications')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('application_id', 'uuid', (c) => c.notNull())
        // The child: a `student` contact whose sealed student number is the applicant number.
        .addColumn('applicant_contact_id', 'uuid', (c) => c.notNull())
        // The guardian named on the application form, if known; guardians verified later in a
        // chat are linked in admission_guardian_links.
        .addColumn('guardian_contact_id', 'uuid')
        .addColumn('relationship', 'text')
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('admission_applications_pkey', ['tenant_id', 'application_id'])
        .addForeignKeyConstraint(
          'admission_applications_applicant',
          ['tenant_id', 'applicant_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addForeignKeyConstraint(
          'admission_applications_guardian',
          ['tenant_id', 'guardian_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addCheckConstraint('admission_applications_stage', sql`stage in (${inList(STAGES)})`)
        // Codes, never free text: free text could carry a name.
        .addCheckConstraint(
          'admission_applications_codes',
          sql`program ~ '^[a-z0-9][a-z0-9_-]{0,63}$' and grade ~ '^[a-z0-9_]{1,32}$'
            and (relationship is null or relationship ~ '^[a-z_]{1,32}$')`,
        )
        .execute();
      await db.schema
        .createIndex('admission_applications_applicant')
        .on('admission_applications')
        .columns(['tenant_id', 'applicant_contact_id'])
        .execute();

      await db.schema
        .createTable('admission_stage_history')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('application_id', 'uuid', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        // A staff user id, a service id or `system`: an opaque id, like the audit log's actors.
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('admission_stage_history_pkey', ['tenant_id', 'application_id', 'seq'])
        .addForeignKeyConstraint(
          'admission_stage_history_application',
          ['tenant_id', 'application_id'],
          'admission_applications',
          ['tenant_id', 'application_id'],
        )
        .addCheckConstraint('admission_stage_history_stage', sql`stage in (${inList(STAGES)})`)
        .addCheckConstraint('admission_stage_history_seq', sql`seq >= 1`)
        .execute();

      // Contacts who proved they know the applicant number and the birth date: several per
      // application (both parents, a grandparent, each new chat visitor).
      await db.schema
        .createTable('admission_guardian_links')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('application_id', 'uuid', (c) => c.notNull())
        .addColumn('guardian_contact_id', 'uuid', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('admission_guardian_links_pkey', [
          'tenant_id',
          'application_id',
          'guardian_contact_id',
        ])
        .addForeignKeyConstraint(
          'admission_guardian_links_application',
          ['tenant_id', 'application_id'],
          'admission_applications',
          ['tenant_id', 'application_id'],
        )
        .addForeignKeyConstraint(
          'admission_guardian_links_guardian',
          ['tenant_id', 'guardian_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addCheckConstraint('admission_guardian_links_via', sql`via in ('application', 'verification')`)
        .execute();

      // PIPL Art. 31: the guardian's consent, given before any of the child's data is taken in.
      await db.schema
        .createTable('guardian_consents')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('consent_id', 'uuid', (c) => c.notNull())
        .addColumn('guardian_contact_id', 'uuid', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('given_at', 'timestamptz', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        // The flow run's key: a retried call files the same consent once.
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'timestamptz')
        .addPrimaryKeyConstraint('guardian_consents_pkey', ['tenant_id', 'consent_id'])
        .addUniqueConstraint('guardian_consents_idempotency', ['tenant_id', 'idempotency_key'])
        .addForeignKeyConstraint(
          'guardian_consents_guardian',
          ['tenant_id', 'guardian_contact_id'],
          'contacts',
          ['tenant_id', 'contact_id'],
        )
        .addCheckConstraint(
          'guardian_consents_codes',
          sql`version ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' and purpose ~ '^[a-z][a-z0-9-]{0,63}$'`,
        )
        .execute();

      // Failed verifications, counted per conversation and per contact to slow down guessing.
      await db.schema
        .createTable('admission_verification_failures')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull())
        .addColumn('failure_id', 'uuid', (c) => c.notNull())
        .addColumn('conversation_id', 'uuid', (c) => c.notNull())
        .addColumn('guardian_contact_id', 'uuid', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('admission_verification_failures_pkey', ['tenant_id', 'failure_id'])
        .execute();
      for (const column of ['conversation_id', 'guardian_contact_id']) {
        await db.schema
          .createIndex(`admission_verification_failures_${column}`)
          .on('admission_verification_failures')
          .columns(['tenant_id', column, 'at'])
          .execute();
      }

      for (const table of TABLES) for (const statement of isolation(table)) await statement.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      for (const table of [...TABLES].reverse()) await db.schema.dropTable(table).execute();
    },
  },
};

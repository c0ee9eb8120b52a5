import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

const INDEXED = ['mobile_phone', 'email', 'resident_id', 'medical_record_number', 'student_number'];

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const contactMigrations: MigrationSet = {
  '2026_11_23_0300_core_create_contacts': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      let table = db.schema
        .createTable('contacts')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('contact_id', 'uuid', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // Personal fields: ciphertext only (compliance/crypto format, bound to tenant, table,
        // column and contact_id), under the contact's own key.
        .addColumn('display_name', 'bytea', (c) => c.notNull())
        .addColumn('mobile_phone', 'bytea')
        .addColumn('email', 'bytea')
        .addColumn('resident_id', 'bytea')
        .addColumn('date_of_birth', 'bytea')
        .addColumn('medical_record_number', 'bytea')
        .addColumn('student_number', 'bytea');
      for (const column of INDEXED) table = table.addColumn(`${column}_bidx`, 'bytea');
      await table
        .addColumn('erased_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('contacts_pkey', ['tenant_id', 'contact_id'])
        .addCheckConstraint('contacts_kind', sql`kind in ('patient', 'guardian', 'student', 'other')`)
        // Blind indexes are keyed per tenant, not per person: an erased contact keeps none, or
        // its rows would stay linkable to a phone number after the key is gone.
        .addCheckConstraint(
          'contacts_erased_unindexed',
          sql`erased_at is null or (${sql.join(
            INDEXED.map((c) => sql`${sql.ref(`${c}_bidx`)} is null`),
            sql` and `,
          )})`,
        )
        .execute();
      for (const column of INDEXED) {
        // tenant_id first, as in every key (DESIGN §5); partial, since most columns are sparse.
        await db.schema
          .createIndex(`contacts_${column}_bidx`)
          .on('contacts')
          .columns(['tenant_id', `${column}_bidx`])
          .where(sql.ref(`${column}_bidx`), 'is not', null)
          .execute();
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('contacts').execute();
    },
  },
};

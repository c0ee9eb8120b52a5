import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Frozen in time: Kysely<any>, literal vocabularies, no imports of live types.
 *
 * Tenant keys live in `crypto_keys` beside the keys they wrap: they share the record shape, the
 * active/retired/destroyed life cycle and the one-active-per-scope rule, and a self-reference
 * keeps every parent in the same tenant. A separate table would duplicate all three.
 */
export const cryptoMigrations: Readonly<Record<string, Migration>> = {
  '2026_11_23_0100_compliance_create_crypto_keys': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('crypto_keys')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('key_id', 'bytea', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'bytea')
        .addColumn('root_key_id', 'text')
        .addColumn('wrapped', 'bytea')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('destroyed_at', 'timestamptz')
        // DESIGN §5: tenant_id leads every key, so the table can be distributed by tenant.
        .addPrimaryKeyConstraint('crypto_keys_pkey', ['tenant_id', 'key_id'])
        .addForeignKeyConstraint('crypto_keys_parent_fkey', ['tenant_id', 'parent_id'], 'crypto_keys', [
          'tenant_id',
          'key_id',
        ])
        .addCheckConstraint('crypto_keys_key_id_length', sql`octet_length(key_id) = 16`)
        .addCheckConstraint(
          'crypto_keys_kind',
          sql`kind in ('tenant', 'subject', 'tenant_data', 'blind_index')`,
        )
        .addCheckConstraint('crypto_keys_status', sql`status in ('active', 'retired', 'destroyed')`)
        .addCheckConstraint(
          'crypto_keys_subject',
          sql`(kind = 'subject') = (subject_id is not null) and subject_id <> ''`,
        )
        // The root wraps tenant keys; a tenant key wraps everything else.
        .addCheckConstraint(
          'crypto_keys_wrapping',
          sql`(kind = 'tenant') = (parent_id is null) and (kind = 'tenant') = (root_key_id is not null)`,
        )
        // A tombstone carries no material, and only a tombstone lacks it.
        .addCheckConstraint(
          'crypto_keys_tombstone',
          sql`(status = 'destroyed') = (wrapped is null) and (status = 'destroyed') = (destroyed_at is not null)`,
        )
        .execute();
      // At most one active key per scope, enforced here rather than by callers. NULLS NOT
      // DISTINCT (PostgreSQL 15) because tenant, tenant_data and blind_index keys have no subject.
      await db.schema
        .createIndex('crypto_keys_one_active')
        .on('crypto_keys')
        .columns(['tenant_id', 'kind', 'subject_id'])
        .unique()
        .nullsNotDistinct()
        .where(sql.ref('status'), '=', 'active')
        .execute();
      await db.schema
        .createIndex('crypto_keys_scope')
        .on('crypto_keys')
        .columns(['tenant_id', 'kind', 'subject_id'])
        .execute();
      await db.schema
        .createIndex('crypto_keys_parent')
        .on('crypto_keys')
        .columns(['tenant_id', 'parent_id'])
        .execute();
      // Ciphertext headers name a key without its tenant; ids are random, so this is selective.
      await db.schema.createIndex('crypto_keys_key_id').on('crypto_keys').column('key_id').execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('crypto_keys').execute();
    },
  },
};

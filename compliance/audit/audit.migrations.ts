import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Frozen in time: Kysely<any>, no imports of live types. The audit log's four tables, then
 * the guards that make them insert-only. The guards are a speed bump for an application bug or
 * a careless operator; a superuser can disable them, and the Merkle proofs are what detect it
 * (docs/compliance/audit-log.md §7).
 */
export const auditMigrations: Readonly<Record<string, Migration>> = {
  '2026_11_23_0200_compliance_create_audit_log': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_pending')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('pending_id', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
        .addColumn('body', 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('audit_pending_pkey', ['tenant_id', 'pending_id'])
        .addCheckConstraint('audit_pending_body_size', sql`octet_length(body) between 2 and 65536`)
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('leaf', 'bytea', (c) => c.notNull())
        .addColumn('pending_id', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text')
        .addColumn('resource_id', 'text')
        .addColumn('subject_pseudonym', 'text')
        .addPrimaryKeyConstraint('audit_events_pkey', ['tenant_id', 'seq'])
        .addUniqueConstraint('audit_events_pending_key', ['tenant_id', 'pending_id'])
        .addCheckConstraint('audit_events_seq_range', sql`seq >= 0 and seq < 9007199254740992`)
        .addCheckConstraint('audit_events_leaf_size', sql`octet_length(leaf) between 2 and 65536`)
        .execute();
      // Search keys: tenant first (DESIGN §5), seq last so that pages are keyset-ordered.
      const indexes: [string, string[]][] = [
        ['audit_events_by_time', ['tenant_id', 'recorded_at', 'seq']],
        ['audit_events_by_actor', ['tenant_id', 'actor_id', 'seq']],
        ['audit_events_by_subject', ['tenant_id', 'subject_pseudonym', 'seq']],
        ['audit_events_by_resource', ['tenant_id', 'resource_type', 'resource_id', 'seq']],
        ['audit_events_by_action', ['tenant_id', 'action', 'seq']],
      ];
      for (const [name, columns] of indexes) {
        await db.schema.createIndex(name).on('audit_events').columns(columns).execute();
      }

      await db.schema
        .createTable('audit_nodes')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('level', 'smallint', (c) => c.notNull())
        .addColumn('index', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_nodes_pkey', ['tenant_id', 'level', 'index'])
        .addCheckConstraint('audit_nodes_level_range', sql`level between 0 and 53`)
        .addCheckConstraint('audit_nodes_index_range', sql`index >= 0`)
        .addCheckConstraint('audit_nodes_hash_size', sql`octet_length(hash) = 32`)
        .execute();

      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('tree_size', 'bigint', (c) => c.notNull())
        .addColumn('root', 'bytea', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('audit_checkpoints_pkey', ['tenant_id', 'tree_size'])
        .addCheckConstraint('audit_checkpoints_root_size', sql`octet_length(root) = 32`)
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      for (const table of ['audit_checkpoints', 'audit_nodes', 'audit_events', 'audit_pending']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },

  '2026_11_23_0201_compliance_guard_audit_log': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // SQLSTATE 42501 (insufficient_privilege): the same code a missing grant gives, so callers
      // and operators see one kind of refusal whichever wall stopped them.
      await sql`
        create function custos_audit_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'the audit log is append-only: % on % is refused', tg_op, tg_table_name
            using errcode = '42501';
        end $$`.execute(db);
      // A pending event may leave the intake only once it is in the log, in the same transaction.
      await sql`
        create function custos_audit_pending_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and exists (
            select 1 from audit_events e
            where e.tenant_id = old.tenant_id and e.pending_id = old.pending_id
          ) then
            return old;
          end if;
          raise exception 'audit events waiting for a sequence number cannot be changed or dropped: % on %',
            tg_op, tg_table_name using errcode = '42501';
        end $$`.execute(db);
      for (const table of ['audit_events', 'audit_nodes', 'audit_checkpoints']) {
        await sql`
          create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
          for each row execute function custos_audit_append_only()`.execute(db);
      }
      await sql`
        create trigger audit_pending_guard before update or delete on audit_pending
        for each row execute function custos_audit_pending_guard()`.execute(db);
      for (const table of ['audit_pending', 'audit_events', 'audit_nodes', 'audit_checkpoints']) {
        await sql`
          create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
          for each statement execute function custos_audit_append_only()`.execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      for (const table of ['audit_pending', 'audit_events', 'audit_nodes', 'audit_checkpoints']) {
        await sql`drop trigger if exists ${sql.id(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(
          db,
        );
      }
      for (const table of ['audit_events', 'audit_nodes', 'audit_checkpoints']) {
        await sql`drop trigger if exists ${sql.id(`${table}_append_only`)} on ${sql.table(table)}`.execute(
          db,
        );
      }
      await sql`drop trigger if exists audit_pending_guard on audit_pending`.execute(db);
      await sql`drop function if exists custos_audit_pending_guard()`.execute(db);
      await sql`drop function if exists custos_audit_append_only()`.execute(db);
    },
  },
};

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from './migration-set.ts';

/**
 * Row-level security, the second wall between tenants (the first is the application's own
 * conditions and CASL rules). Frozen in time: it covers every table with a `tenant_id` column that
 * exists when it runs; a table created by a later migration enables the same policy itself
 * (`tenantIsolationSql` below), and `row-security.db.test.ts` fails for any tenant table without it.
 */
export const rowSecurityMigrations: MigrationSet = {
  '2026_11_24_0900_core_row_level_security': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      // Roles belong to the cluster, not the database: it may exist already (created by an
      // administrator, for a migrating user who may not create roles), and another database (or a
      // parallel test run) may create it at the same moment.
      await sql`
        do $$ begin
          if not exists (select 1 from pg_roles where rolname = 'custos_app') then
            create role custos_app nologin nobypassrls;
          end if;
        exception when duplicate_object or unique_violation then null;
        end $$`.execute(db);
      await sql`grant usage on schema public to custos_app`.execute(db);
      await sql`grant select, insert, update, delete on all tables in schema public to custos_app`.execute(
        db,
      );
      await sql`grant usage, select, update on all sequences in schema public to custos_app`.execute(db);
      await sql`alter default privileges in schema public grant select, insert, update, delete on tables to custos_app`.execute(
        db,
      );
      await sql`alter default privileges in schema public grant usage, select, update on sequences to custos_app`.execute(
        db,
      );
      await sql`
        create function custos_tenant_visible(row_tenant uuid) returns boolean
        language sql stable parallel safe as $$
          select current_setting('custos.scope', true) = 'platform'
              or row_tenant = nullif(current_setting('custos.tenant_id', true), '')::uuid
        $$`.execute(db);

      // The tenant directory: anyone may resolve a slug (nothing in it is personal), a tenant may
      // update its own row, only platform work creates or deletes tenants.
      await sql`alter table tenants enable row level security`.execute(db);
      await sql`alter table tenants force row level security`.execute(db);
      await sql`create policy custos_directory on tenants for select using (true)`.execute(db);
      await sql`create policy custos_own_tenant on tenants for update
        using (custos_tenant_visible(tenant_id)) with check (custos_tenant_visible(tenant_id))`.execute(db);
      await sql`create policy custos_platform_insert on tenants for insert
        with check (current_setting('custos.scope', true) = 'platform')`.execute(db);
      await sql`create policy custos_platform_delete on tenants for delete
        using (current_setting('custos.scope', true) = 'platform')`.execute(db);

      const { rows } = await sql<{ table_name: string }>`
        select c.table_name from information_schema.columns c
        join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = 'public' and c.column_name = 'tenant_id'
          and t.table_type = 'BASE TABLE' and c.table_name <> 'tenants'
        order by c.table_name`.execute(db);
      for (const { table_name } of rows) {
        for (const statement of tenantIsolationSql(table_name)) await sql.raw(statement).execute(db);
      }
      // The audit log is append-only for the application too (docs/compliance/audit-log.md §7.4):
      // events, nodes and checkpoints are inserted and read; the intake is also emptied.
      await sql`revoke update, delete on audit_events, audit_nodes, audit_checkpoints from custos_app`.execute(
        db,
      );
      await sql`revoke update on audit_pending from custos_app`.execute(db);
      // The migration bookkeeping is read (readiness), never written, by the application.
      await sql`revoke insert, update, delete on custos_migration, custos_migration_lock from custos_app`.execute(
        db,
      );
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      const { rows } = await sql<{ tablename: string; policyname: string }>`
        select tablename, policyname from pg_policies where schemaname = 'public'`.execute(db);
      for (const { tablename, policyname } of rows) {
        await sql`drop policy ${sql.id(policyname)} on ${sql.id(tablename)}`.execute(db);
        await sql`alter table ${sql.id(tablename)} no force row level security`.execute(db);
        await sql`alter table ${sql.id(tablename)} disable row level security`.execute(db);
      }
      await sql`drop function custos_tenant_visible(uuid)`.execute(db);
    },
  },
};

/**
 * The policy of every tenant table, as statements for a migration to run one by one: rows of the
 * connection's tenant, or all of them for platform work.
 */
export function tenantIsolationSql(table: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a plain table name: ${table}`);
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy custos_tenant_isolation on ${table}
      using (custos_tenant_visible(tenant_id)) with check (custos_tenant_visible(tenant_id))`,
  ];
}

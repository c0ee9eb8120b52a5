import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import {
  currentDataScope,
  type DataScope,
  NO_SCOPE,
  PLATFORM_SCOPE,
  withDataScope,
} from '../context/data-scope.ts';
import type { Database } from './schema.ts';

let db: TestDb;
let app: Kysely<Database>;
const A = randomUUID();
const B = randomUUID();
const tenantScope = (tenantId: string): DataScope => ({ kind: 'tenant', tenantId });

const as = <T>(scope: DataScope, fn: () => Promise<T>): Promise<T> => withDataScope(scope, fn);

const user = (tenantId: string, loginName: string) => ({
  tenant_id: tenantId,
  user_id: randomUUID(),
  login_name: loginName,
  password_hash: 'not-a-real-hash',
  roles: JSON.stringify(['agent']),
});

beforeAll(async () => {
  db = await createTestDb();
  app = db.rowSecured(currentDataScope);
  for (const [id, slug] of [
    [A, 'rls-hospital-a'],
    [B, 'rls-hospital-b'],
  ] as const) {
    await db.db
      .insertInto('tenants')
      .values({
        tenant_id: id,
        slug,
        name: slug,
        vertical: 'medical',
        locale: 'zh-CN',
        time_zone: 'Asia/Shanghai',
        settings: '{}',
      })
      .execute();
  }
  await db.db
    .insertInto('users')
    .values([user(A, 'agent-a1'), user(A, 'agent-a2'), user(B, 'agent-b1')] as never)
    .execute();
});
afterAll(async () => {
  await db?.destroy();
});

describe(`row-level security on ${testDialect()}`, () => {
  it('forces a tenant policy on every table with a tenant_id', async () => {
    const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policies p where p.tablename = c.relname and p.schemaname = 'public') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`.execute(db.db);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const unprotected = rows.filter((row) => !row.enabled || !row.forced || row.policies === 0);
    expect(unprotected.map((row) => row.table)).toEqual([]);
  });

  it('runs the application as a role that owns nothing and cannot bypass row security', async () => {
    const role = await as(tenantScope(A), () =>
      sql<{ who: string; superuser: boolean; bypass: boolean; owns: number }>`
        select current_user as who, r.rolsuper as superuser, r.rolbypassrls as bypass,
          (select count(*)::int from pg_class c where c.relowner = r.oid) as owns
        from pg_roles r where r.rolname = current_user`.execute(app),
    );
    expect(role.rows).toEqual([{ who: 'custos_app', superuser: false, bypass: false, owns: 0 }]);
  });

  it('shows a tenant only its own rows, even to a query without a tenant condition', async () => {
    const names = (
      await as(tenantScope(A), () => app.selectFrom('users').select('login_name').execute())
    ).map((row) => row.login_name);
    expect(names.sort()).toEqual(['agent-a1', 'agent-a2']);
    const other = await as(tenantScope(A), () =>
      app.selectFrom('users').select('login_name').where('tenant_id', '=', B).execute(),
    );
    expect(other).toEqual([]);
  });

  it("refuses to write, move or delete another tenant's rows", async () => {
    await expect(
      as(tenantScope(A), () =>
        app
          .insertInto('users')
          .values(user(B, 'intruder') as never)
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      as(tenantScope(A), () =>
        app
          .updateTable('users')
          .set({ tenant_id: B } as never)
          .where('login_name', '=', 'agent-a1')
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await as(tenantScope(A), () =>
      app.updateTable('users').set({ disabled: true }).where('tenant_id', '=', B).executeTakeFirst(),
    );
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await as(tenantScope(A), () => app.deleteFrom('users').executeTakeFirst());
    expect(deleted.numDeletedRows).toBe(2n);
    const left = await db.db.selectFrom('users').select('login_name').execute();
    expect(left.map((row) => row.login_name)).toEqual(['agent-b1']);
    await db.db
      .insertInto('users')
      .values([user(A, 'agent-a1'), user(A, 'agent-a2')] as never)
      .execute();
  });

  it('shows nothing without a scope, everything to platform work', async () => {
    expect(await as(NO_SCOPE, () => app.selectFrom('users').select('login_name').execute())).toEqual([]);
    expect(
      await as(PLATFORM_SCOPE, () => app.selectFrom('users').select('login_name').execute()),
    ).toHaveLength(3);
  });

  it('lets anyone resolve a tenant, only platform work create one, a tenant update only itself', async () => {
    const directory = await as(NO_SCOPE, () =>
      app.selectFrom('tenants').select('slug').orderBy('slug').execute(),
    );
    expect(directory.map((row) => row.slug)).toEqual(['rls-hospital-a', 'rls-hospital-b']);
    const newTenant = {
      tenant_id: randomUUID(),
      slug: 'rls-new-clinic',
      name: 'x',
      vertical: 'medical',
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
      settings: '{}',
    };
    await expect(
      as(tenantScope(A), () => app.insertInto('tenants').values(newTenant).execute()),
    ).rejects.toThrow(/row-level security/);
    await as(PLATFORM_SCOPE, () => app.insertInto('tenants').values(newTenant).execute());
    const renamed = await as(tenantScope(A), () =>
      app.updateTable('tenants').set({ name: 'renamed' }).where('tenant_id', 'in', [A, B]).executeTakeFirst(),
    );
    expect(renamed.numUpdatedRows).toBe(1n);
  });

  it('keeps scopes apart when they alternate, and leaves the owner connection as it was', async () => {
    const count = (tenantId: string) =>
      as(tenantScope(tenantId), () =>
        app
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      );
    const results = await Promise.all([count(A), count(B), count(A), count(B)]);
    expect(results.map((row) => Number(row.n))).toEqual([2, 1, 2, 1]);
    const owner = await sql<{ who: string }>`select current_user as who`.execute(db.db);
    expect(owner.rows[0]?.who).not.toBe('custos_app');
    expect(await db.db.selectFrom('users').select('login_name').execute()).toHaveLength(3);
  });

  it('never runs an application query inside an owner transaction on the same backend', async () => {
    const { pending } = await db.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values(user(B, 'uncommitted') as never)
        .execute();
      // Started while the owner's transaction holds the backend: it must wait for the commit
      // (wrapped, so that the transaction does not wait for it in turn).
      const query = as(PLATFORM_SCOPE, () => app.selectFrom('users').select('login_name').execute());
      await new Promise((resolve) => setTimeout(resolve, 50));
      await trx.deleteFrom('users').where('login_name', '=', 'uncommitted').execute();
      return { pending: query };
    });
    const seen = await pending;
    expect(seen.map((row) => row.login_name)).not.toContain('uncommitted');
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope, withDataScope } from '../context/data-scope.ts';
import { bearer, createStaff, createTenant, signIn } from '../identity/identity.fixture.ts';

/**
 * Issue 5, "tenant isolation twice": every route that takes a tenant and ids, called with tenant
 * A's staff tokens and tenant B's ids, refuses without data; and with the application's checks
 * out of the way, row-level security alone still shows tenant A nothing of tenant B.
 */
let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantA: string;
let tenantB: string;
const tokens: Record<string, string> = {};
const idsOfB: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantA = await createTenant(t, 'sweep-a');
  tenantB = await createTenant(t, 'sweep-b');
  for (const [login, roles] of [
    ['admin', ['tenant_admin']],
    ['agent', ['agent']],
    ['auditor', ['auditor']],
    ['clinician', ['clinician']],
  ] as const) {
    const a = await createStaff(t, 'sweep-a', `${login}.a`, [...roles]);
    tokens[login] = (await signIn(t, 'sweep-a', `${login}.a`, a.key)).accessToken;
    const b = await createStaff(t, 'sweep-b', `${login}.b`, [...roles]);
    idsOfB[login] = b.id;
  }
  const contact = await t.runtime.contacts.create(
    { actor: { kind: 'staff', id: 'u-clerk-b', role: 'clerk' }, tenantId: tenantB, purpose: 'PATADMIN' },
    { kind: 'patient', displayName: '测试患者乙' },
  );
  idsOfB.contact = contact.id;
});
afterAll(async () => {
  await db?.destroy();
});

/** Every route of a tenant, with its parameters filled from tenant B. */
function tenantRoutes() {
  const seen = new Set<string>();
  return t.app.routes
    .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/v1/tenants/:slug/'))
    .filter(
      (route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`),
    )
    .map((route) => ({
      method: route.method,
      path: route.path
        .replace(':slug', 'sweep-b')
        .replace(/:(id|userId)\b/g, idsOfB.agent ?? '')
        .replace(/:[A-Za-z]+/g, idsOfB.contact ?? ''),
    }));
}

describe(`cross-tenant sweep on ${testDialect()}`, () => {
  it("refuses every tenant route to tenant A's staff on tenant B, without data", async () => {
    const routes = tenantRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const leaks: string[] = [];
    for (const [who, token] of Object.entries(tokens)) {
      for (const { method, path } of routes) {
        const response = await t.app.request(path, {
          method,
          headers: { ...bearer(token), 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        const body = await response.text();
        const leaked = Object.values(idsOfB).some((id) => body.includes(id)) || body.includes(tenantB);
        if (![403, 404].includes(response.status) || leaked)
          leaks.push(`${who} ${method} ${path} → ${response.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("with row-level security alone, tenant A's work sees, changes and deletes nothing of tenant B", async () => {
    const app = db.rowSecured(currentDataScope);
    const { rows: tables } = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'tenants'
      order by table_name`.execute(db.db);
    expect(tables.length).toBeGreaterThanOrEqual(10);
    const visible: string[] = [];
    await withDataScope({ kind: 'tenant', tenantId: tenantA }, async () => {
      for (const { table_name } of tables) {
        const table = sql.table(table_name);
        // No tenant condition at all, as a buggy query would have it.
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${table}
          where tenant_id <> ${tenantA}`.execute(app);
        if (rows[0]?.n !== 0) visible.push(`${table_name}: ${rows[0]?.n} rows of other tenants visible`);
        // Append-only tables refuse the statement outright (no UPDATE or DELETE grant): also nothing.
        const affected = (statement: Promise<{ numAffectedRows?: bigint }>) =>
          statement.then(
            (result) => Number(result.numAffectedRows ?? 0),
            (error: Error) => (/permission denied/.test(error.message) ? 0 : Promise.reject(error)),
          );
        const update = sql`update ${table} set tenant_id = tenant_id where tenant_id = ${tenantB}`;
        if ((await affected(update.execute(app))) !== 0) visible.push(`${table_name}: updated`);
        const remove = sql`delete from ${table} where tenant_id = ${tenantB}`;
        if ((await affected(remove.execute(app))) !== 0) visible.push(`${table_name}: deleted`);
      }
    });
    expect(visible).toEqual([]);
    // The owner's view shows the rows were there to find.
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from users where tenant_id = ${tenantB}`.execute(db.db);
    expect(rows[0]?.n).toBe(4);
  });

  it("with row-level security alone, a repository finds nothing of tenant B by B's own ids", async () => {
    const contactOfB = () => t.runtime.contactRepository.read(tenantB, idsOfB.contact ?? '');
    expect(await withDataScope({ kind: 'tenant', tenantId: tenantA }, contactOfB)).toBeUndefined();
    // The same call in B's own scope finds it: the refusal above is the policy's doing.
    expect(await withDataScope({ kind: 'tenant', tenantId: tenantB }, contactOfB)).toMatchObject({
      status: 'found',
      contact: { id: idsOfB.contact },
    });
  });
});

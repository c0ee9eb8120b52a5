import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  PASSWORD,
  post,
  signIn,
  type Tokens,
} from './identity.fixture.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantA: string;
let admin: Tokens;
let adminB: Tokens;
let agent: Tokens;
let auditor: Tokens;
const USERS = '/api/v1/tenants/clinic-a/users';

const get = (path: string, headers: Record<string, string>) => t.app.request(path, { headers });
const patch = (path: string, body: unknown, headers: Record<string, string>) =>
  t.app.request(path, {
    method: 'PATCH',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
const newUser = (loginName: string, roles: string[], extra: Record<string, unknown> = {}) => ({
  loginName,
  roles,
  password: PASSWORD,
  ...extra,
});

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantA = await createTenant(t, 'clinic-a');
  await createTenant(t, 'clinic-b');
  const adminKey = (await createStaff(t, 'clinic-a', 'admin.a', ['tenant_admin'])).key;
  const adminBKey = (await createStaff(t, 'clinic-b', 'admin.b', ['tenant_admin'])).key;
  const auditorKey = (await createStaff(t, 'clinic-a', 'auditor.a', ['auditor'])).key;
  await createStaff(t, 'clinic-a', 'agent.a', ['agent']);
  admin = await signIn(t, 'clinic-a', 'admin.a', adminKey);
  adminB = await signIn(t, 'clinic-b', 'admin.b', adminBKey);
  auditor = await signIn(t, 'clinic-a', 'auditor.a', auditorKey);
  agent = await signIn(t, 'clinic-a', 'agent.a');
});
afterAll(() => db.destroy());

describe('creating users', () => {
  it('a tenant admin creates an operational account (audited); it can sign in', async () => {
    const response = await post(
      t,
      USERS,
      newUser('nurse.desk', ['agent'], { displayName: '测试 Desk' }),
      bearer(admin.accessToken),
    );
    expect(response.status).toBe(201);
    const user = (await response.json()) as Record<string, unknown>;
    expect(user).toMatchObject({
      loginName: 'nurse.desk',
      displayName: '测试 Desk',
      roles: ['agent'],
      mfaEnrolled: false,
    });
    expect(user).not.toHaveProperty('password');
    await signIn(t, 'clinic-a', 'nurse.desk');
    const events = await auditEvents(t, tenantA);
    expect(events.some((e) => e.action === 'create' && e.resource?.id === user.id)).toBe(true);
    const stored = await db.db
      .selectFrom('users')
      .select('display_name')
      .where('user_id', '=', user.id as string)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.display_name as Buffer).toString('utf8')).not.toContain('测试');
  });

  it('a tenant admin cannot create privileged accounts; the platform operator can, and only those', async () => {
    for (const roles of [['auditor'], ['tenant_admin']]) {
      await expectProblem(await post(t, USERS, newUser('priv.x', roles), bearer(admin.accessToken)), 403);
    }
    const created = await post(t, USERS, newUser('auditor.two', ['auditor']), t.operator);
    expect(created.status).toBe(201);
    // The operator reads who is who, not login names.
    expect(Object.keys((await created.json()) as object).sort()).toEqual([
      'disabled',
      'displayName',
      'id',
      'roles',
      'tenantId',
    ]);
    await expectProblem(await post(t, USERS, newUser('agent.op', ['agent']), t.operator), 403);
  });

  it('refuses bad input with 400, taken names with 409, and anonymous callers with 401', async () => {
    const as = bearer(admin.accessToken);
    await expectProblem(await post(t, USERS, { loginName: 'x', password: PASSWORD }, as), 400);
    await expectProblem(await post(t, USERS, newUser('x', ['janitor']), as), 400);
    await expectProblem(await post(t, USERS, newUser('short.pw', ['agent'], { password: 'short' }), as), 400);
    await expectProblem(await post(t, USERS, newUser('a@b.example', ['agent']), as), 400);
    await expectProblem(await post(t, USERS, newUser('agent.a', ['agent']), as), 409);
    await expectProblem(await post(t, USERS, newUser('anon', ['agent'])), 401);
    await expectProblem(await get(`${USERS}/not-a-uuid`, as), 400);
  });
});

describe('reading users', () => {
  it('lists in pages with a cursor, every user once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await get(`${USERS}?limit=2${query}`, bearer(admin.accessToken));
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { loginName: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.loginName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['admin.a', 'agent.a', 'auditor.a']));
    expect(seen).not.toContain('admin.b');
  });

  it('an auditor lists who is who, without login names; an agent cannot list', async () => {
    const response = await get(USERS, bearer(auditor.accessToken));
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    expect(items.length).toBeGreaterThan(2);
    for (const item of items) expect(item).not.toHaveProperty('loginName');
    await expectProblem(await get(USERS, bearer(agent.accessToken)), 403);
    // Their own account they may read.
    expect((await get(`${USERS}/${agent.userId}`, bearer(agent.accessToken))).status).toBe(200);
    await expectProblem(await get(`${USERS}/${admin.userId}`, bearer(agent.accessToken)), 403);
  });

  it("a tenant admin of tenant B gets nothing of tenant A's users", async () => {
    await expectProblem(await get(USERS, bearer(adminB.accessToken)), 404);
    await expectProblem(await get(`${USERS}/${agent.userId}`, bearer(adminB.accessToken)), 404);
    await expectProblem(
      await post(t, USERS, newUser('intruder', ['agent']), bearer(adminB.accessToken)),
      404,
    );
    // Below the tenant guard, the service refuses on its own: tenant B's admin has no rule in A.
    const direct = t.runtime.identity.http.userAdmin.list(
      {
        kind: 'staff',
        id: adminB.userId,
        tenantId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
        roles: ['tenant_admin'],
        mfa: true,
      } as never,
      'clinic-a',
      { limit: 10 },
    );
    await expect(direct).rejects.toMatchObject({ code: 'forbidden' });
    await expectProblem(await get('/api/v1/tenants/no-such-clinic/users', t.operator), 404);
  });
});

describe('changing users', () => {
  it('changes display name and operational roles; a privileged grant is refused (tenant admin cannot grant auditor)', async () => {
    const created = (await (
      await post(t, USERS, newUser('desk.two', ['agent']), bearer(admin.accessToken))
    ).json()) as { id: string };
    const path = `${USERS}/${created.id}`;
    const renamed = await patch(path, { displayName: 'Front desk' }, bearer(admin.accessToken));
    expect(await renamed.json()).toMatchObject({ displayName: 'Front desk' });
    const promoted = await patch(path, { roles: ['supervisor'] }, bearer(admin.accessToken));
    expect(await promoted.json()).toMatchObject({ roles: ['supervisor'] });
    await expectProblem(await patch(path, { roles: ['auditor'] }, bearer(admin.accessToken)), 403);
    await expectProblem(
      await patch(path, { roles: ['supervisor', 'tenant_admin'] }, bearer(admin.accessToken)),
      403,
    );
    await expectProblem(await patch(path, {}, bearer(admin.accessToken)), 400);
    await expectProblem(await patch(path, { displayName: 'x' }, bearer(agent.accessToken)), 403);
    const actions = (await auditEvents(t, tenantA))
      .filter((e) => e.resource?.id === created.id)
      .map((e) => e.action);
    expect(actions).toEqual(['create', 'update', 'permission-change']);
  });

  it('disabling signs the user out at once; they cannot sign in or refresh; nobody disables themselves', async () => {
    await post(t, USERS, newUser('temp.staff', ['agent']), bearer(admin.accessToken));
    const victim = await signIn(t, 'clinic-a', 'temp.staff');
    const path = `${USERS}/${victim.userId}`;
    const me = () => get('/api/v1/tenants/clinic-a/auth/me', bearer(victim.accessToken));
    expect((await me()).status).toBe(200);
    const disabled = await patch(path, { disabled: true }, bearer(admin.accessToken));
    expect(await disabled.json()).toMatchObject({ disabled: true });
    await expectProblem(await me(), 401);
    await expectProblem(
      await post(t, '/api/v1/tenants/clinic-a/auth/refresh', { refreshToken: victim.refreshToken }),
      401,
    );
    const login = await post(t, '/api/v1/tenants/clinic-a/auth/login', {
      loginName: 'temp.staff',
      password: PASSWORD,
    });
    await expectProblem(login, 401);
    expect((await patch(path, { disabled: false }, bearer(admin.accessToken))).status).toBe(200);
    await signIn(t, 'clinic-a', 'temp.staff');
    await expectProblem(
      await patch(`${USERS}/${admin.userId}`, { disabled: true }, bearer(admin.accessToken)),
      403,
    );
  });

  it('revokes every session of a user (audited), not only one', async () => {
    const one = await signIn(t, 'clinic-a', 'agent.a');
    const two = await signIn(t, 'clinic-a', 'agent.a');
    const revoke = await t.app.request(`${USERS}/${one.userId}/sessions`, {
      method: 'DELETE',
      headers: bearer(admin.accessToken),
    });
    expect(revoke.status).toBe(204);
    for (const session of [one, two]) {
      await expectProblem(await get('/api/v1/tenants/clinic-a/auth/me', bearer(session.accessToken)), 401);
    }
    const events = await auditEvents(t, tenantA);
    expect(
      events.some(
        (e) => e.action === 'logout' && e.resource?.id === one.userId && e.actor.id === admin.userId,
      ),
    ).toBe(true);
    const byAgent = await t.app.request(`${USERS}/${admin.userId}/sessions`, {
      method: 'DELETE',
      headers: bearer((await signIn(t, 'clinic-a', 'agent.a')).accessToken),
    });
    await expectProblem(byAgent, 403);
  });
});

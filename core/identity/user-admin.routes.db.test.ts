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

describe('queues', () => {
  /** The actor a token resolves to, as every route sees it. */
  const actorOf = async (token: string) => t.runtime.identity.resolver(token);
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  const problemPaths = async (response: Response) =>
    ((await expectProblem(response, 400)).errors as { path: string }[]).map((e) => e.path);

  it('a user created with queues signs in with them in the token and on the actor', async () => {
    const response = await post(
      t,
      USERS,
      newUser('queue.agent', ['agent'], { queueIds: ['front-desk', 'billing', 'front-desk'] }),
      bearer(admin.accessToken),
    );
    expect(response.status).toBe(201);
    // Stored as a set: sorted and distinct.
    expect(await response.json()).toMatchObject({
      loginName: 'queue.agent',
      queueIds: ['billing', 'front-desk'],
    });
    const session = await signIn(t, 'clinic-a', 'queue.agent');
    expect(claimsOf(session.accessToken).queues).toEqual(['billing', 'front-desk']);
    expect(await actorOf(session.accessToken)).toMatchObject({
      kind: 'staff',
      id: session.userId,
      roles: ['agent'],
      queueIds: ['billing', 'front-desk'],
    });
    // The account's own profile shows its queues.
    const own = await get(`${USERS}/${session.userId}`, bearer(session.accessToken));
    expect(await own.json()).toMatchObject({ queueIds: ['billing', 'front-desk'] });
  });

  it('an account created without queues has none, in the DTO and on the actor', async () => {
    const own = await get(`${USERS}/${agent.userId}`, bearer(admin.accessToken));
    expect(await own.json()).toMatchObject({ queueIds: [] });
    // A fresh sign-in: the earlier tests revoked this agent's first sessions.
    const { accessToken } = await signIn(t, 'clinic-a', 'agent.a');
    expect(claimsOf(accessToken).queues).toEqual([]);
    const actor = await actorOf(accessToken);
    expect(actor).toMatchObject({ kind: 'staff', id: agent.userId });
    expect(actor).not.toHaveProperty('queueIds');
  });

  it('an update changes them from the next token on (sign-in or refresh), audited without the ids', async () => {
    const created = (await (
      await post(
        t,
        USERS,
        newUser('queue.mover', ['agent'], { queueIds: ['billing'] }),
        bearer(admin.accessToken),
      )
    ).json()) as { id: string };
    const before = await signIn(t, 'clinic-a', 'queue.mover');
    const path = `${USERS}/${created.id}`;
    const changed = await patch(path, { queueIds: ['triage', 'front-desk'] }, bearer(admin.accessToken));
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ queueIds: ['front-desk', 'triage'] });
    // The token already issued keeps what it says until it expires (at most 5 minutes).
    expect(await actorOf(before.accessToken)).toMatchObject({ queueIds: ['billing'] });
    const signedIn = await signIn(t, 'clinic-a', 'queue.mover');
    expect(await actorOf(signedIn.accessToken)).toMatchObject({ queueIds: ['front-desk', 'triage'] });
    const refreshed = await post(t, '/api/v1/tenants/clinic-a/auth/refresh', {
      refreshToken: before.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    expect(await actorOf(accessToken)).toMatchObject({ queueIds: ['front-desk', 'triage'] });

    // The same set again is no change; an empty list removes every queue.
    expect(
      (await patch(path, { queueIds: ['triage', 'front-desk'] }, bearer(admin.accessToken))).status,
    ).toBe(200);
    const cleared = await patch(path, { queueIds: [] }, bearer(admin.accessToken));
    expect(await cleared.json()).toMatchObject({ queueIds: [] });
    expect(await actorOf((await signIn(t, 'clinic-a', 'queue.mover')).accessToken)).not.toHaveProperty(
      'queueIds',
    );

    const events = (await auditEvents(t, tenantA)).filter((e) => e.resource?.id === created.id);
    expect(events.filter((e) => e.action !== 'login').map((e) => e.action)).toEqual([
      'create',
      'update',
      'update',
    ]);
    expect(JSON.stringify(events)).not.toMatch(/triage|front-desk|billing/);
  });

  it('refuses invalid queue ids with 400 naming the field, at the API and at the console', async () => {
    const as = bearer(admin.accessToken);
    expect(
      await problemPaths(await post(t, USERS, newUser('q.bad', ['agent'], { queueIds: ['Front Desk'] }), as)),
    ).toEqual(['body.queueIds.0']);
    const many = Array.from({ length: 21 }, (_, i) => `queue-${i}`);
    expect(
      await problemPaths(await post(t, USERS, newUser('q.many', ['agent'], { queueIds: many }), as)),
    ).toEqual(['body.queueIds']);
    expect(await problemPaths(await patch(`${USERS}/${agent.userId}`, { queueIds: ['-x'] }, as))).toEqual([
      'body.queueIds.0',
    ]);
    expect(await problemPaths(await patch(`${USERS}/${agent.userId}`, { queueIds: 'billing' }, as))).toEqual([
      'body.queueIds',
    ]);
    const tooLong = `q${'x'.repeat(48)}`;
    const console = t.runtime.identity.users.create(
      { kind: 'system', id: 'test-setup', role: 'platform_operator' },
      {
        tenantSlug: 'clinic-a',
        loginName: 'q.console',
        roles: ['agent'],
        queueIds: [tooLong],
        password: PASSWORD,
      },
    );
    await expect(console).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'queueIds', message: expect.any(String) }],
    });
    // The table holds the same rule: a row written by other means cannot widen anyone's access.
    for (const queueIds of [['Front Desk'], [tooLong], many]) {
      await expect(
        db.db.updateTable('users').set({ queue_ids: queueIds }).where('user_id', '=', agent.userId).execute(),
      ).rejects.toThrow(/users_queue_ids/);
    }
    // Nothing was created by the refused requests.
    const names = await db.db
      .selectFrom('users')
      .select('login_name')
      .where('tenant_id', '=', tenantA)
      .execute();
    expect(names.map((n) => n.login_name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^q\.(bad|many|console)$/)]),
    );
  });

  it('only a tenant admin sets queues, never their own; the platform operator sets none', async () => {
    await expectProblem(
      await post(t, USERS, newUser('priv.q', ['auditor'], { queueIds: ['billing'] }), t.operator),
      403,
    );
    const asAgent = bearer((await signIn(t, 'clinic-a', 'agent.a')).accessToken);
    await expectProblem(await patch(`${USERS}/${agent.userId}`, { queueIds: ['billing'] }, asAgent), 403);
    await expectProblem(
      await patch(`${USERS}/${admin.userId}`, { queueIds: ['billing'] }, bearer(admin.accessToken)),
      403,
    );
    await expectProblem(
      await patch(`${USERS}/${agent.userId}`, { queueIds: ['billing'] }, bearer(adminB.accessToken)),
      404,
    );
    const own = await get(`${USERS}/${agent.userId}`, bearer(admin.accessToken));
    expect(await own.json()).toMatchObject({ queueIds: [] });
  });
});

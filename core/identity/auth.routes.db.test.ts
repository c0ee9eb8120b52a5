import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { base32Decode } from './base32.ts';
import { totp } from './totp.ts';

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const PASSWORD = 'correct horse battery staple';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let auditorSecret: Buffer;
const tenantIds: Record<string, string> = {};

async function createTenant(slug: string) {
  const tenant = await t.runtime.tenants.create(SYSTEM, {
    slug,
    name: `Synthetic ${slug}`,
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
  });
  tenantIds[slug] = tenant.id;
}

const createUser = (tenantSlug: string, loginName: string, roles: string[]) =>
  t.runtime.identity.users.create(SYSTEM, { tenantSlug, loginName, roles, password: PASSWORD });

function login(slug: string, body: Record<string, unknown>) {
  return t.app.request(`/api/v1/tenants/${slug}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function tokenFor(slug: string, body: Record<string, unknown>): Promise<string> {
  const response = await login(slug, body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  await createTenant('clinic-a');
  await createTenant('clinic-b');
  await createUser('clinic-a', 'agent.a', ['agent']);
  await createUser('clinic-a', 'locky', ['agent']);
  await createUser('clinic-b', 'agent.b', ['agent']);
  const auditor = await createUser('clinic-a', 'auditor.a', ['auditor']);
  auditorSecret = base32Decode(new URL(auditor.totpUri as string).searchParams.get('secret') as string);
});
afterAll(() => db.destroy());

describe('POST /api/v1/tenants/{slug}/auth/login', () => {
  it('returns an access token that the API accepts', async () => {
    const response = await login('clinic-a', { loginName: 'Agent.A', password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ tokenType: 'Bearer', roles: ['agent'], amr: ['pwd'] });
    expect(body.expiresIn).toBeGreaterThan(0);
    const me = await t.app.request('/api/v1/tenants/clinic-a/auth/me', {
      headers: bearer(body.accessToken as string),
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      userId: body.userId,
      tenantId: tenantIds['clinic-a'],
      roles: ['agent'],
      queueIds: [],
      mfa: false,
    });
  });

  it('a console-created account with queues signs in with them: the token carries them, /me shows them', async () => {
    await t.runtime.identity.users.create(SYSTEM, {
      tenantSlug: 'clinic-a',
      loginName: 'desk.queues',
      roles: ['supervisor'],
      queueIds: ['front-desk', 'billing'],
      password: PASSWORD,
    });
    const token = await tokenFor('clinic-a', { loginName: 'desk.queues', password: PASSWORD });
    const me = await t.app.request('/api/v1/tenants/clinic-a/auth/me', { headers: bearer(token) });
    expect(await me.json()).toMatchObject({ roles: ['supervisor'], queueIds: ['billing', 'front-desk'] });
    await expect(
      t.runtime.identity.users.create(SYSTEM, {
        tenantSlug: 'clinic-a',
        loginName: 'desk.bad',
        roles: ['agent'],
        queueIds: ['billing', 'BILLING'],
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', issues: [{ path: 'queueIds' }] });
  });

  it('publishes the verification key at /.well-known/jwks.json', async () => {
    const token = await tokenFor('clinic-a', { loginName: 'agent.a', password: PASSWORD });
    const kid = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).kid;
    const response = await t.app.request('/.well-known/jwks.json');
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys.map((k) => k.kid)).toContain(kid);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });

  it('answers a wrong password exactly like an unknown user or tenant', async () => {
    const wrong = await login('clinic-a', { loginName: 'agent.a', password: 'not the password' });
    const unknown = await login('clinic-a', { loginName: 'nobody', password: 'not the password' });
    const noTenant = await login('no-such-clinic', { loginName: 'agent.a', password: PASSWORD });
    const bodies = [];
    for (const response of [wrong, unknown, noTenant]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const { requestId: _ignored, ...problem } = (await response.json()) as Record<string, unknown>;
      bodies.push(problem);
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('asks an MFA role for its one-time code, accepts it once, and refuses a replay', async () => {
    const without = await login('clinic-a', { loginName: 'auditor.a', password: PASSWORD });
    expect(without.status).toBe(401);
    expect(await without.json()).toMatchObject({ errors: [{ path: 'totp', message: 'required' }] });

    const code = totp(auditorSecret, new Date());
    const ok = await login('clinic-a', { loginName: 'auditor.a', password: PASSWORD, totp: code });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { accessToken: string; amr: string[] };
    expect(body.amr).toEqual(['pwd', 'otp']);
    const events = await t.app.request('/api/v1/tenants/clinic-a/audit/checkpoint', {
      headers: bearer(body.accessToken),
    });
    expect(events.status).not.toBe(401);
    expect(events.status).not.toBe(403);

    const replay = await login('clinic-a', { loginName: 'auditor.a', password: PASSWORD, totp: code });
    expect(replay.status).toBe(401);
  });

  it("refuses a token of tenant A on tenant B's routes as if B did not exist", async () => {
    const token = await tokenFor('clinic-a', { loginName: 'agent.a', password: PASSWORD });
    for (const path of ['/api/v1/tenants/clinic-b/auth/me', '/api/v1/tenants/clinic-b/audit/checkpoint']) {
      const response = await t.app.request(path, { headers: bearer(token) });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(
      (await t.app.request('/api/v1/tenants/clinic-a/auth/me', { headers: bearer(tampered) })).status,
    ).toBe(401);
  });

  it('locks an account after five failures: 429 with Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await login('clinic-a', { loginName: 'locky', password: `wrong ${i}` });
      expect(response.status).toBe(401);
    }
    const locked = await login('clinic-a', { loginName: 'locky', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  });

  it('records logins and failures in the audit log by pseudonymous id, never names or passwords', async () => {
    const rows = await db.db
      .selectFrom('audit_pending')
      .select(['tenant_id', 'body'])
      .where('tenant_id', '=', tenantIds['clinic-a'] as string)
      .execute();
    const events = rows.map((r) => JSON.parse(Buffer.from(r.body).toString('utf8')));
    const logins = events.filter((e) => e.action === 'login' || e.action === 'login-failed');
    const actions = new Set(logins.map((e) => e.action));
    expect(actions).toEqual(new Set(['login', 'login-failed']));
    const reasons = new Set(logins.filter((e) => e.action === 'login-failed').map((e) => e.outcome.reason));
    expect(reasons).toEqual(new Set(['bad-credentials', 'locked-out', 'denied']));
    for (const event of logins) {
      expect(event.actor.kind).toBe('staff');
      expect(event.actor.id).toMatch(/^([0-9a-f-]{36}|unknown-user)$/);
    }
    const text = rows.map((r) => Buffer.from(r.body).toString('utf8')).join('\n');
    for (const secret of [PASSWORD, 'not the password', 'agent.a', 'locky', 'nobody', 'auditor.a'])
      expect(text).not.toContain(secret);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { createBrowser, startTestProvider, type TestProvider } from './oidc-provider.fixture.ts';

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const PUBLIC_URL = 'https://custos.example.test';
const SLUG = 'sso-clinic';
const PROVIDERS = ['campus', 'linkonly', 'admins', 'off'];
const CLIENT = { clientId: 'custos-synthetic', clientSecret: 'synthetic-client-secret-0123456789' };

let db: TestDb;
let idp: TestProvider;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
const userIds: Record<string, string> = {};

// Synthetic accounts at the provider, keyed by subject.
const accounts: Record<string, Record<string, unknown>> = {
  'sub-agent': { preferred_username: 'sso.agent', groups: ['staff', 'admins'] },
  'sub-nurse': { preferred_username: 'sso.nurse', groups: ['nurses'] },
  'sub-boss': { preferred_username: 'sso.boss', groups: ['admins'] },
  'sub-stranger': { preferred_username: 'stranger', groups: [] },
  'sub-nogroup': { preferred_username: 'no.group', groups: ['visitors'] },
  'sub-existing': { preferred_username: 'existing.agent' },
  'sub-disabled': { preferred_username: 'disabled.agent' },
  'sub-local-admin': { preferred_username: 'local.admin' },
  'sub-mail': { preferred_username: 'someone@example.org', groups: ['staff'] },
};

const base = (provider: string) => `/api/v1/tenants/${SLUG}/auth/sso/${provider}`;

interface Flow {
  readonly cookie: string;
  readonly callback: URL;
}

/** start → the provider's login and consent, driven over HTTP → the redirect back to Custos. */
async function throughProvider(provider: string, interaction: string, returnTo?: string): Promise<Flow> {
  const browser = createBrowser();
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const start = await t.app.request(`${base(provider)}/start${query}`);
  expect(start.status).toBe(302);
  expect(start.headers.get('cache-control')).toBe('no-store');
  browser.remember(start);
  const location = new URL(start.headers.get('location') as string);
  expect(location.origin).toBe(idp.issuer);
  expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  expect(location.searchParams.get('response_type')).toBe('code');
  const callback = await browser.walk(location.href, idp.issuer, interaction);
  expect(callback.origin).toBe(PUBLIC_URL);
  return { cookie: browser.cookieHeader(), callback };
}

const complete = (flow: Flow, callback: URL = flow.callback, cookie: string = flow.cookie) =>
  t.app.request(`${callback.pathname}${callback.search}`, { headers: { cookie } });

async function signIn(provider: string, interaction: string) {
  const flow = await throughProvider(provider, interaction);
  return complete(flow);
}

async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { detail: string; errors?: { path: string; message: string }[] };
}

async function auditEvents() {
  const rows = await db.db
    .selectFrom('audit_pending')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((r) => JSON.parse(Buffer.from(r.body).toString('utf8')));
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, { env: { CUSTOS_PUBLIC_URL: PUBLIC_URL } });
  idp = await startTestProvider({
    client: { ...CLIENT, redirectUris: PROVIDERS.map((p) => `${PUBLIC_URL}${base(p)}/callback`) },
    accounts,
  });
  const tenant = await t.runtime.tenants.create(SYSTEM, {
    slug: SLUG,
    name: 'Synthetic SSO clinic',
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
  });
  tenantId = tenant.id;
  const add = (settings: Record<string, unknown>) =>
    t.runtime.identity.sso.providers.add(SYSTEM, {
      tenantSlug: SLUG,
      issuer: idp.issuer,
      ...CLIENT,
      scopes: ['profile', 'groups'],
      rolesClaim: 'groups',
      ...settings,
    } as never);
  await add({
    id: 'campus',
    firstSignIn: 'provision',
    roleMapping: [
      { value: 'staff', role: 'agent' },
      { value: 'nurses', role: 'clinician' },
    ],
  });
  await add({ id: 'linkonly', firstSignIn: 'link' });
  await add({
    id: 'admins',
    firstSignIn: 'provision',
    allowPrivileged: true,
    roleMapping: [{ value: 'admins', role: 'tenant_admin' }],
    mfaAcrValues: ['urn:synthetic:mfa'],
  });
  await add({ id: 'off', firstSignIn: 'link' });
  await t.runtime.identity.sso.providers.disable(SYSTEM, SLUG, 'off');
  for (const [login, roles] of [
    ['existing.agent', ['agent']],
    ['disabled.agent', ['agent']],
    ['local.admin', ['tenant_admin']],
  ] as const) {
    const created = await t.runtime.identity.users.create(SYSTEM, {
      tenantSlug: SLUG,
      loginName: login,
      roles: [...roles],
      password: 'a synthetic passphrase',
    });
    userIds[login] = created.user.id;
  }
  await db.db
    .updateTable('users')
    .set({ disabled: true })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userIds['disabled.agent'] as string)
    .execute();
});
afterAll(async () => {
  await idp?.close();
  await db?.destroy();
});

describe('single sign-on against a real OpenID provider on loopback', () => {
  it('provisions on first sign-in, with tokens that work on /auth/me, and links the subject', async () => {
    const response = await signIn('campus', 'account=sub-agent&amr=pwd');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    // `admins` is in the claim but maps to nothing on this provider: only the agent role.
    expect(body).toMatchObject({ tokenType: 'Bearer', roles: ['agent'], amr: ['pwd'], returnTo: null });
    expect(body.expiresIn).toBeGreaterThan(0);
    expect(typeof body.refreshToken).toBe('string');
    const me = await t.app.request(`/api/v1/tenants/${SLUG}/auth/me`, {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userId: body.userId, tenantId, roles: ['agent'] });

    const again = await signIn('campus', 'account=sub-agent&amr=pwd');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { userId: string }).userId).toBe(body.userId);
    const links = await db.db.selectFrom('sso_links').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(links.filter((l) => l.subject === 'sub-agent')).toHaveLength(1);
  });

  it('keeps a return URL on the public origin and refuses any other', async () => {
    const flow = await throughProvider('campus', 'account=sub-agent&amr=pwd', '/console/inbox?tab=mine');
    const response = await complete(flow);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ returnTo: `${PUBLIC_URL}/console/inbox?tab=mine` });
    for (const returnTo of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      const start = await t.app.request(`${base('campus')}/start?returnTo=${encodeURIComponent(returnTo)}`);
      await problem(start, 400);
    }
  });

  it('refuses a state that does not match, a replayed state and a callback from another browser', async () => {
    const flow = await throughProvider('campus', 'account=sub-agent&amr=pwd');
    const wrong = new URL(flow.callback);
    wrong.searchParams.set('state', 'not-the-state-that-was-sent');
    const mismatch = await problem(await complete(flow, wrong), 401);
    expect(mismatch.errors).toEqual([{ path: 'query.state', message: 'is unknown or was already used' }]);

    expect((await complete(flow)).status).toBe(200);
    const replay = await problem(await complete(flow), 401);
    expect(replay.errors?.[0]?.message).toBe('is unknown or was already used');

    const other = await throughProvider('campus', 'account=sub-agent&amr=pwd');
    const stolen = await problem(await complete(other, other.callback, ''), 401);
    expect(stolen.errors?.[0]?.message).toBe('was started in another browser');
  });

  it('refuses an ID token whose nonce does not match, and one whose signature was tampered with', async () => {
    const flow = await throughProvider('campus', 'account=sub-agent&amr=pwd');
    await db.db
      .updateTable('sso_transactions')
      .set({ nonce: 'a-nonce-this-sign-in-never-sent' })
      .where('tenant_id', '=', tenantId)
      .execute();
    const nonce = await problem(await complete(flow), 401);
    expect(nonce.detail).toMatch(/could not be verified/);

    const tampered = await throughProvider('campus', 'account=sub-agent&amr=pwd');
    idp.tamperNextIdToken();
    const signature = await problem(await complete(tampered), 401);
    expect(signature.detail).toMatch(/could not be verified/);
  });

  it('answers the provider refusing the sign-in (access_denied) with 401', async () => {
    const denied = await problem(await signIn('campus', ''), 401);
    expect(denied.detail).toContain('access_denied');
  });

  it('refuses an unknown and a disabled provider', async () => {
    await problem(await t.app.request(`${base('nowhere')}/start`), 404);
    await problem(await t.app.request(`${base('nowhere')}/callback?state=x&code=y`), 404);
    await problem(await t.app.request(`${base('off')}/start`), 403);
    await problem(await t.app.request(`/api/v1/tenants/no-such-tenant/auth/sso/campus/start`), 404);
  });

  it('links an existing account on a link-only provider, and refuses an unknown one there', async () => {
    const linked = await signIn('linkonly', 'account=sub-existing&amr=pwd');
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ userId: userIds['existing.agent'], roles: ['agent'] });
    const stranger = await problem(await signIn('linkonly', 'account=sub-stranger&amr=pwd'), 403);
    expect(stranger.detail).toMatch(/does not create accounts/);
    const noName = await problem(await signIn('campus', 'account=sub-mail&amr=pwd'), 401);
    expect(noName.errors).toEqual([{ path: 'preferred_username', message: 'missing or not a login name' }]);
  });

  it('refuses a disabled account', async () => {
    const disabled = await problem(await signIn('linkonly', 'account=sub-disabled&amr=pwd,otp'), 403);
    expect(disabled.detail).toBe('This account is disabled.');
  });

  it('keeps role mapping within bounds', async () => {
    await expect(
      t.runtime.identity.sso.providers.add(SYSTEM, {
        tenantSlug: SLUG,
        id: 'greedy',
        issuer: idp.issuer,
        ...CLIENT,
        rolesClaim: 'groups',
        roleMapping: [{ value: 'admins', role: 'tenant_admin' }],
        firstSignIn: 'provision',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      t.runtime.identity.sso.providers.add(SYSTEM, {
        tenantSlug: SLUG,
        id: 'operator',
        issuer: idp.issuer,
        ...CLIENT,
        rolesClaim: 'groups',
        roleMapping: [{ value: 'admins', role: 'platform_operator' }],
        allowPrivileged: true,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      t.runtime.identity.sso.providers.add({ kind: 'staff', id: 'x', role: 'tenant_admin' } as never, {
        tenantSlug: SLUG,
        id: 'by-admin',
        issuer: idp.issuer,
        ...CLIENT,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    // Even a stored privileged entry grants nothing on a provider the operator did not allow.
    await db.db
      .updateTable('sso_providers')
      .set({
        role_mapping: JSON.stringify([
          { value: 'staff', role: 'agent' },
          { value: 'nurses', role: 'clinician' },
          { value: 'admins', role: 'tenant_admin' },
        ]),
      })
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', 'campus')
      .execute();
    const boss = await problem(await signIn('campus', 'account=sub-boss&amr=pwd,otp'), 403);
    expect(boss.detail).toMatch(/grants a role here/);
    const nobody = await problem(await signIn('campus', 'account=sub-nogroup&amr=pwd'), 403);
    expect(nobody.detail).toMatch(/grants a role here/);

    // A provider without the operator's permission cannot sign in an existing administrator.
    const admin = await problem(await signIn('linkonly', 'account=sub-local-admin&amr=pwd,hwk'), 403);
    expect(admin.detail).toMatch(/may not sign in tenant administrators/);
  });

  it('requires a second factor from the provider for roles that need one', async () => {
    const without = await problem(await signIn('campus', 'account=sub-nurse&amr=pwd'), 401);
    expect(without.errors).toEqual([{ path: 'amr', message: 'second factor required' }]);
    const nurse = await signIn('campus', 'account=sub-nurse&amr=pwd,otp');
    expect(nurse.status).toBe(200);
    expect(await nurse.json()).toMatchObject({ roles: ['clinician'], amr: ['pwd', 'otp'] });

    await problem(await signIn('admins', 'account=sub-boss&amr=pwd'), 401);
    const boss = await signIn('admins', 'account=sub-boss&amr=pwd&acr=urn:synthetic:mfa');
    expect(boss.status).toBe(200);
    expect(await boss.json()).toMatchObject({ roles: ['tenant_admin'], amr: ['pwd', 'mfa'] });
  });

  it('audits every outcome by opaque ids, never by login names or claims', async () => {
    const events = await auditEvents();
    const failed = events.filter((e) => e.action === 'login-failed');
    const reasons = new Set(failed.map((e) => e.outcome.reason));
    for (const reason of ['invalid', 'bad-credentials', 'denied', 'not-found'])
      expect(reasons).toContain(reason);
    expect(events.some((e) => e.action === 'login')).toBe(true);
    expect(events.filter((e) => e.action === 'create' && e.resource?.type === 'User').length).toBeGreaterThan(
      0,
    );
    expect(
      events.filter((e) => e.resource?.type === 'IdentityProvider' && e.action === 'create'),
    ).toHaveLength(4);
    const text = JSON.stringify(events);
    for (const name of [
      'sso.agent',
      'sso.nurse',
      'existing.agent',
      'someone@example.org',
      'sub-agent',
      CLIENT.clientSecret,
    ])
      expect(text).not.toContain(name);
  });

  it('stores the client secret sealed', async () => {
    const rows = await db.db.selectFrom('sso_providers').select('client_secret').execute();
    for (const row of rows)
      expect(Buffer.from(row.client_secret).toString('latin1')).not.toContain(CLIENT.clientSecret);
  });
});

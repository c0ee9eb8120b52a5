import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { JWT_BEARER_ASSERTION } from './oauth-token.service.ts';

const OPERATOR = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
// One root key for both wirings below: a restart of the same deployment.
const env = { CUSTOS_ROOT_KEY: randomBytes(32).toString('base64') };

interface TestClient {
  readonly id: string;
  readonly privateKey: CryptoKey;
  readonly kid: string;
  readonly alg: string;
}

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
const tenantIds: Record<string, string> = {};
let main: TestClient;
let other: TestClient;
let disabled: TestClient;
let elsewhere: TestClient;

const endpoint = (slug: string) => `/api/v1/tenants/${slug}/oauth/token`;
const audience = (slug: string) => `${t.runtime.identity.tokens.issuer}${endpoint(slug)}`;

async function register(slug: string, name: string, alg: 'ES256' | 'EdDSA', scopes: string[]) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: `${name}-key` };
  const client = await t.runtime.identity.clients.create(OPERATOR, {
    tenantSlug: slug,
    displayName: `Synthetic ${name}`,
    jwks: { keys: [jwk] },
    scopes,
  });
  return { id: client.clientId, privateKey, kid: jwk.kid as string, alg };
}

interface AssertionOptions {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | string[];
  readonly exp?: number;
  readonly jti?: string | null;
  readonly key?: TestClient;
  readonly header?: Record<string, unknown>;
}

async function assertion(client: TestClient, options: AssertionOptions = {}): Promise<string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const signer = options.key ?? client;
  const claims: Record<string, unknown> = {
    iss: options.iss ?? client.id,
    sub: options.sub ?? client.id,
    aud: options.aud ?? audience('clinic-a'),
    iat: nowSeconds,
    exp: options.exp ?? nowSeconds + 60,
  };
  if (options.jti !== null) claims.jti = options.jti ?? randomUUID();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...options.header })
    .sign(signer.privateKey);
}

function tokenRequest(
  params: Record<string, string> | string,
  slug = 'clinic-a',
  app = t.app,
  contentType = 'application/x-www-form-urlencoded',
) {
  return app.request(endpoint(slug), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof params === 'string' ? params : new URLSearchParams(params).toString(),
  });
}

const grant = (clientAssertion: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_assertion_type: JWT_BEARER_ASSERTION,
  client_assertion: clientAssertion,
  ...extra,
});

async function expectOAuthError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({ error, error_description: expect.any(String) });
}

async function accessToken(client: TestClient, extra: Record<string, string> = {}) {
  const response = await tokenRequest(grant(await assertion(client), extra));
  expect(response.status).toBe(200);
  return (await response.json()) as {
    access_token: string;
    scope: string;
    token_type: string;
    expires_in: number;
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, { env });
  for (const slug of ['clinic-a', 'clinic-b']) {
    const tenant = await t.runtime.tenants.create(OPERATOR, {
      slug,
      name: `Synthetic ${slug}`,
      vertical: 'medical',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    });
    tenantIds[slug] = tenant.id;
  }
  main = await register('clinic-a', 'his-sync', 'ES256', ['appointments:read', 'appointments:write']);
  other = await register('clinic-a', 'reporting', 'EdDSA', ['audit:read']);
  disabled = await register('clinic-a', 'retired-job', 'EdDSA', ['appointments:read']);
  elsewhere = await register('clinic-b', 'b-sync', 'ES256', ['appointments:read']);
  await t.runtime.identity.clients.disable(OPERATOR, 'clinic-a', disabled.id);
});
afterAll(() => db.destroy());

describe('POST /api/v1/tenants/{slug}/oauth/token', () => {
  it('issues a service token for a valid client assertion', async () => {
    const response = await tokenRequest(grant(await assertion(main)));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'appointments:read appointments:write' });
    expect(body.expires_in).toBeGreaterThan(0);
  });

  it('grants the requested scopes that are allowed, and refuses a request with none allowed', async () => {
    expect((await accessToken(main, { scope: 'appointments:read audit:read' })).scope).toBe(
      'appointments:read',
    );
    await expectOAuthError(
      await tokenRequest(grant(await assertion(main), { scope: 'audit:read' })),
      400,
      'invalid_scope',
    );
    await expectOAuthError(
      await tokenRequest(grant(await assertion(main), { scope: 'NOT A SCOPE' })),
      400,
      'invalid_scope',
    );
  });

  it('refuses a replayed assertion, also when it reaches another process', async () => {
    const once = await assertion(main);
    expect((await tokenRequest(grant(once))).status).toBe(200);
    await expectOAuthError(await tokenRequest(grant(once)), 401, 'invalid_client');
    const secondProcess = createTestApp(db, { env });
    const twice = await assertion(main);
    expect((await tokenRequest(grant(twice), 'clinic-a', secondProcess.app)).status).toBe(200);
    await expectOAuthError(await tokenRequest(grant(twice)), 401, 'invalid_client');
  });

  it.each([
    ['the wrong audience (another tenant)', () => assertion(main, { aud: audience('clinic-b') })],
    [
      'the issuer instead of the token endpoint',
      () => assertion(main, { aud: t.runtime.identity.tokens.issuer }),
    ],
    ['several audiences', () => assertion(main, { aud: [audience('clinic-a'), 'https://evil.example'] })],
    ['an expired assertion', () => assertion(main, { exp: Math.floor(Date.now() / 1000) - 120 })],
    ['an assertion valid for an hour', () => assertion(main, { exp: Math.floor(Date.now() / 1000) + 3600 })],
    ['no jti', () => assertion(main, { jti: null })],
    ['sub different from iss', () => assertion(main, { sub: other.id })],
    ['an unknown client', () => assertion({ ...main, id: randomUUID() })],
    ['a disabled client', () => assertion(disabled)],
    ['the key of another client', () => assertion(main, { key: other })],
    [
      'the key of another client under this client’s kid',
      () => assertion(main, { key: { ...other, kid: main.kid } }),
    ],
    ['a client of another tenant', () => assertion(elsewhere)],
    [
      'alg none',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', kid: main.kid })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({
            iss: main.id,
            sub: main.id,
            aud: audience('clinic-a'),
            jti: randomUUID(),
            exp: Math.floor(Date.now() / 1000) + 60,
          }),
        ).toString('base64url');
        return `${header}.${payload}.`;
      },
    ],
    [
      'HS256 with the client’s public key as the secret',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: main.kid })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({
            iss: main.id,
            sub: main.id,
            aud: audience('clinic-a'),
            jti: randomUUID(),
            exp: Math.floor(Date.now() / 1000) + 60,
          }),
        ).toString('base64url');
        const client = await t.runtime.identity.clients.list(OPERATOR, 'clinic-a');
        const secret = JSON.stringify(client.find((c) => c.clientId === main.id));
        const mac = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
        return `${header}.${payload}.${mac}`;
      },
    ],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with invalid_client', async (_case, make) => {
    await expectOAuthError(await tokenRequest(grant(await make())), 401, 'invalid_client');
  });

  it('answers an unknown client, a bad signature and a disabled client alike', async () => {
    const bodies = [];
    for (const made of [
      await assertion({ ...main, id: randomUUID() }),
      await assertion(main, { key: other }),
      await assertion(disabled),
    ]) {
      bodies.push(await (await tokenRequest(grant(made))).json());
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('refuses malformed requests with RFC 6749 errors', async () => {
    const ok = await assertion(main);
    await expectOAuthError(
      await tokenRequest({ ...grant(ok), grant_type: 'password' }),
      400,
      'unsupported_grant_type',
    );
    await expectOAuthError(
      await tokenRequest({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: ok }),
      400,
      'invalid_request',
    );
    await expectOAuthError(
      await tokenRequest(`${new URLSearchParams(grant(ok)).toString()}&grant_type=client_credentials`),
      400,
      'invalid_request',
    );
    await expectOAuthError(
      await tokenRequest({ grant_type: 'client_credentials', client_assertion: ok }),
      401,
      'invalid_client',
    );
    await expectOAuthError(await tokenRequest({ ...grant(ok), client_id: other.id }), 401, 'invalid_client');
    await expectOAuthError(
      await tokenRequest(JSON.stringify(grant(ok)), 'clinic-a', t.app, 'application/json'),
      400,
      'invalid_request',
    );
  });

  it('keeps form bodies out of every other API route', async () => {
    const response = await t.app.request('/api/v1/tenants/clinic-a/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'loginName=x&password=y',
    });
    expect(response.status).toBe(415);
  });

  it('audits issued tokens and refusals in the tenant log', async () => {
    await t.runtime.audit.sequenceNow();
    const events = await db.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'actor_kind', 'outcome', 'resource_type'])
      .where('tenant_id', '=', tenantIds['clinic-a'] as string)
      .where('resource_type', '=', 'ServiceClient')
      .execute();
    const of = (action: string, actor: string) =>
      events.filter((e) => e.action === action && e.actor_id === actor);
    expect(of('permission-change', 'test-setup').length).toBe(4); // three created, one disabled
    expect(of('login', main.id).length).toBeGreaterThan(0);
    expect(of('login-failed', main.id).length).toBeGreaterThan(0);
    expect(of('login-failed', disabled.id).length).toBeGreaterThan(0);
    expect(of('login-failed', 'unknown-client').length).toBeGreaterThan(0);
    expect(events.filter((e) => e.action.startsWith('login')).every((e) => e.actor_kind === 'service')).toBe(
      true,
    );
  });
});

describe('service access tokens', () => {
  it('work on the tenant’s API routes with their scopes', async () => {
    const { access_token } = await accessToken(main, { scope: 'appointments:read' });
    const response = await t.app.request('/api/v1/tenants/clinic-a/oauth/client', {
      headers: bearer(access_token),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      clientId: main.id,
      tenantId: tenantIds['clinic-a'],
      scopes: ['appointments:read'],
    });
  });

  it('are refused on another tenant’s routes and where staff or the operator is needed', async () => {
    const { access_token } = await accessToken(main);
    const other = await t.app.request('/api/v1/tenants/clinic-b/oauth/client', {
      headers: bearer(access_token),
    });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    const audit = await t.app.request('/api/v1/tenants/clinic-b/audit/checkpoint', {
      headers: bearer(access_token),
    });
    expect(audit.status).toBe(404);
    const me = await t.app.request('/api/v1/tenants/clinic-a/auth/me', { headers: bearer(access_token) });
    expect(me.status).toBe(401);
    const tenants = await t.app.request('/api/v1/tenants', { headers: bearer(access_token) });
    expect(tenants.status).toBe(403);
  });

  it('are refused when tampered with', async () => {
    const { access_token } = await accessToken(main);
    const [h, p, s] = access_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'audit:read' })).toString('base64url');
    const response = await t.app.request('/api/v1/tenants/clinic-a/oauth/client', {
      headers: bearer(`${h}.${forged}.${s}`),
    });
    expect(response.status).toBe(401);
  });

  it('still verify after a restart of the process that issued them', async () => {
    const { access_token } = await accessToken(main);
    const restarted = createTestApp(db, { env });
    const response = await restarted.app.request('/api/v1/tenants/clinic-a/oauth/client', {
      headers: bearer(access_token),
    });
    expect(response.status).toBe(200);
  });
});

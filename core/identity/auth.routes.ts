import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { jwksSchema, loginSchema, tokenResponseSchema, whoAmISchema } from './auth.schemas.ts';
import type { AuthService } from './auth.service.ts';
import type { SigningKeySource } from './signing-key-source.ts';
import { jwks } from './signing-keys.ts';
import { isStaffActor } from './token-resolver.ts';

export interface IdentityHttp {
  readonly auth: AuthService;
  readonly signingKeys: SigningKeySource;
  /** The tenant id behind a slug, for the tenant guard. */
  readonly tenantIdOf: (slug: string) => Promise<string | undefined>;
}

const tags = ['Authentication'];
const params = z.object({ slug: slugSchema });

const login = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/auth/login',
  tags,
  summary: 'Sign in with login name, password and (for MFA roles) a one-time code',
  request: { params, body: { required: true, content: { 'application/json': { schema: loginSchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: tokenResponseSchema } } },
    ...problemResponses(400, 401, 413, 415, 429),
  },
});

const whoAmI = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/auth/me',
  tags,
  security: [{ accessToken: [] }],
  summary: 'The signed-in staff member, as the access token says',
  request: { params },
  responses: {
    200: { description: 'The actor', content: { 'application/json': { schema: whoAmISchema } } },
    ...problemResponses(401, 429),
  },
});

const jwksRoute = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags,
  summary: 'Public keys that verify access tokens (RFC 7517)',
  responses: { 200: { description: 'JWK Set', content: { 'application/json': { schema: jwksSchema } } } },
});

const invalidToken = () => new AppError('unauthenticated', 'The access token is not valid.');

/**
 * Sign-in, the JWKS and the tenant guard. Register before other routes: the guard refuses a
 * staff token on any route of another tenant (`/api/v1/tenants/{slug}/…`) before the route runs.
 */
export function registerAuthRoutes(app: OpenAPIHono<HttpEnv>, identity: IdentityHttp): void {
  app.use('/api/v1/tenants/:slug/*', async (c, next) => {
    const actor = c.env.context.actor;
    if (isStaffActor(actor)) {
      const tenantId = await identity.tenantIdOf(c.req.param('slug') ?? '');
      if (tenantId !== actor.tenantId) throw invalidToken();
    }
    await next();
  });

  app.openapi(login, async (c) => {
    const body = c.req.valid('json');
    const context = c.env.context;
    const result = await identity.auth.login({
      tenantSlug: c.req.valid('param').slug,
      loginName: body.loginName,
      password: body.password,
      ...(body.totp ? { totp: body.totp } : {}),
      requestId: context.requestId,
      clientAddress: c.env.clientAddress,
    });
    const expiresIn = Math.max(0, Math.round((result.expiresAt.getTime() - Date.now()) / 1000));
    const dto = allow(tokenResponseSchema, {
      accessToken: result.accessToken,
      tokenType: 'Bearer',
      expiresIn,
      userId: result.userId,
      roles: [...result.roles],
      amr: [...result.amr],
    });
    // RFC 6749 §5.1: token responses are never cached.
    return c.json(dto, 200, { 'cache-control': 'no-store' });
  });

  app.openapi(whoAmI, (c) => {
    const actor = c.env.context.actor;
    if (!isStaffActor(actor)) throw new AppError('unauthenticated', 'Sign in as staff first.');
    const dto = { userId: actor.id, tenantId: actor.tenantId, roles: [...actor.roles], mfa: actor.mfa };
    return c.json(allow(whoAmISchema, dto), 200);
  });

  app.openapi(jwksRoute, async (c) => c.json(jwks(await identity.signingKeys(), new Date()), 200));

  app.openAPIRegistry.registerComponent('securitySchemes', 'accessToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A staff access token from POST /api/v1/tenants/{slug}/auth/login',
  });
}

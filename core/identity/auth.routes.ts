import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type ContactActor, isContactActor } from '../channels/widget-token.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { jwksSchema, loginSchema, tokenResponseSchema, whoAmISchema } from './auth.schemas.ts';
import type { AuthService } from './auth.service.ts';
import { registerSessionRoutes, tokenResponse } from './session.routes.ts';
import type { SigningKeySource } from './signing-key-source.ts';
import { jwks } from './signing-keys.ts';
import { isStaffActor, type StaffActor } from './token-resolver.ts';
import { registerTotpEnrolmentRoutes } from './totp-enrolment.routes.ts';
import type { TotpEnrolmentService } from './totp-enrolment.service.ts';
import type { UserAdminService } from './user-admin.service.ts';

export interface IdentityHttp {
  readonly auth: AuthService;
  readonly enrolment: TotpEnrolmentService;
  /** User administration (user-admin.routes.ts, registered by the application). */
  readonly userAdmin: UserAdminService;
  readonly signingKeys: SigningKeySource;
  /** The tenant id behind a slug, for the tenant guard. */
  readonly tenantIdOf: (slug: string) => Promise<string | undefined>;
  /**
   * Adds what authorization needs beyond the token's claims (open break-glass windows today;
   * queues, schools and wards with the directory), once the tenant is confirmed.
   */
  readonly enrichStaff?: (actor: StaffActor) => Promise<StaffActor>;
  /** Raises a widget visitor whose conversation has a live assurance (contact-verification.service.ts). */
  readonly enrichContact?: (actor: ContactActor) => Promise<ContactActor>;
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

/**
 * Sign-in, the JWKS and the tenant guard. Register before other routes: the guard refuses a
 * staff token on any route of another tenant (`/api/v1/tenants/{slug}/…`) before the route runs.
 */
export function registerAuthRoutes(app: OpenAPIHono<HttpEnv>, identity: IdentityHttp): void {
  app.use('/api/v1/tenants/:slug/*', async (c, next) => {
    const context = c.env.context;
    const { actor } = context;
    if (isStaffActor(actor)) {
      const tenantId = await identity.tenantIdOf(c.req.param('slug') ?? '');
      // 404, as for a tenant that does not exist: staff of one tenant learn nothing of another.
      if (tenantId !== actor.tenantId) throw new AppError('not_found', 'No such resource.');
      if (identity.enrichStaff) context.actor = await identity.enrichStaff(actor);
    } else if (actor.kind === 'contact') {
      // A widget credential names its tenant: on another tenant's routes it is worth nothing.
      const tenantId = await identity.tenantIdOf(c.req.param('slug') ?? '');
      if (tenantId !== (actor as { readonly tenantId?: string }).tenantId) {
        throw new AppError('not_found', 'No such resource.');
      }
      context.tenantId = tenantId;
      if (identity.enrichContact && isContactActor(actor))
        context.actor = await identity.enrichContact(actor);
    } else if (actor.kind === 'anonymous') {
      // Sign-in, refresh, single sign-on, token endpoint: the URL names the tenant, and the
      // request works in that tenant's rows only (row-level security, core/context/data-scope.ts).
      context.tenantId = await identity.tenantIdOf(c.req.param('slug') ?? '');
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
    const { dto, headers } = tokenResponse(result);
    return c.json(dto, 200, headers);
  });

  registerSessionRoutes(app, identity.auth);
  registerTotpEnrolmentRoutes(app, identity.enrolment);

  app.openapi(whoAmI, (c) => {
    const actor = c.env.context.actor;
    if (!isStaffActor(actor)) throw new AppError('unauthenticated', 'Sign in as staff first.');
    const dto = {
      userId: actor.id,
      tenantId: actor.tenantId,
      roles: [...actor.roles],
      queueIds: [...(actor.queueIds ?? [])],
      mfa: actor.mfa,
    };
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

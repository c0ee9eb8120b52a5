import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { refreshSchema, tokenResponseSchema } from './auth.schemas.ts';
import type { AuthService, LoginResult } from './auth.service.ts';
import { isStaffActor } from './token-resolver.ts';

const tags = ['Authentication'];
const params = z.object({ slug: slugSchema });

const refresh = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/auth/refresh',
  tags,
  summary: 'Exchange a refresh token for new tokens (the refresh token is rotated)',
  description:
    'Every refusal is the same 401. Presenting a refresh token that was already used ends the session.',
  request: { params, body: { required: true, content: { 'application/json': { schema: refreshSchema } } } },
  responses: {
    200: { description: 'New tokens', content: { 'application/json': { schema: tokenResponseSchema } } },
    ...problemResponses(400, 401, 413, 415, 429),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/auth/logout',
  tags,
  security: [{ accessToken: [] }],
  summary: 'End the session of this access token (its refresh token and access tokens stop working)',
  request: { params },
  responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 429) },
});

const seconds = (until: Date) => Math.max(0, Math.round((until.getTime() - Date.now()) / 1000));

/** The token response of login and refresh; RFC 6749 §5.1: never cached. */
export function tokenResponse(result: LoginResult) {
  const dto = allow(tokenResponseSchema, {
    accessToken: result.accessToken,
    tokenType: 'Bearer',
    expiresIn: seconds(result.expiresAt),
    userId: result.userId,
    roles: [...result.roles],
    amr: [...result.amr],
    refreshToken: result.refreshToken,
    refreshExpiresIn: seconds(result.refreshExpiresAt),
  });
  return { dto, headers: { 'cache-control': 'no-store' } };
}

export function registerSessionRoutes(app: OpenAPIHono<HttpEnv>, auth: AuthService): void {
  app.openapi(refresh, async (c) => {
    const result = await auth.refresh({
      tenantSlug: c.req.valid('param').slug,
      refreshToken: c.req.valid('json').refreshToken,
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    const { dto, headers } = tokenResponse(result);
    return c.json(dto, 200, headers);
  });

  app.openapi(logout, async (c) => {
    const actor = c.env.context.actor;
    if (!isStaffActor(actor)) throw new AppError('unauthenticated', 'Sign in as staff first.');
    await auth.logout({
      tenantId: actor.tenantId,
      userId: actor.id,
      role: actor.role,
      sessionId: actor.sessionId,
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    return c.body(null, 204);
  });
}

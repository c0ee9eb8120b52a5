import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import {
  oauthErrorSchema,
  oauthTokenSchema,
  serviceClientSelfSchema,
  tokenRequestDoc,
} from './oauth.schemas.ts';
import { OAuthError } from './oauth-errors.ts';
import type { OAuthTokenService } from './oauth-token.service.ts';
import { isServiceActor } from './service-client.ts';

export interface OAuthHttp {
  readonly oauth: OAuthTokenService;
  /** The tenant id behind a slug, for the tenant guard. */
  readonly tenantIdOf: (slug: string) => Promise<string | undefined>;
}

/**
 * The one API path that takes a form-encoded body (RFC 6749 §4.4.2): the JSON body middleware
 * lets `application/x-www-form-urlencoded` through here and nowhere else.
 */
export const OAUTH_FORM_PATHS: readonly RegExp[] = [/^\/api\/v1\/tenants\/[^/]+\/oauth\/token$/];

const tags = ['Service clients'];
const params = z.object({ slug: slugSchema });
// RFC 6749 §5.1: token responses and their errors are never cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const tokenRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/oauth/token',
  tags,
  summary: 'Client credentials grant with a private_key_jwt client assertion (RFC 6749 §4.4, RFC 7523)',
  request: {
    params,
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: tokenRequestDoc } } },
  },
  responses: {
    200: { description: 'An access token', content: { 'application/json': { schema: oauthTokenSchema } } },
    400: {
      description: 'RFC 6749 §5.2 error',
      content: { 'application/json': { schema: oauthErrorSchema } },
    },
    401: {
      description: 'Client authentication failed',
      content: { 'application/json': { schema: oauthErrorSchema } },
    },
    ...problemResponses(413, 415, 429),
  },
});

const selfRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/oauth/client',
  tags,
  security: [{ accessToken: [] }],
  summary: 'The calling service client, as its access token says',
  request: { params },
  responses: {
    200: { description: 'The client', content: { 'application/json': { schema: serviceClientSelfSchema } } },
    ...problemResponses(401, 429),
  },
});

/** Form parameters with every value each was sent with, so that repeats can be refused. */
function formParams(body: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(body)) out.set(name, [...(out.get(name) ?? []), value]);
  return out;
}

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * The token endpoint, the service client's view of itself, and the tenant guard for service
 * tokens: a service token is refused on any route of another tenant before the route runs.
 */
export function registerOAuthRoutes(app: OpenAPIHono<HttpEnv>, http: OAuthHttp): void {
  app.use('/api/v1/tenants/:slug/*', async (c, next) => {
    const actor = c.env.context.actor;
    if (isServiceActor(actor) && (await http.tenantIdOf(c.req.param('slug') ?? '')) !== actor.tenantId) {
      // 404, as for a tenant that does not exist: a client of one tenant learns nothing of another.
      throw new AppError('not_found', 'No such resource.');
    }
    await next();
  });

  app.openapi(tokenRoute, async (c) => {
    const context = c.env.context;
    try {
      if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) {
        throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
      }
      const issued = await http.oauth.token({
        // Validated by the route's parameter schema before the handler runs.
        tenantSlug: c.req.param('slug'),
        params: formParams(await c.req.text()),
        requestId: context.requestId,
        clientAddress: c.env.clientAddress,
      });
      const dto = allow(oauthTokenSchema, {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: Math.max(0, Math.round((issued.expiresAt.getTime() - Date.now()) / 1000)),
        scope: issued.scopes.join(' '),
      });
      return c.json(dto, 200, NO_STORE);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      const body = allow(oauthErrorSchema, { error: error.error, error_description: error.message });
      return c.json(body, error.status, NO_STORE);
    }
  });

  app.openapi(selfRoute, (c) => {
    const actor = c.env.context.actor;
    if (!isServiceActor(actor)) throw new AppError('unauthenticated', 'Use a service client access token.');
    const dto = { clientId: actor.clientId, tenantId: actor.tenantId, scopes: [...actor.scopes] };
    return c.json(allow(serviceClientSelfSchema, dto), 200);
  });
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import {
  ssoCallbackQuerySchema,
  ssoParamsSchema,
  ssoStartQuerySchema,
  ssoTokenResponseSchema,
} from './sso.schemas.ts';
import type { SsoLoginService } from './sso-login.service.ts';

export interface SsoHttp {
  readonly login: SsoLoginService;
  /** CUSTOS_PUBLIC_URL is https: the browser-binding cookie is `Secure`. */
  readonly secureCookies: boolean;
}

const tags = ['Authentication'];
const COOKIE = 'custos_sso';

const start = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/auth/sso/{provider}/start',
  tags,
  summary: 'Start single sign-on: redirects to the identity provider (OIDC code flow, PKCE S256)',
  request: { params: ssoParamsSchema, query: ssoStartQuerySchema },
  responses: {
    302: {
      description:
        "To the provider's authorization endpoint; sets the cookie binding the sign-in to this browser",
      headers: z.object({ location: z.url() }),
    },
    ...problemResponses(400, 403, 404, 429, 503),
  },
});

const callback = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/auth/sso/{provider}/callback',
  tags,
  summary: 'Complete single sign-on: the redirect URI registered at the identity provider',
  request: { params: ssoParamsSchema, query: ssoCallbackQuerySchema },
  responses: {
    200: {
      description: 'Signed in (never cached)',
      content: { 'application/json': { schema: ssoTokenResponseSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 429, 503),
  },
});

const secondsUntil = (at: Date) => Math.max(0, Math.round((at.getTime() - Date.now()) / 1000));

/**
 * The two legs of single sign-on. The callback answers with the token response as JSON (the API
 * is the product; a web client reads it and goes to `returnTo`) rather than redirecting with
 * tokens in a URL, where browser history, logs and Referer headers would keep them.
 */
export function registerSsoRoutes(app: OpenAPIHono<HttpEnv>, sso: SsoHttp): void {
  const cookie = (slug: string, provider: string, value: string, maxAge: number) =>
    [
      `${COOKIE}=${value}`,
      `Path=/api/v1/tenants/${slug}/auth/sso/${provider}/`,
      `Max-Age=${maxAge}`,
      'HttpOnly',
      // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
      'SameSite=Lax',
      ...(sso.secureCookies ? ['Secure'] : []),
    ].join('; ');

  app.openapi(start, async (c) => {
    const { slug, provider } = c.req.valid('param');
    const { returnTo } = c.req.valid('query');
    const started = await sso.login.start({
      tenantSlug: slug,
      providerId: provider,
      ...(returnTo === undefined ? {} : { returnTo }),
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    c.header('set-cookie', cookie(slug, provider, started.browserBinding, started.maxAgeSeconds));
    c.header('cache-control', 'no-store');
    return c.redirect(started.location, 302);
  });

  app.openapi(callback, async (c) => {
    const { slug, provider } = c.req.valid('param');
    c.req.valid('query');
    // The whole query goes to the relying party, which reads code, state, iss and error itself.
    const query = new URL(c.req.url).searchParams;
    const browserBinding = getCookie(c, COOKIE);
    // The binding is single use like the state: cleared whatever the outcome.
    c.header('set-cookie', cookie(slug, provider, '', 0));
    const { session, returnTo } = await sso.login.callback({
      tenantSlug: slug,
      providerId: provider,
      query,
      browserBinding,
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    const dto = allow(ssoTokenResponseSchema, {
      accessToken: session.accessToken,
      tokenType: 'Bearer',
      expiresIn: secondsUntil(session.expiresAt),
      ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
      ...(session.refreshExpiresAt ? { refreshExpiresIn: secondsUntil(session.refreshExpiresAt) } : {}),
      userId: session.userId,
      roles: [...session.roles],
      amr: [...session.amr],
      returnTo,
    });
    // RFC 6749 §5.1: token responses are never cached.
    return c.json(dto, 200, { 'cache-control': 'no-store' });
  });
}

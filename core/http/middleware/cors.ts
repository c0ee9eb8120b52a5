import type { MiddlewareHandler } from 'hono';
import { setResponseHeader } from '../response-headers.ts';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const EXPOSE_HEADERS = 'x-request-id, retry-after';

/**
 * CORS for an allow-list of origins (Fetch standard §3.2). Headers are set before the handler
 * runs (see response-headers.ts). Preflights are answered here with 204;
 * a preflight from an origin not on the list gets no CORS headers, so the browser refuses.
 */
export function cors(origins: readonly string[], maxAgeSeconds = 600): MiddlewareHandler {
  const allowed = new Set(origins);
  return async (c, next) => {
    setResponseHeader(c, 'vary', 'Origin');
    const origin = c.req.header('origin');
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) {
      setResponseHeader(c, 'access-control-allow-origin', origin);
      setResponseHeader(c, 'access-control-expose-headers', EXPOSE_HEADERS);
    }
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (permitted) {
        c.header('access-control-allow-methods', ALLOW_METHODS);
        c.header(
          'access-control-allow-headers',
          c.req.header('access-control-request-headers') ?? 'authorization, content-type',
        );
        c.header('access-control-max-age', String(maxAgeSeconds));
        c.header('vary', 'Origin, Access-Control-Request-Headers');
      }
      return c.body(null, 204);
    }
    await next();
  };
}

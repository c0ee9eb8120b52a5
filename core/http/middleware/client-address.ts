import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's network address. `X-Forwarded-For` is believed only behind a trusted proxy
 * (CUSTOS_TRUST_PROXY), and then its right-most entry: the one the proxy itself appended.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made through app.request() have no socket.
    return 'unknown';
  }
}

import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Sets a response header before the handler has built the response. Under @hono/node-server the
 * header goes straight onto Node's ServerResponse, which merges it when the response is written;
 * Hono's own `c.header()` would allocate a `Headers` object per request and push the adapter off
 * its fast path (measured in bench/http-overhead.ts). Elsewhere (`app.request()` in tests, other
 * runtimes) it falls back to `c.header()`. Headers the handler sets itself take precedence.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

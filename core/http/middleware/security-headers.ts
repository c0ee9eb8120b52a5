import type { MiddlewareHandler } from 'hono';
import { setResponseHeader } from '../response-headers.ts';

/**
 * Headers every response carries: the OWASP REST Security Cheat Sheet set. An API answer needs
 * little (no script runs in JSON), and each header costs on every request on both ends of the
 * wire, so HTML pages add their own richer policy (`HTML_SECURITY_HEADERS`). HSTS is sent only
 * when Custos is reached over HTTPS (browsers ignore it on plain HTTP). They are set before the
 * handler runs, never on a finished response (see response-headers.ts).
 */
const BASE: readonly (readonly [string, string])[] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
];

const HSTS = ['strict-transport-security', 'max-age=31536000; includeSubDomains'] as const;

/** For server-rendered pages: inline styles only, no script, nothing from elsewhere. */
export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function securityHeaders({ https }: { https: boolean }): MiddlewareHandler {
  const headers = https ? [...BASE, HSTS] : BASE;
  return (c, next) => {
    for (const [name, value] of headers) setResponseHeader(c, name, value);
    return next();
  };
}

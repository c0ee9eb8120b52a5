/**
 * Headers every API response carries: the OWASP REST Security Cheat Sheet set. An API answer
 * needs little (no script runs in JSON), and each header costs on every request on both ends of
 * the wire, so HTML pages add their own richer policy (`HTML_SECURITY_HEADERS`), which takes
 * precedence. HSTS is added by the edge when Custos is reached over HTTPS (browsers ignore it on
 * plain HTTP).
 */
export const API_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
];

/** For server-rendered pages: inline styles only, no script, nothing from elsewhere. */
export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

import { randomUUID } from 'node:crypto';
import { decodeJwt, type JWTPayload, SignJWT } from 'jose';
import { currentContext } from '../context/request-context.ts';
import type { ServiceActor } from './service-client.ts';
import type { SigningKeySet } from './signing-keys.ts';
import { ACCESS_TOKEN_TYPE, type AccessTokenConfig, verifySignedToken } from './tokens.ts';

/**
 * Access tokens of service clients (RFC 9068): the same issuer, audience, `typ` and signing keys
 * as staff tokens, with `client_id` (= `sub`, the client acting for itself, RFC 9068 §2.2) and
 * `scope` in place of `roles`. A staff token needs `roles` and a service token must not carry it,
 * so neither kind can pass for the other.
 */
export interface ServiceTokenClaims {
  readonly clientId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

export async function issueServiceToken(
  keys: SigningKeySet,
  config: AccessTokenConfig,
  claims: ServiceTokenClaims,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.lifetimeSeconds;
  const { current } = keys;
  const token = await new SignJWT({
    tid: claims.tenantId,
    client_id: claims.clientId,
    scope: claims.scopes.join(' '),
  })
    .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setSubject(claims.clientId)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(current.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Whether a bearer token claims to be a service token; only picks the verifier, proves nothing. */
export function claimsServiceClient(token: string): boolean {
  try {
    return 'client_id' in decodeJwt(token);
  } catch {
    return false;
  }
}

/**
 * Verifies a service token (signature by a live key whose algorithm the key decides, `typ`,
 * issuer, audience, lifetime) and returns its actor, or undefined for any refusal. Sets the
 * request's tenant from `tid`, as the staff resolver does.
 */
export async function resolveServiceToken(
  token: string,
  keys: SigningKeySet,
  config: AccessTokenConfig,
  now = new Date(),
): Promise<ServiceActor | undefined> {
  let payload: JWTPayload;
  try {
    ({ payload } = await verifySignedToken(token, keys, config, now, ['client_id', 'scope']));
  } catch {
    return undefined;
  }
  const { sub, tid, client_id: clientId, scope } = payload;
  if (typeof tid !== 'string' || typeof clientId !== 'string' || typeof scope !== 'string') return undefined;
  if (sub !== clientId || 'roles' in payload) return undefined;
  const context = currentContext();
  if (context) context.tenantId = tid;
  return {
    kind: 'service',
    id: clientId,
    clientId,
    tenantId: tid,
    scopes: scope.split(' ').filter((s) => s !== ''),
  };
}

import { isRole, type Role } from '../access/roles.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import { hasSecondFactor } from './amr.ts';
import type { ServiceActor } from './service-client.ts';
import { claimsServiceClient, resolveServiceToken } from './service-client-token.ts';
import { kidOf, type SigningKeySource } from './signing-key-source.ts';
import { type SigningKeySet, verificationKey } from './signing-keys.ts';
import { type AccessTokenConfig, type VerifiedAccessToken, verifyAccessToken } from './tokens.ts';

/** A staff actor from a verified access token: the claims authorization needs, no names. */
export interface StaffActor extends Actor {
  readonly kind: 'staff';
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** The sign-in used a second factor (amr.ts). */
  readonly mfa: boolean;
  /** The session (`sid`) the access token belongs to. */
  readonly sessionId?: string;
  /** The queues the account works, from the token's `queues` claim (agents, supervisors). */
  readonly queueIds?: readonly string[];
  /** Data subjects of open break-glass windows, added per request (auth.routes.ts). */
  readonly emergencySubjectIds?: readonly string[];
}

/** Whether a session was revoked (session-revocations.ts); checked for every staff token. */
export interface SessionCheck {
  isRevoked(sessionId: string): boolean | Promise<boolean>;
}

export const isStaffActor = (actor: Actor): actor is StaffActor =>
  actor.kind === 'staff' && typeof (actor as Partial<StaffActor>).tenantId === 'string';

// Three base64url segments: anything else is someone else's credential (the operator token).
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The bearer resolver for access tokens (tokens.ts): signature, `typ`, issuer, audience, expiry.
 * Sets the request's tenant from the `tid` claim; the tenant guard (auth.routes.ts) then refuses
 * the token on any other tenant's routes. A token that fails verification is not recognised,
 * which `authenticate` answers with 401. Revocation is checked on every request, a cached
 * verification or not.
 */
export function accessTokenResolver(
  keys: SigningKeySource,
  config: AccessTokenConfig,
  sessions?: SessionCheck,
) {
  const verifiedTokens = verificationCache(config);
  return async (token: string): Promise<StaffActor | ServiceActor | undefined> => {
    if (!JWT_SHAPE.test(token)) return undefined;
    // The `kid` lets a shared key store re-read its table for a key rotated in elsewhere.
    const keySet = await keys({ kid: kidOf(token) });
    // Service-client tokens (client credentials) carry `client_id` and scopes instead of roles.
    if (claimsServiceClient(token)) return resolveServiceToken(token, keySet, config);
    let verified = verifiedTokens.get(token, keySet);
    if (!verified) {
      try {
        verified = await verifyAccessToken(token, keySet, config);
      } catch {
        return undefined;
      }
      verifiedTokens.set(token, verified);
    }
    // Signed by us, so the roles are ours; a name this build does not know is still refused.
    if (!verified.roles.every(isRole)) return undefined;
    // Logout and revocation end a session before its access tokens expire. A token outside any
    // session could not be revoked, so it is not accepted either.
    if (sessions && (!verified.sessionId || (await sessions.isRevoked(verified.sessionId)))) return undefined;
    const roles = verified.roles as Role[];
    const context = currentContext();
    if (context) context.tenantId = verified.tenantId;
    return {
      kind: 'staff',
      id: verified.subject,
      ...(roles[0] ? { role: roles[0] } : {}),
      tenantId: verified.tenantId,
      roles,
      mfa: hasSecondFactor(verified.amr),
      ...(verified.sessionId ? { sessionId: verified.sessionId } : {}),
      ...(verified.queueIds.length > 0 ? { queueIds: verified.queueIds } : {}),
    };
  };
}

const CACHE_LIMIT = 10_000;

/**
 * Verifications of the tokens presented lately. A client presents one access token on every
 * request of its five minutes, and checking the signature again proves nothing new: the bytes are
 * the same. An entry is used only while its token has not expired and the key that signed it still
 * verifies (a retired key drops its tokens at once); the oldest entries leave first. Measured in
 * bench/access.ts: the signature check is most of the cost of a request that carries a token.
 */
function verificationCache(config: AccessTokenConfig) {
  const entries = new Map<string, VerifiedAccessToken>();
  return {
    get(token: string, keySet: SigningKeySet): VerifiedAccessToken | undefined {
      const verified = entries.get(token);
      if (!verified) return undefined;
      const now = new Date();
      const live = verified.expiresAt.getTime() + config.clockToleranceSeconds * 1000 > now.getTime();
      if (live && verificationKey(keySet, verified.kid, now)) return verified;
      entries.delete(token);
      return undefined;
    },
    set(token: string, verified: VerifiedAccessToken): void {
      if (entries.size >= CACHE_LIMIT) entries.delete(entries.keys().next().value as string);
      entries.set(token, verified);
    },
  };
}

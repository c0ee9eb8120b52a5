import { randomUUID } from 'node:crypto';
import { errors, type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { isQueueId } from '../access/queues.ts';
import { AppError } from '../errors/app-error.ts';
import { type SigningKeySet, verificationKey } from './signing-keys.ts';

export interface AccessTokenConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Short by design: revocation is by refresh-token family, so access tokens must die soon. */
  readonly lifetimeSeconds: number;
  readonly clockToleranceSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIME = { lifetimeSeconds: 300, clockToleranceSeconds: 5 } as const;

/** What a verified access token says. `tid` scopes everything to one tenant. */
export interface AccessTokenClaims {
  readonly subject: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  /** RFC 8176 authentication method references, e.g. ['pwd', 'otp']. */
  readonly amr: readonly string[];
  /** `sid`: the session (refresh-token family) the token belongs to; revoking it revokes the token. */
  readonly sessionId?: string;
  /**
   * `queues`: the queues the account worked when the token was issued (read from the account at
   * sign-in and at every refresh), so a change of queues takes effect with the next token.
   */
  readonly queueIds?: readonly string[];
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  /** Empty when the token carries no `queues` claim. */
  readonly queueIds: readonly string[];
  readonly tokenId: string;
  readonly kid: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** RFC 9068 §2.1: access tokens carry `typ: at+jwt`, so an ID token or a client assertion signed by
 *  the same key cannot be replayed as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Why a token was refused; in `details.reason` of the AppError, for logs and tests. */
export type TokenRejection =
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'claims'
  | 'wrong_tenant';

export function invalidToken(reason: TokenRejection, cause?: unknown): AppError {
  return new AppError('unauthenticated', 'The access token is not valid.', { cause, details: { reason } });
}

export async function issueAccessToken(
  keys: SigningKeySet,
  config: AccessTokenConfig,
  claims: AccessTokenClaims,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.lifetimeSeconds;
  const { current } = keys;
  const sid = claims.sessionId === undefined ? {} : { sid: claims.sessionId };
  const queues = claims.queueIds === undefined ? {} : { queues: [...claims.queueIds] };
  const token = await new SignJWT({
    tid: claims.tenantId,
    roles: [...claims.roles],
    amr: [...claims.amr],
    ...sid,
    ...queues,
  })
    .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setSubject(claims.subject)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(current.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

const UNKNOWN_KEY = Symbol('unknown key');

export interface VerifyOptions {
  readonly now?: Date;
  /** When the caller already knows the tenant (from the URL or host), a token of another is refused. */
  readonly tenantId?: string;
}

/**
 * Verifies signature, header and claims (RFC 8725 §3: the algorithm comes from our key, never from
 * the token). Every refusal is `AppError('unauthenticated')`, which the HTTP layer turns into 401.
 */
export async function verifyAccessToken(
  token: string,
  keys: SigningKeySet,
  config: AccessTokenConfig,
  options: VerifyOptions = {},
): Promise<VerifiedAccessToken> {
  const now = options.now ?? new Date();
  let verified: { payload: JWTPayload; kid: string };
  try {
    verified = await verifySignedToken(token, keys, config, now, ['roles']);
  } catch (error) {
    throw invalidToken(rejectionOf(error), error);
  }
  const { payload, kid } = verified;
  // The signature holds, so these are ours; checking their shape guards against our own mistakes.
  const { sub, jti, iat, exp, tid, roles, amr, sid, queues } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof tid !== 'string')
    throw invalidToken('claims');
  if (!isStringArray(roles) || (amr !== undefined && !isStringArray(amr))) throw invalidToken('claims');
  if (sid !== undefined && typeof sid !== 'string') throw invalidToken('claims');
  if (queues !== undefined && !(isStringArray(queues) && queues.every(isQueueId)))
    throw invalidToken('claims');
  if (options.tenantId !== undefined && tid !== options.tenantId) throw invalidToken('wrong_tenant');
  return {
    subject: sub,
    tenantId: tid,
    roles,
    amr: (amr as string[] | undefined) ?? [],
    ...(sid === undefined ? {} : { sessionId: sid }),
    queueIds: (queues as string[] | undefined) ?? [],
    tokenId: jti,
    kid,
    issuedAt: new Date((iat ?? 0) * 1000),
    expiresAt: new Date((exp ?? 0) * 1000),
  };
}

/**
 * The checks every access token passes, staff or service (RFC 9068, RFC 8725 §3): signature by a
 * current key named by `kid`, the algorithm of that key (never the token's choice), `typ`,
 * issuer, audience, lifetime, and the claims both kinds carry plus `required`. Throws jose's
 * errors (or `UNKNOWN_KEY`), which `rejectionOf` names.
 */
export async function verifySignedToken(
  token: string,
  keys: SigningKeySet,
  config: AccessTokenConfig,
  now: Date,
  required: readonly string[],
): Promise<{ payload: JWTPayload; kid: string }> {
  let kid = '';
  const { payload } = await jwtVerify(
    token,
    (header: JWTHeaderParameters) => {
      const key = typeof header.kid === 'string' ? verificationKey(keys, header.kid, now) : undefined;
      if (!key) throw UNKNOWN_KEY;
      // The key decides the algorithm: HS256 "signed" with our public key, or ES256 under an
      // Ed25519 kid, is refused before any signature check.
      if (header.alg !== key.alg) throw new errors.JOSEAlgNotAllowed('alg does not match the key');
      kid = key.kid;
      return key.publicKey;
    },
    {
      algorithms: ['EdDSA', 'ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: ACCESS_TOKEN_TYPE,
      currentDate: now,
      clockTolerance: config.clockToleranceSeconds,
      maxTokenAge: config.lifetimeSeconds + config.clockToleranceSeconds,
      requiredClaims: ['sub', 'jti', 'exp', 'nbf', 'tid', ...required],
    },
  );
  return { payload, kid };
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function rejectionOf(error: unknown): TokenRejection {
  if (error === UNKNOWN_KEY) return 'unknown_key';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')
      ? 'not_yet_valid'
      : 'claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  return 'malformed';
}

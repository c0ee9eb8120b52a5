import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { ASSERTION_ALGORITHMS, type ClientJwks } from './service-client-jwk.ts';

/** RFC 7523 §3 item 4 lets the server bound how far in the future `exp` may be. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 256;

/** Why an assertion was refused; for logs and tests, never shown beyond a generic message. */
export type AssertionRejection =
  | 'malformed'
  | 'algorithm'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'lifetime'
  | 'audience'
  | 'claims';

export class AssertionRejected extends Error {
  override readonly name = 'AssertionRejected';
  constructor(readonly reason: AssertionRejection) {
    super(`client assertion refused: ${reason}`);
  }
}

export interface AssertionExpectations {
  readonly clientId: string;
  /** The token endpoint URL (RFC 7523 §3 item 3). */
  readonly audience: string;
  readonly now: Date;
  readonly clockToleranceSeconds: number;
}

export interface VerifiedAssertion {
  readonly jti: string;
  /** Until when the `jti` must be remembered: the assertion's expiry plus the tolerance. */
  readonly replayableUntil: Date;
}

/**
 * Validates a `private_key_jwt` client assertion (RFC 7523 §3, §2.2): signed with one of the
 * client's registered public keys under an asymmetric algorithm, `iss` = `sub` = client id,
 * `aud` the token endpoint and nothing else, `exp` present and at most five minutes ahead,
 * `jti` present. Whether the `jti` was used before is the caller's check (it needs the
 * database). A single-valued `aud` is required because a multi-valued one lets an assertion
 * made for another server be replayed here (the audience-injection attack fixed by
 * draft-ietf-oauth-rfc7523bis).
 */
export async function verifyClientAssertion(
  assertion: string,
  jwks: ClientJwks,
  expected: AssertionExpectations,
): Promise<VerifiedAssertion> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw new AssertionRejected('malformed');
  }
  if (!(ASSERTION_ALGORITHMS as readonly unknown[]).includes(alg)) throw new AssertionRejected('algorithm');
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: [...jwks.keys] }), {
      algorithms: [...ASSERTION_ALGORITHMS],
      issuer: expected.clientId,
      subject: expected.clientId,
      audience: expected.audience,
      currentDate: expected.now,
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
    }));
  } catch (error) {
    throw new AssertionRejected(rejectionOf(error));
  }
  const { aud, exp, iat, jti } = payload;
  if (Array.isArray(aud) && aud.length !== 1) throw new AssertionRejected('audience');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new AssertionRejected('claims');
  }
  const nowSeconds = expected.now.getTime() / 1000;
  const tolerance = expected.clockToleranceSeconds;
  if ((exp as number) > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS + tolerance) {
    throw new AssertionRejected('lifetime');
  }
  if (iat !== undefined && iat > nowSeconds + tolerance) throw new AssertionRejected('not_yet_valid');
  return { jti, replayableUntil: new Date(((exp as number) + tolerance) * 1000) };
}

function rejectionOf(error: unknown): AssertionRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'audience';
    return error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')
      ? 'not_yet_valid'
      : 'claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  // No registered key fits the header's kid and alg: for the caller, a bad signature.
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'signature';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'algorithm';
  return 'malformed';
}

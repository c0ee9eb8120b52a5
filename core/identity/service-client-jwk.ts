import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { AppError } from '../errors/app-error.ts';

/**
 * Asymmetric JWS algorithms only (RFC 7523 §3 and RFC 8725 §3.1): a client assertion is never
 * MAC'd with a shared secret, and `none` is never accepted.
 */
export const ASSERTION_ALGORITHMS = [
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
] as const;

export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

/** A client's public keys, as stored and as handed to the verifier. */
export interface ClientJwks {
  readonly keys: readonly JWK[];
}

const MAX_KEYS = 10;
const MIN_RSA_BITS = 2048;
// Every private or symmetric member of RFC 7518 §6: a key carrying one is refused, not trimmed,
// because a private key sent to us has leaked and must be replaced.
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const RSA_ALGS: readonly AssertionAlgorithm[] = ['PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512'];
const EC_ALGS: Readonly<Record<string, AssertionAlgorithm>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
};

const invalid = (message: string) => new AppError('validation_failed', message);

function algorithmsFor(jwk: JWK): readonly AssertionAlgorithm[] {
  if (jwk.kty === 'RSA') {
    const bits = Buffer.from(String(jwk.n ?? ''), 'base64url').length * 8;
    if (bits < MIN_RSA_BITS) throw invalid(`an RSA key needs at least ${MIN_RSA_BITS} bits`);
    return RSA_ALGS;
  }
  if (jwk.kty === 'EC') {
    const alg = EC_ALGS[String(jwk.crv)];
    if (!alg) throw invalid('an EC key must use P-256, P-384 or P-521');
    return [alg];
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return ['EdDSA', 'Ed25519'];
  throw invalid('keys must be RSA, EC (P-256/384/521) or OKP Ed25519: no symmetric keys');
}

async function checkKey(input: unknown): Promise<JWK> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid('a JWK is a JSON object');
  const jwk = input as JWK & Record<string, unknown>;
  for (const member of SECRET_MEMBERS) {
    if (member in jwk)
      throw invalid(`the key holds the private member "${member}": register the public key only`);
  }
  const algs = algorithmsFor(jwk);
  if (jwk.alg !== undefined && !algs.includes(jwk.alg as AssertionAlgorithm)) {
    throw invalid(`alg ${String(jwk.alg)} does not fit a ${jwk.kty} key or is not allowed`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig')
    throw invalid('a client key must be for signatures (use "sig")');
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) {
    throw invalid('a client key must allow "verify" in key_ops');
  }
  const { kty, crv, x, y, n, e } = jwk;
  const publicJwk: JWK = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined),
  );
  try {
    // Parses the key material itself (and checks an EC point is on its curve).
    await importJWK(publicJwk, (jwk.alg as string | undefined) ?? algs[0]);
  } catch (error) {
    throw new AppError('validation_failed', 'the key material is not a valid public key', { cause: error });
  }
  const kid =
    typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : await calculateJwkThumbprint(publicJwk);
  if (kid.length > 128) throw invalid('a kid has at most 128 characters');
  return { ...publicJwk, kid, use: 'sig', ...(jwk.alg ? { alg: jwk.alg } : {}) };
}

/**
 * Checks the public keys a client registers — one JWK or an RFC 7517 JWK Set — and returns
 * them as a JWK Set of public members only, each with a `kid` (its RFC 7638 thumbprint when it
 * has none), so an assertion can name the key it was signed with.
 */
export async function parseClientJwks(input: unknown): Promise<ClientJwks> {
  const list =
    typeof input === 'object' && input !== null && 'keys' in input
      ? (input as { keys: unknown }).keys
      : [input];
  if (!Array.isArray(list) || list.length === 0) throw invalid('give at least one public key');
  if (list.length > MAX_KEYS) throw invalid(`at most ${MAX_KEYS} keys per client`);
  const keys: JWK[] = [];
  for (const item of list) keys.push(await checkKey(item));
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw invalid('every key of a client needs its own kid');
  return { keys };
}

import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { AppError } from '../errors/app-error.ts';

/** Asymmetric only: a verifier never holds a secret that could mint tokens (RFC 8725 §3.1). */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key: stable, and says nothing about the deployment. */
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly createdAt: Date;
  /** Set when the key is retired: it verifies tokens until then, and signs nothing. */
  readonly verifyUntil?: Date;
}

/** The current key signs; previous keys only verify, each until its `verifyUntil`. */
export interface SigningKeySet {
  readonly current: SigningKey;
  readonly previous: readonly SigningKey[];
}

const CURVE = { EdDSA: 'Ed25519', ES256: 'P-256' } as const;

async function fromPair(alg: SigningAlgorithm, privateKey: CryptoKey, publicKey: CryptoKey, createdAt: Date) {
  const { kty, crv, x, y } = await exportJWK(publicKey);
  // Only the public members, so that the JWKS can never carry a private parameter by accident.
  const publicJwk: JWK = { kty, crv, x, ...(y ? { y } : {}) };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { kid, alg, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' }, createdAt };
}

/**
 * A new key pair. The private key is extractable so that a key store can wrap it with the tenant
 * keyring and share it between processes; it never leaves the process in clear.
 */
export async function generateSigningKey(
  alg: SigningAlgorithm = 'EdDSA',
  now = new Date(),
): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, { crv: CURVE[alg], extractable: true });
  return fromPair(alg, pair.privateKey, pair.publicKey, now);
}

/** The private JWK, for a key store to encrypt. */
export async function exportPrivateJwk(key: SigningKey): Promise<JWK> {
  return exportJWK(key.privateKey);
}

export interface StoredSigningKey {
  readonly alg: SigningAlgorithm;
  readonly privateJwk: JWK;
  readonly createdAt: Date;
  readonly verifyUntil?: Date;
}

export async function importSigningKey(stored: StoredSigningKey): Promise<SigningKey> {
  const { d: _private, ...publicPart } = stored.privateJwk;
  if (stored.privateJwk.crv !== CURVE[stored.alg]) {
    throw new AppError('internal', `A stored ${stored.alg} key must use curve ${CURVE[stored.alg]}.`);
  }
  const privateKey = (await importJWK(stored.privateJwk, stored.alg, { extractable: true })) as CryptoKey;
  const publicKey = (await importJWK(publicPart, stored.alg)) as CryptoKey;
  const key = await fromPair(stored.alg, privateKey, publicKey, stored.createdAt);
  return stored.verifyUntil ? { ...key, verifyUntil: stored.verifyUntil } : key;
}

export function createKeySet(current: SigningKey): SigningKeySet {
  return { current, previous: [] };
}

/**
 * Makes `next` the signing key. The old current key keeps verifying for `overlapSeconds` — at
 * least the access-token lifetime plus clock tolerance, so no token it signed is cut short —
 * and keys whose time is up are dropped.
 */
export function rotateSigningKeys(
  set: SigningKeySet,
  next: SigningKey,
  now: Date,
  overlapSeconds: number,
): SigningKeySet {
  const verifyUntil = new Date(now.getTime() + overlapSeconds * 1000);
  const retired = [{ ...set.current, verifyUntil }, ...set.previous];
  return { current: next, previous: retired.filter((key) => isLive(key, now)) };
}

const isLive = (key: SigningKey, now: Date) => key.verifyUntil === undefined || key.verifyUntil > now;

/** The key a token names by `kid`, if it may still verify at `now`. */
export function verificationKey(set: SigningKeySet, kid: string, now: Date): SigningKey | undefined {
  return [set.current, ...set.previous].find((key) => key.kid === kid && isLive(key, now));
}

/** RFC 7517 §5 JWK Set of every key that may verify at `now`, for `/.well-known/jwks.json`. */
export function jwks(set: SigningKeySet, now: Date): { keys: JWK[] } {
  return {
    keys: [set.current, ...set.previous].filter((key) => isLive(key, now)).map((key) => key.publicJwk),
  };
}

import { decodeProtectedHeader } from 'jose';
import { createKeySet, generateSigningKey, type SigningKeySet } from './signing-keys.ts';

/** What a caller can say about the key it needs: a token's `kid`, so a store can look again. */
export interface SigningKeyHint {
  readonly kid?: string | undefined;
}

/**
 * Where the current signing keys come from; asynchronous so a store can load and rotate them.
 * `hint` lets a shared store (signing-key-store.ts) re-read its table when a token names a key
 * it has not seen, i.e. one another process has just rotated in.
 */
export type SigningKeySource = (hint?: SigningKeyHint) => Promise<SigningKeySet>;

/**
 * One key pair per process, made on first use and kept in memory: for unit tests and tools
 * without a database. A restart invalidates every access token and several processes do not
 * accept each other's tokens; the runtime uses the shared store (signing-key-store.ts).
 */
export function inMemorySigningKeys(): SigningKeySource {
  let keys: Promise<SigningKeySet> | undefined;
  return () => {
    keys ??= generateSigningKey('EdDSA').then(createKeySet);
    return keys;
  };
}

/** The `kid` a compact JWS names in its header, if it can be read. */
export function kidOf(token: string): string | undefined {
  try {
    const kid = decodeProtectedHeader(token).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

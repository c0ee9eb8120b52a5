import { createKeySet, generateSigningKey, type SigningKeySet } from './signing-keys.ts';

/** Where the current signing keys come from; asynchronous so a store can load and rotate them. */
export type SigningKeySource = () => Promise<SigningKeySet>;

/**
 * One key pair per process, made on first use and kept in memory. Enough for one process in
 * development and tests: a restart invalidates every access token (they live five minutes), and
 * several processes would not accept each other's tokens. Production needs a shared store (the
 * private JWK wrapped by the keyring, rotated with overlap) — see docs/compliance/access-control.md.
 */
export function inMemorySigningKeys(): SigningKeySource {
  let keys: Promise<SigningKeySet> | undefined;
  return () => {
    keys ??= generateSigningKey('EdDSA').then(createKeySet);
    return keys;
  };
}

import { randomBytes } from 'node:crypto';
import { createKeyring, type Keyring, type KeyringOptions } from './keyring.ts';
import { createLocalKeyProvider } from './local-key-provider.ts';
import { createMemoryKeyStore } from './memory-key-store.ts';

/**
 * A keyring whose root key and wrapped keys live only in this process: for tests and a
 * throw-away demo. Everything it sealed is unreadable once the process exits.
 */
export function createEphemeralKeyring(options: Partial<KeyringOptions> = {}): Keyring {
  return createKeyring({
    store: options.store ?? createMemoryKeyStore(),
    provider: options.provider ?? createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] }),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}

import { hkdfSync } from 'node:crypto';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';

const INFO = 'custos/audit-pseudonym-key/v1';

/**
 * The tenant's audit pseudonym key, derived by HKDF-SHA-256 from the root key with the tenant id
 * as salt: distinct from every data key, so erasing a person leaves their pseudonym pointing at
 * nobody. Until the pseudonym key gets its own place in the key hierarchy, it follows the first
 * root key version; root rotation must keep that version to keep pseudonyms stable.
 */
export function rootDerivedPseudonymKey(rootKey: Uint8Array): PseudonymKeySource {
  const cache = new Map<string, Buffer>();
  return async (tenantId) => {
    let key = cache.get(tenantId);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', rootKey, Buffer.from(tenantId, 'utf8'), INFO, 32));
      cache.set(tenantId, key);
    }
    return key;
  };
}

import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { AAD_DOMAIN, encodeAad } from './aad.ts';
import { openParsed, parseCiphertext, seal } from './ciphertext.ts';
import { InvalidKeyMaterial, UnknownKey } from './errors.ts';
import { KEY_ID_BYTES, type KeyId, keyIdFromBytes } from './key-id.ts';
import type { KeyProvider, WrappedKey, WrapRequest } from './key-provider.ts';
import { ROOT_KEY_BYTES, type RootKeyVersion } from './root-key.ts';

/**
 * A `KeyProvider` holding root keys in process memory, for a single server or a demo. The
 * wrapped form reuses the field ciphertext format (AES-256-GCM) with, in the key-id slot, a
 * fingerprint of the root key: loading the wrong keyfile then reports "does not match"
 * instead of a bare authentication failure.
 */
export interface LocalKeyProviderOptions {
  readonly roots: readonly RootKeyVersion[];
  /** Defaults to the highest version. */
  readonly activeVersion?: number;
}

interface LoadedRoot {
  readonly id: string;
  readonly key: KeyObject;
  readonly fingerprint: KeyId;
}

export const localRootKeyId = (version: number) => `local-v${version}`;

/** First 16 bytes of HMAC-SHA256(root, label): identifies a root key without revealing it. */
export function rootKeyFingerprint(key: Uint8Array): KeyId {
  const mac = createHmac('sha256', key).update('custos/root-key-fingerprint/v1').digest();
  return keyIdFromBytes(mac.subarray(0, KEY_ID_BYTES));
}

export function createLocalKeyProvider(options: LocalKeyProviderOptions): KeyProvider {
  const roots = new Map<string, LoadedRoot>();
  for (const { version, key } of options.roots) {
    if (key.length !== ROOT_KEY_BYTES)
      throw new InvalidKeyMaterial(`root key v${version} is not ${ROOT_KEY_BYTES} bytes`);
    const id = localRootKeyId(version);
    roots.set(id, { id, key: createSecretKey(Buffer.from(key)), fingerprint: rootKeyFingerprint(key) });
  }
  const versions = options.roots.map((r) => r.version);
  if (versions.length === 0) throw new InvalidKeyMaterial('at least one root key is required');
  const active = roots.get(localRootKeyId(options.activeVersion ?? Math.max(...versions)));
  if (!active) throw new InvalidKeyMaterial(`active root key version ${options.activeVersion} is not loaded`);

  const aadFor = (rootId: string, request: WrapRequest) => (header: Buffer) =>
    encodeAad(AAD_DOMAIN.rootWrap, [rootId, request.tenantId, request.keyId, header]);

  return {
    async activeRootKeyId() {
      return active.id;
    },
    async wrap(request, material) {
      return {
        rootKeyId: active.id,
        bytes: seal(active.key, active.fingerprint, material, aadFor(active.id, request)),
      };
    },
    async unwrap(request, wrapped: WrappedKey) {
      const root = roots.get(wrapped.rootKeyId);
      if (!root) throw new UnknownKey(request.keyId, `root key ${wrapped.rootKeyId} is not loaded`);
      const parsed = parseCiphertext(wrapped.bytes);
      if (parsed.keyId !== root.fingerprint) {
        throw new UnknownKey(
          request.keyId,
          `the loaded ${root.id} is not the root key that wrapped it (wrong keyfile?)`,
        );
      }
      return openParsed(parsed, root.key, aadFor(root.id, request));
    },
  };
}

import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCiphertext } from './ciphertext.ts';
import { AuthenticationFailed, InvalidKeyMaterial, UnknownKey } from './errors.ts';
import { newKeyId } from './key-id.ts';
import { createLocalKeyProvider, rootKeyFingerprint } from './local-key-provider.ts';

const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const request = { keyId: newKeyId(), tenantId: 'tenant-a' };

describe('local key provider', () => {
  it('wraps and unwraps arbitrary key material', async () => {
    const provider = createLocalKeyProvider({ roots: [v1] });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (material) => {
        const wrapped = await provider.wrap(request, material);
        expect(wrapped.rootKeyId).toBe('local-v1');
        expect(Buffer.from(wrapped.bytes).includes(Buffer.from(material))).toBe(false);
        expect(new Uint8Array(await provider.unwrap(request, wrapped))).toEqual(material);
      }),
      { numRuns: 50 },
    );
  });

  it('binds the wrap to the key id and tenant', async () => {
    const provider = createLocalKeyProvider({ roots: [v1] });
    const wrapped = await provider.wrap(request, randomBytes(32));
    await expect(provider.unwrap({ ...request, keyId: newKeyId() }, wrapped)).rejects.toThrow(
      AuthenticationFailed,
    );
    await expect(provider.unwrap({ ...request, tenantId: 'tenant-b' }, wrapped)).rejects.toThrow(
      AuthenticationFailed,
    );
  });

  it('wraps with the highest version by default and still unwraps older versions', async () => {
    const old = await createLocalKeyProvider({ roots: [v1] }).wrap(request, Buffer.alloc(32, 7));
    const rotated = createLocalKeyProvider({ roots: [v1, v2] });
    expect(await rotated.activeRootKeyId()).toBe('local-v2');
    expect((await rotated.wrap(request, Buffer.alloc(32))).rootKeyId).toBe('local-v2');
    expect(await rotated.unwrap(request, old)).toEqual(Buffer.alloc(32, 7));
    expect(await createLocalKeyProvider({ roots: [v1, v2], activeVersion: 1 }).activeRootKeyId()).toBe(
      'local-v1',
    );
  });

  it('names the problem when the root key is missing or is a different key', async () => {
    const wrapped = await createLocalKeyProvider({ roots: [v1] }).wrap(request, randomBytes(32));
    await expect(createLocalKeyProvider({ roots: [v2] }).unwrap(request, wrapped)).rejects.toThrow(
      /local-v1 is not loaded/,
    );
    const impostor = createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] });
    await expect(impostor.unwrap(request, wrapped)).rejects.toThrow(UnknownKey);
    await expect(impostor.unwrap(request, wrapped)).rejects.toThrow(/wrong keyfile/);
  });

  it('puts the root key fingerprint, not the key, in the wrapped header', async () => {
    const wrapped = await createLocalKeyProvider({ roots: [v1] }).wrap(request, randomBytes(32));
    expect(parseCiphertext(wrapped.bytes).keyId).toBe(rootKeyFingerprint(v1.key));
  });

  it('refuses short root keys, an empty set and an unknown active version', () => {
    expect(() => createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(16) }] })).toThrow(
      InvalidKeyMaterial,
    );
    expect(() => createLocalKeyProvider({ roots: [] })).toThrow(InvalidKeyMaterial);
    expect(() => createLocalKeyProvider({ roots: [v1], activeVersion: 3 })).toThrow(InvalidKeyMaterial);
  });
});

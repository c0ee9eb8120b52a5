import { randomBytes } from 'node:crypto';

/**
 * A key id: 16 random bytes, written as 32 lowercase hex characters. Fixed width so that the
 * ciphertext header has a fixed layout; random (not a counter) so that ids reveal nothing about
 * creation order and never collide across nodes or tenants (2^-64 birthday bound at 2^32 keys).
 */
declare const keyIdBrand: unique symbol;
export type KeyId = string & { readonly [keyIdBrand]: true };

export const KEY_ID_BYTES = 16;

const KEY_ID_PATTERN = /^[0-9a-f]{32}$/;

export function newKeyId(): KeyId {
  return randomBytes(KEY_ID_BYTES).toString('hex') as KeyId;
}

export function isKeyId(value: string): value is KeyId {
  return KEY_ID_PATTERN.test(value);
}

/** Parses a stored key id; throws on anything but 32 lowercase hex characters. */
export function parseKeyId(value: string): KeyId {
  if (!isKeyId(value)) throw new TypeError('a key id is 32 lowercase hex characters');
  return value;
}

export function keyIdFromBytes(bytes: Uint8Array): KeyId {
  if (bytes.length !== KEY_ID_BYTES) throw new TypeError(`a key id is ${KEY_ID_BYTES} bytes`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') as KeyId;
}

export function keyIdToBytes(id: KeyId): Buffer {
  return Buffer.from(id, 'hex');
}

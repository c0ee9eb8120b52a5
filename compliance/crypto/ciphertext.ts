import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import {
  AuthenticationFailed,
  MalformedCiphertext,
  UnsupportedAlgorithm,
  UnsupportedVersion,
} from './errors.ts';
import { KEY_ID_BYTES, type KeyId, keyIdFromBytes, keyIdToBytes } from './key-id.ts';
import { NONCE_BYTES, randomNonce } from './nonce.ts';

/**
 * The versioned binary ciphertext format (docs/compliance/encryption.md has the diagram):
 *
 *   offset 0   format version      1 byte   = 1
 *   offset 1   algorithm id        1 byte   (ALGORITHM)
 *   offset 2   key id             16 bytes  the data key that sealed it
 *   offset 18  nonce              12 bytes  96-bit GCM IV (NIST SP 800-38D §8.2.2)
 *   offset 30  ciphertext          n bytes
 *   offset 30+n tag               16 bytes  128-bit GCM tag (SP 800-38D §5.2.1.2)
 *
 * The header (version ‖ algorithm ‖ key id) is also part of the AAD, so changing any header
 * byte fails authentication even when the result still names a valid key.
 */
export const FORMAT_VERSION = 1;

/**
 * The algorithm registry. Ids are never reused. 0 is invalid so that a zeroed buffer is
 * rejected. 2 is reserved for an SM4-GCM profile (SM4 block cipher, GB/T 32907-2016; GCM
 * mode as in RFC 8998) for deployments under China's commercial-cryptography rules
 * (Cryptography Law 2020, GB/T 39786-2021); it is rejected until implemented, because the
 * bundled OpenSSL build offers SM4 but not SM4-GCM.
 */
export const ALGORITHM = { aes256Gcm: 1, sm4Gcm: 2 } as const;
export type AlgorithmId = (typeof ALGORITHM)[keyof typeof ALGORITHM];

export const HEADER_BYTES = 2 + KEY_ID_BYTES;
export const TAG_BYTES = 16;
const NONCE_OFFSET = HEADER_BYTES;
const BODY_OFFSET = NONCE_OFFSET + NONCE_BYTES;
export const OVERHEAD_BYTES = BODY_OFFSET + TAG_BYTES;

declare const ciphertextBrand: unique symbol;
/** Bytes known to be in this format. Only `seal` and `asCiphertext` produce it. */
export type Ciphertext = Buffer & { readonly [ciphertextBrand]: true };

export interface ParsedCiphertext {
  readonly version: number;
  readonly algorithm: AlgorithmId;
  readonly keyId: KeyId;
  /** version ‖ algorithm ‖ key id, as bound into the AAD. */
  readonly header: Buffer;
  readonly nonce: Buffer;
  readonly body: Buffer;
  readonly tag: Buffer;
}

/** Builds the AAD from the header, so that the header is always authenticated. */
export type AadFor = (header: Buffer) => Uint8Array;

/** Seals `plaintext` under a 256-bit key with a fresh random nonce. */
export function seal(key: KeyObject, keyId: KeyId, plaintext: Uint8Array, aadFor: AadFor): Ciphertext {
  return sealWithNonce(key, keyId, randomNonce(), plaintext, aadFor);
}

/**
 * `seal` with a caller-chosen nonce. Exists for known-answer tests; production code calls
 * `seal`, because a repeated (key, nonce) pair destroys GCM's confidentiality and
 * authenticity (NIST SP 800-38D Appendix A).
 */
export function sealWithNonce(
  key: KeyObject,
  keyId: KeyId,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aadFor: AadFor,
): Ciphertext {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`a nonce is ${NONCE_BYTES} bytes`);
  const out = Buffer.allocUnsafe(OVERHEAD_BYTES + plaintext.length);
  out[0] = FORMAT_VERSION;
  out[1] = ALGORITHM.aes256Gcm;
  keyIdToBytes(keyId).copy(out, 2);
  out.set(nonce, NONCE_OFFSET);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(out.subarray(0, HEADER_BYTES)));
  const body = cipher.update(plaintext);
  cipher.final(); // GCM is a stream mode: final() emits nothing, it computes the tag.
  body.copy(out, BODY_OFFSET);
  cipher.getAuthTag().copy(out, BODY_OFFSET + body.length);
  return out as Ciphertext;
}

/** Checks structure, version and algorithm; does not authenticate (that needs the key). */
export function parseCiphertext(bytes: Uint8Array): ParsedCiphertext {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < OVERHEAD_BYTES) {
    throw new MalformedCiphertext(
      `ciphertext is ${buf.length} bytes, shorter than the ${OVERHEAD_BYTES}-byte minimum`,
    );
  }
  const version = buf[0]!;
  if (version !== FORMAT_VERSION) throw new UnsupportedVersion(version);
  const algorithm = buf[1]!;
  if (algorithm !== ALGORITHM.aes256Gcm) throw new UnsupportedAlgorithm(algorithm);
  const tagOffset = buf.length - TAG_BYTES;
  return {
    version,
    algorithm,
    keyId: keyIdFromBytes(buf.subarray(2, HEADER_BYTES)),
    header: buf.subarray(0, HEADER_BYTES),
    nonce: buf.subarray(NONCE_OFFSET, BODY_OFFSET),
    body: buf.subarray(BODY_OFFSET, tagOffset),
    tag: buf.subarray(tagOffset),
  };
}

/** Authenticates and decrypts; any mismatch of key, header, AAD, body or tag is one error. */
export function openParsed(parsed: ParsedCiphertext, key: KeyObject, aadFor: AadFor): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(parsed.tag);
  decipher.setAAD(aadFor(parsed.header));
  const plaintext = decipher.update(parsed.body);
  try {
    decipher.final();
  } catch {
    plaintext.fill(0); // unauthenticated plaintext must not be released (SP 800-38D §7.2 step 8)
    throw new AuthenticationFailed();
  }
  return plaintext;
}

/** Brands stored bytes after checking that they are in this format (e.g. read from a column). */
export function asCiphertext(bytes: Uint8Array): Ciphertext {
  parseCiphertext(bytes);
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)) as Ciphertext;
}

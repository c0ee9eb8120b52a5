/**
 * The closed vocabulary of cryptographic failures. Each is its own class so callers can
 * `catch (e) { if (e instanceof KeyDestroyed) … }` and tests can assert the exact cause.
 *
 * Messages never contain plaintext, key material or personal data: they name key ids, table
 * and column names, and byte offsets only, because they end up in logs.
 */
export const CRYPTO_ERROR_CODES = [
  'malformed_ciphertext',
  'unsupported_version',
  'unsupported_algorithm',
  'unknown_key',
  'key_destroyed',
  'authentication_failed',
  'invalid_binding',
  'invalid_key_material',
] as const;

export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[number];

export abstract class CryptoError extends Error {
  abstract readonly code: CryptoErrorCode;
}

/** The bytes are not a Custos ciphertext: too short, or not produced by this format. */
export class MalformedCiphertext extends CryptoError {
  override readonly name = 'MalformedCiphertext';
  readonly code = 'malformed_ciphertext';
}

/** The format version byte is one this build does not know (written by a newer release?). */
export class UnsupportedVersion extends CryptoError {
  override readonly name = 'UnsupportedVersion';
  readonly code = 'unsupported_version';
  constructor(readonly version: number) {
    super(`ciphertext format version ${version} is not supported`);
  }
}

/** The algorithm id is unknown or reserved but not implemented (e.g. the SM4-GCM profile). */
export class UnsupportedAlgorithm extends CryptoError {
  override readonly name = 'UnsupportedAlgorithm';
  readonly code = 'unsupported_algorithm';
  constructor(readonly algorithm: number) {
    super(`ciphertext algorithm id ${algorithm} is not supported`);
  }
}

/** No key with this id exists (in this tenant), or the loaded root key does not match. */
export class UnknownKey extends CryptoError {
  override readonly name = 'UnknownKey';
  readonly code = 'unknown_key';
  constructor(
    readonly keyId: string,
    detail = 'no such key',
  ) {
    super(`key ${keyId}: ${detail}`);
  }
}

/**
 * The key existed and was destroyed (crypto-erasure, DESIGN §2.5). Distinct from
 * `UnknownKey` so that callers can show "erased" rather than "corrupt".
 */
export class KeyDestroyed extends CryptoError {
  override readonly name = 'KeyDestroyed';
  readonly code = 'key_destroyed';
  constructor(
    readonly keyId: string,
    readonly destroyedAt: Date | null,
  ) {
    super(`key ${keyId} was destroyed${destroyedAt ? ` at ${destroyedAt.toISOString()}` : ''}`);
  }
}

/**
 * GCM tag verification failed: the ciphertext, its header or its binding (tenant, table,
 * column, row) differs from what was sealed. Deliberately says no more (NIST SP 800-38D §5.2.2:
 * the only output of a failed decryption is FAIL).
 */
export class AuthenticationFailed extends CryptoError {
  override readonly name = 'AuthenticationFailed';
  readonly code = 'authentication_failed';
  constructor(message = 'ciphertext failed authentication') {
    super(message);
  }
}

/** A binding field (tenant, table, column, row id) is empty or not well-formed UTF-16. */
export class InvalidBinding extends CryptoError {
  override readonly name = 'InvalidBinding';
  readonly code = 'invalid_binding';
}

/** Key material of the wrong length or encoding (root keys must be exactly 32 bytes). */
export class InvalidKeyMaterial extends CryptoError {
  override readonly name = 'InvalidKeyMaterial';
  readonly code = 'invalid_key_material';
}

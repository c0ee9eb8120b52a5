import type { KeyId } from './key-id.ts';

/**
 * The port to the root key-encryption key (KEK): the top of the envelope hierarchy used by
 * Tink and the AWS Encryption SDK. Only tenant keys are wrapped here; everything below is
 * wrapped by a tenant key, so the provider is called once per tenant key per cache lifetime.
 *
 * Async because real implementations are remote: HashiCorp Vault Transit (`encrypt`/`decrypt`
 * with `associated_data`), a cloud KMS (`Encrypt`/`Decrypt` with an encryption context) or an
 * HSM over PKCS #11. Root key material never leaves the provider.
 */
export interface KeyProvider {
  /** The root key new wraps use, e.g. `local-v2`, or a KMS key id with its version. */
  activeRootKeyId(): Promise<string>;
  /** Wraps a tenant key under the active root key, bound to `request`. */
  wrap(request: WrapRequest, material: Uint8Array): Promise<WrappedKey>;
  /**
   * Unwraps with the root key named in `wrapped`, which may be an older version (that is how
   * rotation stays online). Throws `UnknownKey` if that root key is not available and
   * `AuthenticationFailed` if `wrapped` or `request` was altered.
   */
  unwrap(request: WrapRequest, wrapped: WrappedKey): Promise<Buffer>;
}

/**
 * What a wrap is bound to (the KMS "encryption context"): a wrapped key copied onto another
 * key record, or into another tenant, fails to unwrap.
 */
export interface WrapRequest {
  readonly keyId: KeyId;
  readonly tenantId: string;
}

export interface WrappedKey {
  /** Which root key (and version) wrapped it; rotation rewraps records whose id is stale. */
  readonly rootKeyId: string;
  readonly bytes: Uint8Array;
}

import type { KeyObject } from 'node:crypto';
import { AAD_DOMAIN, encodeAad } from './aad.ts';
import { type Ciphertext, openParsed, parseCiphertext, seal } from './ciphertext.ts';
import { UnknownKey } from './errors.ts';
import type { KeyId } from './key-id.ts';
import type { KeyScope } from './key-store.ts';

/**
 * Wrapping of data and blind-index keys under their tenant key. The wrapped form is a normal
 * ciphertext whose key id is the tenant key's; the AAD binds the child's tenant, kind, subject
 * and id, so a wrapped key moved to another record (another subject, another tenant) fails to
 * unwrap, and editing a record's subject id makes the key unusable instead of misattributed.
 */
export interface TenantKey {
  readonly id: KeyId;
  readonly key: KeyObject;
}

const aadFor = (scope: KeyScope, keyId: KeyId) => (header: Buffer) =>
  encodeAad(AAD_DOMAIN.tenantWrap, [
    scope.tenantId,
    scope.kind,
    // Subject ids are non-empty when present; the empty element marks "no subject".
    scope.subjectId ?? new Uint8Array(0),
    keyId,
    header,
  ]);

export function wrapUnderTenant(
  tenantKey: TenantKey,
  scope: KeyScope,
  keyId: KeyId,
  material: Uint8Array,
): Ciphertext {
  return seal(tenantKey.key, tenantKey.id, material, aadFor(scope, keyId));
}

export function unwrapUnderTenant(
  tenantKey: TenantKey,
  scope: KeyScope,
  keyId: KeyId,
  wrapped: Uint8Array,
): Buffer {
  const parsed = parseCiphertext(wrapped);
  if (parsed.keyId !== tenantKey.id)
    throw new UnknownKey(keyId, `wrapped by ${parsed.keyId}, not by its recorded parent`);
  return openParsed(parsed, tenantKey.key, aadFor(scope, keyId));
}

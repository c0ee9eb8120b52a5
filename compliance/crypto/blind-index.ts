import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { AAD_DOMAIN, encodeAad } from './aad.ts';
import { hkdfSha256 } from './hkdf.ts';
import type { Normalizer } from './normalize.ts';

/**
 * Blind indexes for equality lookups on sealed columns (the CipherSweet / Paragon "blind
 * index" design):
 *
 *   K_column = HKDF-SHA256(IKM = tenant blind-index root, salt = ∅,
 *                          info = encodeAad('custos/blind-index/v1', [tenant, table, column]), 32)
 *   index    = Trunc_L(HMAC-SHA256(K_column, normalize(value)))
 *
 * Per-column keys keep equal values in two columns (or two tenants) from having equal indexes.
 * Truncation to L bits (truncation.ts) makes several distinct values share each index value,
 * so the index alone does not reveal equality exactly; lookups return candidates that the
 * caller confirms by decrypting. Leakage is discussed in docs/compliance/encryption.md.
 */
export interface BlindIndexSpec {
  readonly normalize: Normalizer;
  /** L, chosen with `blindIndexBits` and fixed for the column's life (changing it means re-indexing). */
  readonly bits: number;
}

export interface BlindIndexBinding {
  readonly tenantId: string;
  readonly table: string;
  readonly column: string;
}

declare const blindIndexBrand: unique symbol;
/** Lowercase hex of ⌈L/8⌉ bytes; bits past L are zero. */
export type BlindIndex = string & { readonly [blindIndexBrand]: true };

export function deriveColumnKey(root: KeyObject | Uint8Array, binding: BlindIndexBinding): KeyObject {
  const info = encodeAad(AAD_DOMAIN.blindIndex, [binding.tenantId, binding.table, binding.column]);
  const key = hkdfSha256(root, new Uint8Array(0), info, 32);
  const object = createSecretKey(key);
  key.fill(0);
  return object;
}

/** Trunc_L(HMAC-SHA256(key, UTF-8(normalized))): the leftmost L bits, as in RFC 2104 §5. */
export function blindIndex(columnKey: KeyObject, normalized: string, bits: number): BlindIndex {
  if (!Number.isInteger(bits) || bits < 1 || bits > 256)
    throw new RangeError('blind index bits must be 1..256');
  const mac = createHmac('sha256', columnKey).update(normalized, 'utf8').digest();
  const out = mac.subarray(0, Math.ceil(bits / 8));
  const spare = out.length * 8 - bits;
  if (spare > 0) out[out.length - 1]! &= (0xff << spare) & 0xff;
  return out.toString('hex') as BlindIndex;
}

/** Normalizes (throwing `InvalidValue` on bad input), derives the column key and indexes. */
export function computeBlindIndex(
  root: KeyObject | Uint8Array,
  binding: BlindIndexBinding,
  spec: BlindIndexSpec,
  value: string,
): BlindIndex {
  return blindIndex(deriveColumnKey(root, binding), spec.normalize(value), spec.bits);
}

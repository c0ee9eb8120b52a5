import { InvalidBinding } from './errors.ts';

/**
 * Additional authenticated data (NIST SP 800-38D §5.2.1.1 "A"). It is never stored: the reader
 * rebuilds it from where it found the ciphertext, so a ciphertext copied to another row,
 * column or tenant fails authentication instead of decrypting in the wrong place.
 *
 * Encoding (big-endian, every element length-prefixed, so no two different tuples encode to
 * the same bytes — the concern behind PASETO's PAE and NIST SP 800-185 TupleHash):
 *
 *   u32 count ‖ ( u32 byteLength ‖ bytes ) × count
 *
 * The first element is always a domain label, so an AAD built for one purpose (a field, a
 * wrapped key) can never be replayed as another.
 */
export const AAD_DOMAIN = {
  /** A classified column value (tenant, table, column, row id, header). */
  field: 'custos/field/v1',
  /** A data or blind-index key wrapped by its tenant key (tenant, kind, key id, header). */
  tenantWrap: 'custos/tenant-wrap/v1',
  /** A tenant key wrapped by a local root key (root key id, tenant, key id, header). */
  rootWrap: 'custos/root-wrap/v1',
  /** HKDF `info` for per-column blind-index keys (tenant, table, column). */
  blindIndex: 'custos/blind-index/v1',
} as const;

export type AadDomain = (typeof AAD_DOMAIN)[keyof typeof AAD_DOMAIN];

/** Where a field value lives; every part is bound into the AAD. */
export interface FieldBinding {
  readonly tenantId: string;
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

// In a `u` regex a paired surrogate is one code point, so this matches lone surrogates only.
// UTF-8 encoding would silently turn them into U+FFFD, making two different strings encode alike.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function checkText(name: string, value: string): string {
  if (value.length === 0) throw new InvalidBinding(`${name} must not be empty`);
  if (LONE_SURROGATE.test(value)) throw new InvalidBinding(`${name} is not well-formed Unicode`);
  return value;
}

const byteLength = (e: string | Uint8Array) =>
  typeof e === 'string' ? Buffer.byteLength(e, 'utf8') : e.length;

/**
 * Length-prefixed tuple encoding of `[domain, ...elements]`; strings are UTF-8 and must be
 * non-empty and well-formed. Written into one buffer: this runs twice per field operation.
 */
export function encodeAad(domain: AadDomain, elements: readonly (string | Uint8Array)[]): Buffer {
  let total = 8 + domain.length; // domain labels are ASCII
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (typeof e === 'string') checkText(`element ${i}`, e);
    total += 4 + byteLength(e);
  }
  const out = Buffer.allocUnsafe(total);
  let offset = out.writeUInt32BE(elements.length + 1, 0);
  offset = out.writeUInt32BE(domain.length, offset);
  offset += out.write(domain, offset, 'latin1');
  for (const e of elements) {
    const length = byteLength(e);
    offset = out.writeUInt32BE(length, offset);
    if (typeof e === 'string') out.write(e, offset, 'utf8');
    else out.set(e, offset);
    offset += length;
  }
  return out;
}

/** The AAD of a classified field value: domain, tenant, table, column, row id, header. */
export function fieldAad(binding: FieldBinding, header: Uint8Array): Buffer {
  return encodeAad(AAD_DOMAIN.field, [
    checkText('tenantId', binding.tenantId),
    checkText('table', binding.table),
    checkText('column', binding.column),
    checkText('rowId', binding.rowId),
    header,
  ]);
}

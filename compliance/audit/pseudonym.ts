import { createHmac, type KeyObject } from 'node:crypto';

/**
 * Keyed pseudonyms for data subjects in audit leaves (DESIGN §2.3: leaves carry pseudonyms,
 * never names or identifiers).
 *
 *   pseudonym = base64url(HMAC-SHA-256(K_tenant, msg))            (RFC 2104, RFC 4648 §5, no padding)
 *   msg       = u32be(len D) ‖ D ‖ u32be(len T) ‖ T ‖ u32be(len I) ‖ I
 *   D = "custos/audit-pseudonym/v1", T = subject type, I = subject id    (all UTF-8)
 *
 * The domain label keeps these MACs apart from any other use of the key, and the length
 * prefixes keep ("contact", "a:b") and ("contact:a", "b") apart. The same subject always gets
 * the same pseudonym within a tenant, so "who saw my data" is one lookup by pseudonym; a
 * different tenant's key gives an unrelated value. The tenant key is not the subject's key:
 * erasing a subject destroys their data key, not this one, so the log still verifies and the
 * pseudonym, without the identifier it came from, points at nobody.
 */
export const PSEUDONYM_DOMAIN = 'custos/audit-pseudonym/v1';

/** 32 MAC bytes as unpadded base64url: 43 characters. */
export const PSEUDONYM_PATTERN = /^[A-Za-z0-9_-]{43}$/;

declare const pseudonymBrand: unique symbol;
export type Pseudonym = string & { readonly [pseudonymBrand]: true };

const SUBJECT_TYPE = /^[a-z][a-z0-9-]{0,39}$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const utf8 = new TextEncoder();

function lengthPrefixed(parts: readonly string[]): Buffer {
  const encoded = parts.map((p) => utf8.encode(p));
  const out = Buffer.alloc(encoded.reduce((n, p) => n + 4 + p.length, 0));
  let offset = 0;
  for (const part of encoded) {
    offset = out.writeUInt32BE(part.length, offset);
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The pseudonym of subject `id` of type `subjectType` (e.g. `contact`, `patient`, `student`)
 * under the tenant's pseudonym key (at least 32 bytes).
 */
export function pseudonymize(tenantKey: KeyObject | Uint8Array, subjectType: string, id: string): Pseudonym {
  const size = tenantKey instanceof Uint8Array ? tenantKey.length : tenantKey.symmetricKeySize;
  if (size === undefined || size < 32)
    throw new RangeError('a pseudonym key is a secret of at least 32 bytes');
  if (!SUBJECT_TYPE.test(subjectType)) throw new TypeError('subject type must be a lowercase token');
  if (id.length === 0 || LONE_SURROGATE.test(id)) throw new TypeError('subject id must be non-empty Unicode');
  const mac = createHmac('sha256', tenantKey)
    .update(lengthPrefixed([PSEUDONYM_DOMAIN, subjectType, id]))
    .digest();
  return mac.toString('base64url') as Pseudonym;
}

export function isPseudonym(value: string): value is Pseudonym {
  return PSEUDONYM_PATTERN.test(value);
}

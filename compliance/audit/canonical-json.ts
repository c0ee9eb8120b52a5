import { NotCanonical } from './errors.ts';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that a
 * leaf's bytes can be rebuilt from the event and hashed by any conforming implementation.
 *
 * - Numbers: ECMAScript Number serialisation (RFC 8785 §3.2.2.3), which is exactly what
 *   `Number.prototype.toString` produces for finite values (and `-0` becomes `0`). NaN and
 *   ±Infinity have no JSON form and are rejected (§3.2.2.3, "MUST cause an error").
 * - Strings: the JSON.stringify escaping of ECMA-262 (§3.2.2.2): `\b \t \n \f \r \" \\`, other
 *   controls below U+0020 as lowercase `\u00xx`, everything else verbatim; lone surrogates are
 *   rejected because they have no UTF-8 form (§3.2.2.2 and I-JSON, RFC 7493 §2.1).
 * - Objects: members sorted by their names as arrays of UTF-16 code units (§3.2.3), which is
 *   the default order of `Array.prototype.sort` on strings; no whitespace anywhere (§3.2.1).
 * - Output is UTF-8 (§3.2.4).
 *
 * Accepted inputs are the JSON data model only: null, booleans, finite numbers, strings, arrays
 * and plain objects. Object members whose value is `undefined` are omitted (as JSON.stringify
 * does); anything else (undefined in an array, bigint, Date, Map, class instances, functions)
 * is an error rather than a silent conversion, because silent conversions change evidence.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

// With the `u` flag a well-formed pair is one code point, so this only matches lone surrogates.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const MAX_DEPTH = 64;
const utf8 = new TextEncoder();

export function canonicalize(value: unknown): string {
  return serialize(value, '$', 0);
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8.encode(canonicalize(value));
}

/**
 * Parses bytes that must already be canonical: valid UTF-8 (fatal decoding), valid JSON, and
 * byte-identical to their own canonical form. Catches duplicate names, reordered members,
 * insignificant whitespace and non-shortest numbers, each of which would let two different
 * byte strings stand for one event.
 */
export function parseCanonical(bytes: Uint8Array): JsonValue {
  let text: string;
  let value: JsonValue;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    value = JSON.parse(text) as JsonValue;
  } catch {
    throw new NotCanonical('not UTF-8 JSON');
  }
  if (canonicalize(value) !== text) throw new NotCanonical('JSON is not in RFC 8785 canonical form');
  return value;
}

function serialize(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) throw new NotCanonical(`${path}: nested deeper than ${MAX_DEPTH}`);
  switch (typeof value) {
    case 'string':
      return serializeString(value, path);
    case 'number':
      // RFC 8785 §3.2.2.3: the ECMAScript Number-to-String algorithm; -0 serialises as 0.
      if (!Number.isFinite(value)) throw new NotCanonical(`${path}: ${value} has no JSON form`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value
          .map((item, i) => {
            if (item === undefined) throw new NotCanonical(`${path}[${i}]: undefined has no JSON form`);
            return serialize(item, `${path}[${i}]`, depth + 1);
          })
          .join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new NotCanonical(`${path}: only plain objects have a JSON form`);
      }
      const record = value as Record<string, unknown>;
      // RFC 8785 §3.2.3: sort by UTF-16 code units; the default sort compares exactly those.
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${serializeString(key, path)}:${serialize(member, `${path}.${key}`, depth + 1)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new NotCanonical(`${path}: a ${typeof value} has no JSON form`);
  }
}

function serializeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new NotCanonical(`${path}: string has a lone surrogate`);
  // RFC 8785 §3.2.2.2 defers to ECMA-262 JSON.stringify's QuoteJSONString.
  return JSON.stringify(value);
}

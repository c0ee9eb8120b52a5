import { domainToASCII } from 'node:url';
import { checkResidentId, upgradeResidentId15 } from './resident-id.ts';

/**
 * Normalizers map the many spellings of one value to one string before blind indexing, so
 * that "138 1234 5678", "+86-138-1234-5678" and "008613812345678" find the same row. A
 * normalizer throws `InvalidValue` for input that cannot be that kind of value; the message
 * names the kind and the reason, never the value (it may end up in a log).
 *
 * Every normalizer starts with Unicode NFKC (UAX #15), which folds full-width digits and
 * letters, the ideographic space and the full-width plus and at signs typed on Chinese
 * keyboards into their ASCII forms.
 */
export type Normalizer = (value: string) => string;

export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
  readonly code = 'invalid_value';
  constructor(
    readonly kind: string,
    readonly reason: string,
  ) {
    super(`not a valid ${kind}: ${reason}`);
  }
}

const nfkc = (value: string) => value.normalize('NFKC').trim();
// Spaces, dots, slashes, brackets, and hyphen-like dashes (U+2010–2015, U+2212 minus sign).
const PHONE_SEPARATORS = /[\s\-./()\u2010-\u2015\u2212]/g;

/**
 * Mainland China mobile numbers (11 digits, 1[3-9]…; MIIT numbering plan) with or without
 * +86 / 0086 / 86. Returns E.164 (`+8613812345678`) so the result equals `normalizeE164` of the
 * same number and one phone column can hold both.
 */
export const normalizeCnMobile: Normalizer = (value) => {
  let digits = nfkc(value).replace(PHONE_SEPARATORS, '');
  const prefixed = /^(?:\+86|0086|86)(1\d{10})$/.exec(digits);
  if (prefixed) digits = prefixed[1]!;
  if (!/^1[3-9]\d{9}$/.test(digits))
    throw new InvalidValue('mainland China mobile number', 'expected 11 digits 1[3-9]…');
  return `+86${digits}`;
};

/**
 * International numbers in E.164 form (ITU-T E.164 §6: at most 15 digits, country code not
 * starting with 0). Requires "+" or the international prefix "00": without it the country is
 * unknown. "(0)" and, for +86, the domestic trunk prefix 0 are dropped, since they are
 * never dialled from abroad.
 */
export const normalizeE164: Normalizer = (value) => {
  let s = nfkc(value).replace(/\(0\)/g, '').replace(PHONE_SEPARATORS, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  s = s.replace(/^\+860/, '+86');
  if (!/^\+[1-9]\d{6,14}$/.test(s))
    throw new InvalidValue('E.164 phone number', 'expected + and 7 to 15 digits');
  return s;
};

/**
 * The 18-character resident identity number (GB 11643-1999): 6-digit address code, 8-digit
 * birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X). A 15-digit
 * first-generation number is upgraded (the century "19" inserted, check character computed) so
 * both generations of one person's number index alike. Rejects bad dates and checksums.
 */
export const normalizeResidentId: Normalizer = (value) => {
  let id = nfkc(value).replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{15}$/.test(id)) id = upgradeResidentId15(id);
  const problem = checkResidentId(id);
  if (problem) throw new InvalidValue('resident identity number', problem);
  return id;
};

export interface EmailNormalizerOptions {
  /** Keep the local part's case. Default false: see the decision on `normalizeEmail`. */
  readonly preserveLocalPartCase?: boolean;
}

/**
 * E-mail addresses: trimmed; domain lower-cased and IDNA-mapped to its ASCII (punycode) form
 * (UTS #46), with a trailing root dot removed.
 *
 * Local-part decision: RFC 5321 §2.4 lets a server treat local parts case-sensitively but
 * says exploiting that "impedes interoperability and is discouraged"; in practice mailboxes
 * are case-insensitive. The index only narrows candidates — the sealed column keeps the
 * address exactly as given — so folding costs at most one extra decrypt, while not folding
 * would miss a patient who typed "Wang.Fang@" once and "wang.fang@" later. We therefore
 * lower-case the local part by default. We do NOT remove dots or "+tags": that equivalence is
 * one provider's policy (Gmail), and applying it elsewhere would merge distinct mailboxes.
 */
export function createEmailNormalizer(options: EmailNormalizerOptions = {}): Normalizer {
  return (value) => {
    const s = nfkc(value);
    const at = s.lastIndexOf('@');
    const local = s.slice(0, Math.max(at, 0));
    const domain = domainToASCII(s.slice(at + 1).replace(/\.$/, ''));
    if (at < 1 || !domain || /\s/.test(local))
      throw new InvalidValue('e-mail address', 'expected local-part@domain');
    // RFC 5321 §4.5.3.1: local part ≤ 64 octets; a usable address ≤ 254 octets.
    const address = `${options.preserveLocalPartCase ? local : local.toLowerCase()}@${domain}`;
    if (Buffer.byteLength(local) > 64 || Buffer.byteLength(address) > 254) {
      throw new InvalidValue('e-mail address', 'too long');
    }
    return address;
  };
}

export const normalizeEmail: Normalizer = createEmailNormalizer();

// Name separators: middle dot U+00B7 (the standard separator in transliterated names,
// GB/T 28039-2011), Greek ano teleia, hyphenation point, bullet, bullet operator, dot operator,
// katakana middle dot (NFKC maps the half-width one to it), word-separator middle dot.
const NAME_SEPARATORS = /[\u00B7\u0387\u2022\u2027\u2219\u22C5\u30FB\u2E31]/g;
const SPACE_NEXT_TO_HAN = /\s+(?=\p{Script=Han})|(?<=\p{Script=Han})\s+/gu;

/**
 * Personal names: NFKC, full case folding (approximated by lower-, upper-, lower-casing,
 * which maps ß and ẞ to ss; final sigma folded to σ), name separators (·) turned into spaces, whitespace
 * collapsed, and spaces next to Han characters removed, so "阿依古丽·买买提", "阿依古丽 买买提"
 * and "阿依古丽买买提" are one name and "ANNE MARIE" equals "Anne·Marie".
 */
export const normalizeName: Normalizer = (value) => {
  const folded = nfkc(value).toLowerCase().toUpperCase().toLowerCase().replace(/ς/g, 'σ').normalize('NFKC');
  const name = folded
    .replace(NAME_SEPARATORS, ' ')
    .replace(/\s+/g, ' ')
    .replace(SPACE_NEXT_TO_HAN, '')
    .trim();
  if (!name) throw new InvalidValue('name', 'empty');
  return name;
};

export interface IdentifierNormalizerOptions {
  /** Named in errors, e.g. "medical record number". */
  readonly kind: string;
  /** Checked against the whole normalized value (anchors are added); default 1–64 of [0-9A-Z]. */
  readonly pattern?: RegExp;
  /** Default: whitespace, hyphens, underscores, dots and slashes. */
  readonly separators?: RegExp;
}

/** Institution identifiers (medical record numbers, student numbers): upper-case, separators stripped. */
export function createIdentifierNormalizer(options: IdentifierNormalizerOptions): Normalizer {
  const separators = new RegExp((options.separators ?? /[\s\-_./\u2010-\u2015]/).source, 'gu');
  const pattern = new RegExp(`^(?:${(options.pattern ?? /[0-9A-Z]{1,64}/).source})$`, 'u');
  return (value) => {
    const id = nfkc(value).toUpperCase().replace(separators, '');
    if (!pattern.test(id)) throw new InvalidValue(options.kind, 'does not match the configured pattern');
    return id;
  };
}

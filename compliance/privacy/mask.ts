/**
 * Masking at the response boundary (DESIGN §4: "masking by role and purpose"): staff see only
 * what the job needs. Formats follow common Chinese practice for displaying personal
 * information (GB/T 35273-2020 §7.5, restricting what interfaces show): 138****5678,
 * 110101********1234, 张*明.
 *
 * Masking is a display control, not a security boundary against the database: the stored
 * value stays sealed (compliance/crypto). Every function is total: input of the wrong shape
 * falls back to `maskGeneric` rather than leaking unmasked.
 */
export const MASK_KINDS = [
  'mobile',
  'resident_id',
  'name',
  'email',
  'date_of_birth',
  'identifier',
  'generic',
] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

/** A fixed-length mask: hides the value and its length. */
export const maskGeneric = (_value: string): string => '****';

const codePoints = (value: string) => Array.from(value.normalize('NFC').trim());
const HAN = /\p{Script=Han}/u;

/** Mainland mobile (optionally +86/0086): 138****5678; other numbers keep 3 leading and 4 trailing digits. */
export function maskMobile(value: string): string {
  const digits = value.normalize('NFKC').replace(/[^\d]/g, '');
  const national = /^(?:0086|86)?(1\d{10})$/.exec(digits)?.[1] ?? digits;
  if (national.length < 8) return maskGeneric(value);
  return `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
}

/** Resident identity number: address code and last 4 kept, birth date hidden — 110101********1234. */
export function maskResidentId(value: string): string {
  const id = value.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) && !/^\d{15}$/.test(id)) return maskGeneric(value);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 张三 → 张*, 张三明 → 张*明, 欧阳小明 → 欧**明: first and (from three characters) last kept. */
export function maskChineseName(value: string): string {
  const chars = codePoints(value);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** John Smith → J***: first letter and a fixed-length mask (hides the length and the surname). */
export function maskWesternName(value: string): string {
  const first = codePoints(value)[0];
  return first ? `${first}***` : '*';
}

/** Chinese masking if the name contains a Han character, else Western. */
export function maskName(value: string): string {
  return HAN.test(value) ? maskChineseName(value) : maskWesternName(value);
}

/** john@example.com → j***@example.com: the domain stays (it tells an agent which provider). */
export function maskEmail(value: string): string {
  const s = value.trim();
  const at = s.lastIndexOf('@');
  if (at < 1 || at === s.length - 1) return maskGeneric(value);
  return `${codePoints(s.slice(0, at))[0]}***@${s.slice(at + 1)}`;
}

/** A date of birth (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD) → the year only. */
export function maskDateOfBirth(value: string): string {
  const match = /^(\d{4})(?:[-/.]?\d{1,2}[-/.]?\d{1,2})(?:[T ].*)?$/.exec(value.trim());
  return match ? match[1]! : maskGeneric(value);
}

/** Record and student numbers: the last 4 characters, for an agent to confirm with the caller. */
export function maskIdentifier(value: string): string {
  const chars = codePoints(value);
  return chars.length <= 4 ? maskGeneric(value) : `****${chars.slice(-4).join('')}`;
}

const MASKERS: Readonly<Record<MaskKind, (value: string) => string>> = {
  mobile: maskMobile,
  resident_id: maskResidentId,
  name: maskName,
  email: maskEmail,
  date_of_birth: maskDateOfBirth,
  identifier: maskIdentifier,
  generic: maskGeneric,
};

export type Disclosure = 'reveal' | 'mask';

/** What one viewer sees, per kind; a kind not listed is masked. */
export type ViewerPolicy = Readonly<Partial<Record<MaskKind, Disclosure>>>;

/**
 * A tenant's masking policy, keyed by role and then purpose of use ('*' = any purpose), e.g.
 * `{ clinician: { treatment: { name: 'reveal', mobile: 'reveal' }, '*': { name: 'reveal' } } }`.
 * Deny by default (DESIGN §2.4): an unknown role or purpose gets everything masked.
 */
export type MaskingPolicy<Role extends string = string, Purpose extends string = string> = Readonly<
  Partial<Record<Role, Readonly<Partial<Record<Purpose | '*', ViewerPolicy>>>>>
>;

export interface Viewer<Role extends string = string, Purpose extends string = string> {
  readonly role: Role;
  readonly purpose: Purpose;
}

/** Resolves once per request: the purpose-specific entry wins over the role's '*' entry. */
export function resolveMaskingPolicy<Role extends string, Purpose extends string>(
  policy: MaskingPolicy<Role, Purpose>,
  viewer: Viewer<Role, Purpose>,
): ViewerPolicy {
  const byPurpose = policy[viewer.role];
  return byPurpose?.[viewer.purpose] ?? byPurpose?.['*'] ?? {};
}

export function maskByPolicy(value: string, kind: MaskKind, policy: ViewerPolicy): string {
  return policy[kind] === 'reveal' ? value : MASKERS[kind](value);
}

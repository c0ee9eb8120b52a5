/**
 * The check character of the resident identity number, GB 11643-1999 §5 (citing ISO 7064:1983
 * MOD 11-2): S = Σ aᵢ·Wᵢ over the first 17 digits with Wᵢ = 2^(17−i) mod 11 (i = 0 for the
 * leftmost digit); the check character is the one that makes S + check ≡ 1 (mod 11), with X
 * standing for 10. MOD 11-2 detects every single-character substitution and every transposition
 * of adjacent characters.
 */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
// Index: S mod 11 → check character.
const CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

function isCalendarDate(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Returns why `id` (18 characters, upper-case) is not valid, or undefined if it is. */
export function checkResidentId(id: string): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'expected 17 digits and a check digit or X';
  if (!isCalendarDate(id.slice(6, 14))) return 'the birth date code is not a calendar date';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17])
    return 'the check character does not match (GB 11643-1999)';
  return undefined;
}

/**
 * First-generation 15-digit numbers (address, YYMMDD, sequence) were issued to people born in
 * the 1900s; the 18-digit form inserts "19" and appends the check character.
 */
export function upgradeResidentId15(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}

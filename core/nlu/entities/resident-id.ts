const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit order and
 * an ISO 7064 MOD 11-2 check character. Checking the sum and the date keeps 18-digit order or
 * invoice numbers from being taken for identity numbers (and masked as such).
 */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] as number);
  if (CHECK[sum % 11] !== id[17]?.toUpperCase()) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
}

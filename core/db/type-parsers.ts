/**
 * One value mapping for both dialects, so code above the repositories never sees a difference:
 * int8 → number (refusing values past 2^53 rather than rounding them), bytea → Buffer,
 * date → 'YYYY-MM-DD' string (a calendar date has no time zone), timestamptz → Date.
 */
export const PG_TYPE = { int8: 20, bytea: 17, date: 1082 } as const;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} exceeds 2^53`);
  return value;
}

export function parseDate(text: string): string {
  return text;
}

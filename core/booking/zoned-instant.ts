import { isValidDate, offsetMinutes, type PlainDate } from '../nlu/time/zoned-time.ts';

/**
 * Local wall-clock time → UTC instant, for schedules. A schedule needs a mapping that never runs
 * backwards, so that windows that do not overlap on the wall clock never overlap in real time:
 * a wall time maps to **the first instant at which the zone's clock shows that time or later**.
 * - In a repeated hour (fall-back) that is the earlier of the two instants.
 * - In a skipped hour (spring-forward) that is the instant the clock jumps, i.e. the end of the
 *   gap (02:30 on 2026-03-08 in New York → 03:00 EDT), so a whole window inside the gap is empty.
 */

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** Minutes since local midnight; may be ≥ 1440 for a time on a following day. */
export type MinuteOfDay = number;

/** The instant `date` + `minuteOfDay` (wall clock) in `timeZone`; see the module comment. */
export function zonedInstant(date: PlainDate, minuteOfDay: MinuteOfDay, timeZone: string): Date {
  const local = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE;
  const candidates = wallInstants(local, timeZone);
  if (candidates.length > 0) return candidates[0] as Date;
  return gapEnd(local, timeZone);
}

/** Every instant whose wall clock reads `local` (a wall time encoded as if it were UTC), earliest first. */
function wallInstants(local: number, timeZone: string): Date[] {
  const offsets = new Set([
    offsetMinutes(new Date(local - DAY_MINUTES * MINUTE), timeZone),
    offsetMinutes(new Date(local), timeZone),
    offsetMinutes(new Date(local + DAY_MINUTES * MINUTE), timeZone),
  ]);
  const found: Date[] = [];
  for (const offset of offsets) {
    const instant = new Date(local - offset * MINUTE);
    if (offsetMinutes(instant, timeZone) === offset) found.push(instant);
  }
  return found.sort((a, b) => a.getTime() - b.getTime());
}

/**
 * `local` lies in a spring-forward gap: the clock jumps from before it to after it. The jump
 * happens between the instant read with the offset after the gap and the one read with the
 * offset before it; find it to the minute (zones change offset on whole minutes).
 */
function gapEnd(local: number, timeZone: string): Date {
  const before = offsetMinutes(new Date(local - DAY_MINUTES * MINUTE), timeZone);
  const after = offsetMinutes(new Date(local + DAY_MINUTES * MINUTE), timeZone);
  let lo = Math.min(local - after * MINUTE, local - before * MINUTE);
  let hi = Math.max(local - after * MINUTE, local - before * MINUTE);
  // Invariant: the offset at lo is the old one, at hi the new one.
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(new Date(mid), timeZone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A strict `YYYY-MM-DD` that names a real calendar day, or undefined. */
export function parseLocalDate(text: string): PlainDate | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDate(date) ? date : undefined;
}

const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** A strict `HH:MM` as minutes since midnight; `24:00` (only) is accepted when `allowEndOfDay`. */
export function parseWallTime(text: string, allowEndOfDay = false): MinuteOfDay | undefined {
  const m = TIME_RE.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > DAY_MINUTES || (minutes === DAY_MINUTES && !allowEndOfDay)) return undefined;
  return minutes;
}

export { DAY_MINUTES };

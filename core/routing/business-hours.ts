import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import {
  addDays,
  assertTimeZone,
  isoDate,
  isValidDate,
  type PlainDate,
  wallClock,
  weekday,
  zonedDateTime,
} from '../nlu/time/zoned-time.ts';

/**
 * When a queue is staffed, in the tenant's wall clock. A window opens on `weekday` (ISO: Monday 1
 * … Sunday 7) at `start`; one whose `end` is not after its `start` runs past midnight into the next
 * day (22:00–06:00), and 00:00–24:00 is the whole day. A holiday closes its whole local calendar
 * day, including the part of a night window that falls on it. Wall times skipped or repeated by a
 * DST change resolve as Temporal's "compatible" disambiguation does (core/nlu/time/zoned-time.ts).
 */
export interface BusinessWindow {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

export interface BusinessHours {
  readonly timeZone: string;
  readonly weekly: readonly BusinessWindow[];
  readonly holidays: readonly string[];
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const schema = z.object({
  timeZone: z.string().refine(
    (zone) => {
      try {
        assertTimeZone(zone);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone' },
  ),
  weekly: z
    .array(
      z.object({
        weekday: z.number().int().min(1).max(7),
        start: z.string().regex(HH_MM, 'HH:MM from 00:00 to 23:59'),
        end: z.string().regex(END, 'HH:MM from 00:00 to 24:00'),
      }),
    )
    .min(1, 'at least one window; leave business hours unset for a queue open around the clock')
    .max(50),
  holidays: z
    .array(z.string().refine((d) => parseDate(d) !== undefined, { message: 'a date YYYY-MM-DD' }))
    .max(400),
});

/** Checks a stored or submitted value; every problem is a `validation_failed` with its path. */
export function parseBusinessHours(value: unknown): BusinessHours {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', 'business hours are not valid', {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}

/** Open every day, all day: what a queue without business hours means. */
export const aroundTheClock = (timeZone: string): BusinessHours => ({
  timeZone,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  holidays: [],
});

function parseDate(text: string): PlainDate | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDate(date) ? date : undefined;
}

const localDate = (instant: Date, timeZone: string): PlainDate => {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
};

/** The instant of wall time `hhmm` on `date` ("24:00" is the next midnight). */
function instantAt(date: PlainDate, hhmm: string, timeZone: string): number {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  if (hour === 24) return midnight(addDays(date, 1), timeZone);
  return Date.parse(zonedDateTime(date, { hour, minute }, timeZone));
}

const midnight = (date: PlainDate, timeZone: string): number =>
  Date.parse(zonedDateTime(date, { hour: 0, minute: 0 }, timeZone));

type Interval = readonly [start: number, end: number];

/** The open intervals of the windows starting on `date`, holidays cut out, in milliseconds. */
function windowsStarting(hours: BusinessHours, date: PlainDate): Interval[] {
  const out: Interval[] = [];
  const day = weekday(date);
  for (const w of hours.weekly) {
    if (w.weekday !== day) continue;
    const start = instantAt(date, w.start, hours.timeZone);
    const crosses = w.end !== '24:00' && w.end <= w.start;
    const end = instantAt(crosses ? addDays(date, 1) : date, w.end, hours.timeZone);
    // A window spans at most two local days; keep the parts on days that are not holidays.
    const nextDay = addDays(date, 1);
    const split = midnight(nextDay, hours.timeZone);
    const pieces: [PlainDate, number, number][] = [
      [date, start, Math.min(end, split)],
      [nextDay, Math.max(start, split), end],
    ];
    for (const [on, from, to] of pieces)
      if (from < to && !hours.holidays.includes(isoDate(on))) out.push([from, to]);
  }
  return out;
}

/**
 * The open intervals, disjoint and in order, of the windows that start on the local days from
 * the day before `from` on — the day before because its night window may still be open. Windows
 * that overlap are clipped, so no open second is counted twice; adjacent ones are not merged.
 */
function* openIntervals(hours: BusinessHours, from: Date, maxDays = 3700): Generator<Interval> {
  let date = addDays(localDate(from, hours.timeZone), -1);
  let cursor = Number.NEGATIVE_INFINITY;
  let daysWithout = 0;
  for (let i = 0; i < maxDays; i++, date = addDays(date, 1)) {
    // Windows of later days start at their own local midnight or after, so ordering each day's
    // windows by start orders them all.
    const today = windowsStarting(hours, date).sort((a, b) => a[0] - b[0]);
    daysWithout = today.length === 0 ? daysWithout + 1 : 0;
    // More than a year without an open day: holidays cover every window from here on.
    if (daysWithout > 400) break;
    for (const [start, end] of today) {
      const begin = Math.max(start, cursor);
      if (begin >= end) continue;
      yield [begin, end];
      cursor = end;
    }
  }
  throw new AppError('unprocessable', 'the business hours are not open within the time asked about');
}

export function isOpen(hours: BusinessHours, instant: Date): boolean {
  const t = instant.getTime();
  for (const [start, end] of openIntervals(hours, instant)) {
    if (start > t) return false;
    if (t < end) return true;
  }
  return false;
}

/** The instant `seconds` of open time after `from`: closed time, holidays and DST gaps do not count. */
export function addBusinessSeconds(hours: BusinessHours, from: Date, seconds: number): Date {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new AppError('validation_failed', 'seconds must be a finite number ≥ 0');
  let left = seconds * 1000;
  let t = from.getTime();
  if (left === 0) return new Date(t);
  for (const [start, end] of openIntervals(hours, from)) {
    if (end <= t) continue;
    const begin = Math.max(start, t);
    if (begin + left <= end) return new Date(begin + left);
    left -= end - begin;
    t = end;
  }
  throw new AppError('unprocessable', 'the business hours end before the time is used up');
}

/** Seconds of open time between two instants (negative when `to` is before `from`). */
export function businessSecondsBetween(hours: BusinessHours, from: Date, to: Date): number {
  if (to < from) return -businessSecondsBetween(hours, to, from);
  const [a, b] = [from.getTime(), to.getTime()];
  let total = 0;
  for (const [start, end] of openIntervals(hours, from)) {
    if (start >= b) break;
    total += Math.max(0, Math.min(end, b) - Math.max(start, a));
  }
  return total / 1000;
}

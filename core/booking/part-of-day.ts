import { AppError } from '../errors/app-error.ts';
import type { TimeOfDay } from '../nlu/time/temporal-piece.ts';
import { addDays, compareDates, type PlainDate, wallClock } from '../nlu/time/zoned-time.ts';
import { DAY_MINUTES, parseLocalDate, zonedInstant } from './zoned-instant.ts';

/** The same parts of the day the date understanding produces (明天下午 → afternoon). */
export type PartOfDay = TimeOfDay;

export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const satisfies readonly PartOfDay[];

/** Local wall-clock bounds in minutes: [start, end). 上午 until noon, 下午 until six, 晚上 until midnight. */
const BOUNDS: Record<PartOfDay, readonly [number, number]> = {
  morning: [0, 12 * 60],
  afternoon: [12 * 60, 18 * 60],
  evening: [18 * 60, DAY_MINUTES],
};

const LABELS: Record<PartOfDay, { readonly 'zh-CN': string; readonly en: string }> = {
  morning: { 'zh-CN': '上午', en: 'morning' },
  afternoon: { 'zh-CN': '下午', en: 'afternoon' },
  evening: { 'zh-CN': '晚上', en: 'evening' },
};

export interface InstantRange {
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

function localDate(text: string, what: string): PlainDate {
  const date = parseLocalDate(text);
  if (!date) throw new AppError('validation_failed', `${what} ${text} is not a date YYYY-MM-DD.`);
  return date;
}

/** The instants bounding one part (or, when `part` is undefined, all) of a local day. */
export function partOfDayRange(date: string, part: PartOfDay | undefined, timeZone: string): InstantRange {
  const day = localDate(date, 'date');
  const [start, end] = part ? BOUNDS[part] : [0, DAY_MINUTES];
  return { from: zonedInstant(day, start, timeZone), to: zonedInstant(day, end, timeZone) };
}

/** The instants bounding local days `fromDate`…`toDate` (inclusive), for searches over several days. */
export function dayRange(fromDate: string, toDate: string, timeZone: string): InstantRange {
  const first = localDate(fromDate, 'fromDate');
  const last = localDate(toDate, 'toDate');
  if (compareDates(first, last) > 0)
    throw new AppError('validation_failed', `toDate ${toDate} is before fromDate ${fromDate}.`);
  return { from: zonedInstant(first, 0, timeZone), to: zonedInstant(addDays(last, 1), 0, timeZone) };
}

/** Which part of its local day `instant` falls in. */
export function partOfDayOf(instant: Date, timeZone: string): PartOfDay {
  const { hour } = wallClock(instant, timeZone);
  if (hour < 12) return 'morning';
  return hour < 18 ? 'afternoon' : 'evening';
}

export function partOfDayLabel(part: PartOfDay, locale: 'zh-CN' | 'en'): string {
  return LABELS[part][locale];
}

import { grammarPieces } from './grammars.ts';
import {
  type Clock,
  PERIOD_TIME_OF_DAY,
  type Period,
  type TemporalPiece,
  type TimeOfDay,
} from './temporal-piece.ts';
import { addDays, isoDate, type PlainDate, type WallTime, wallClock, zonedDateTime } from './zoned-time.ts';

export interface TemporalEntity {
  readonly type: 'date' | 'datetime';
  /** ISO 8601: `2025-03-16`, or `2025-03-16T14:00:00+08:00` with the zone's offset. */
  readonly value: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly timeOfDay?: TimeOfDay;
  /** No day was said ("下午", "in the morning"): the date is today only by default. */
  readonly impliedDate?: true;
}

export interface TemporalContext {
  readonly now: Date;
  /** IANA zone in which the speaker's "tomorrow" and "3pm" are meant. */
  readonly timeZone: string;
}

// What may sit between the parts of one expression: 明天的下午, next Tuesday at 3pm, 15 March, 9am.
const GLUE = /^[\s,，]*(?:at|on|的)?[\s,，]*$/;

/** Dates and times in Chinese and English, resolved against `now` in `timeZone`. */
export function findTemporalEntities(text: string, context: TemporalContext): TemporalEntity[] {
  const pieces = nonOverlapping(grammarPieces(text));
  // Most messages name no date: the zone lookup (Intl) is only paid for those that do.
  if (pieces.length === 0) return [];
  const wall = wallClock(context.now, context.timeZone);
  const today: PlainDate = { year: wall.year, month: wall.month, day: wall.day };
  const entities: TemporalEntity[] = [];
  let i = 0;
  while (i < pieces.length) {
    const group = [pieces[i] as TemporalPiece];
    let j = i + 1;
    while (j < pieces.length && fits(group, pieces[j] as TemporalPiece, text))
      group.push(pieces[j++] as TemporalPiece);
    const entity = resolve(group, text, today, wall, context.timeZone);
    if (entity) entities.push(entity);
    i = j;
  }
  return entities;
}

function nonOverlapping(pieces: TemporalPiece[]): TemporalPiece[] {
  pieces.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TemporalPiece[] = [];
  for (const p of pieces)
    if (kept.length === 0 || p.start >= (kept.at(-1) as TemporalPiece).end) kept.push(p);
  return kept;
}

function fits(group: TemporalPiece[], next: TemporalPiece, text: string): boolean {
  const last = group.at(-1) as TemporalPiece;
  if (!GLUE.test(text.slice(last.end, next.start))) return false;
  const has = (k: 'date' | 'period' | 'clock') => group.some((p) => p[k] !== undefined);
  return !(next.date && has('date')) && !(next.period && has('period')) && !(next.clock && has('clock'));
}

function resolve(group: TemporalPiece[], text: string, today: PlainDate, now: WallTime, timeZone: string) {
  const start = (group[0] as TemporalPiece).start;
  const end = (group.at(-1) as TemporalPiece).end;
  const datePiece = group.find((p) => p.date);
  const period = group.find((p) => p.period)?.period;
  const clock = group.find((p) => p.clock)?.clock;
  let date = datePiece?.date?.(today);
  if (datePiece && !date) return undefined;
  const base = { text: text.slice(start, end), start, end };
  if (!clock) {
    return {
      type: 'date',
      value: isoDate(date ?? today),
      ...base,
      ...(period ? { timeOfDay: PERIOD_TIME_OF_DAY[period] } : {}),
      ...(datePiece ? {} : { impliedDate: true as const }),
    } satisfies TemporalEntity;
  }
  let { hour, dayShift } = to24Hour(clock, period);
  const minute = clock.minute;
  if (!date) {
    // A time with no day is the next time the clock shows it: today if still ahead, else tomorrow.
    const ahead = hour > now.hour || (hour === now.hour && minute > now.minute);
    date = ahead || dayShift ? today : addDays(today, 1);
  }
  if (dayShift) date = addDays(date, 1);
  hour %= 24;
  const time = { hour, minute };
  return {
    type: 'datetime',
    value: zonedDateTime(date, time, timeZone),
    ...base,
    timeOfDay: period
      ? PERIOD_TIME_OF_DAY[period]
      : hour < 12
        ? 'morning'
        : hour < 18
          ? 'afternoon'
          : 'evening',
  } satisfies TemporalEntity;
}

/**
 * 下午两点 and "3pm" are 14:00 and 15:00; so is a bare 两点 or "at 3": appointments are made
 * in office hours, so an hour from 1 to 6 with no part of day is read as afternoon.
 */
function to24Hour(clock: Clock, period: Period | undefined): { hour: number; dayShift: boolean } {
  let hour = clock.hour;
  if (clock.meridiem === 'pm' && hour < 12) hour += 12;
  else if (clock.meridiem === 'am' && hour === 12) hour = 0;
  else if (!clock.meridiem) {
    if ((period === 'evening' || period === 'night') && hour === 12) hour = 24;
    else if ((period === 'afternoon' || period === 'evening') && hour < 12) hour += 12;
    else if (period === 'night' && hour >= 6 && hour < 12) hour += 12;
    else if (period === 'noon' && hour < 3) hour += 12;
    else if (period === undefined && hour >= 1 && hour <= 6) hour += 12;
  }
  return { hour: hour === 24 ? 0 : hour, dayShift: hour === 24 };
}

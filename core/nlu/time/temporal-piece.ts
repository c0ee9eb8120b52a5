import type { PlainDate, WallTime } from './zoned-time.ts';

export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

/** What a language's grammar found at one span; resolution to ISO happens later. */
export interface TemporalPiece {
  readonly start: number;
  readonly end: number;
  /** Resolves the date part against today's date in the target zone. */
  readonly date?: (today: PlainDate) => PlainDate | undefined;
  readonly period?: Period;
  readonly clock?: Clock;
}

/** A part of the day; `noon` and `night` narrow the hour more than a time_of_day does. */
export type Period = 'early' | 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

export interface Clock extends WallTime {
  /** am/pm as written, if it was. */
  readonly meridiem?: 'am' | 'pm';
}

export const PERIOD_TIME_OF_DAY: Record<Period, TimeOfDay> = {
  early: 'morning',
  morning: 'morning',
  noon: 'afternoon',
  afternoon: 'afternoon',
  evening: 'evening',
  night: 'evening',
};

import { z } from 'zod';
import { addDays, assertTimeZone, isoDate, type PlainDate, weekday } from '../nlu/time/zoned-time.ts';
import { DAY_MINUTES, parseLocalDate, parseWallTime } from './zoned-instant.ts';

/**
 * When a schedule (FHIR Schedule) is open: weekly windows in the schedule's own time zone, with
 * dated exceptions and holidays. Wall-clock times are local; `slot-generation.ts` turns them into
 * instants. A window whose end is at or before its start crosses midnight (a night clinic
 * 22:00–02:00): it belongs to the day it starts on, and its time after midnight is taken from the
 * following calendar day.
 */
export interface AvailabilityWindow {
  /** 'HH:MM', 00:00–23:59. */
  readonly start: string;
  /** 'HH:MM', 00:00–24:00; at or before `start` means the window ends on the next day. */
  readonly end: string;
  readonly slotMinutes: number;
  /** How many bookings one slot takes: 1 for a clinic visit, more for a group tour. */
  readonly capacity: number;
}

export interface WeeklyRule extends AvailabilityWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  readonly weekdays: readonly number[];
}

export interface ScheduleException {
  readonly date: string;
  readonly closed?: true;
  /** Replaces the weekly rules of that date. */
  readonly windows?: readonly AvailabilityWindow[];
}

export interface ScheduleDefinition {
  /** IANA, e.g. Asia/Shanghai, America/New_York. */
  readonly timeZone: string;
  readonly weekly: readonly WeeklyRule[];
  readonly exceptions?: readonly ScheduleException[];
  /** Local dates closed all day. A night window of the day before still runs past midnight. */
  readonly holidays?: readonly string[];
  /** Inclusive local dates; a window belongs to the date it starts on. */
  readonly validFrom?: string;
  readonly validTo?: string;
}

/** A window as minutes since its day's midnight; `end` > `start`, and > 1440 when it crosses midnight. */
export interface WindowSpan {
  readonly start: number;
  readonly end: number;
  readonly slotMinutes: number;
  readonly capacity: number;
}

export function windowSpan(w: AvailabilityWindow): WindowSpan {
  const start = parseWallTime(w.start) ?? Number.NaN;
  const end = parseWallTime(w.end, true) ?? Number.NaN;
  return {
    start,
    end: end <= start ? end + DAY_MINUTES : end,
    slotMinutes: w.slotMinutes,
    capacity: w.capacity,
  };
}

/**
 * The windows that open on `date` (before slot generation): nothing on a holiday, a closed
 * exception or outside the validity range; an exception's windows replace the weekly ones.
 */
export function windowsOn(def: ScheduleDefinition, date: PlainDate): readonly AvailabilityWindow[] {
  const iso = isoDate(date);
  if ((def.validFrom && iso < def.validFrom) || (def.validTo && iso > def.validTo)) return [];
  if (def.holidays?.includes(iso)) return [];
  const exception = def.exceptions?.find((e) => e.date === iso);
  if (exception) return exception.closed ? [] : (exception.windows ?? []);
  const day = weekday(date);
  return def.weekly.filter((rule) => rule.weekdays.includes(day));
}

const timeText = z
  .string()
  .refine((s) => parseWallTime(s) !== undefined, 'must be a time HH:MM (00:00–23:59)');
const endText = z
  .string()
  .refine((s) => parseWallTime(s, true) !== undefined, 'must be a time HH:MM (00:00–24:00)');
const dateText = z.string().refine((s) => parseLocalDate(s) !== undefined, 'must be a date YYYY-MM-DD');

const windowShape = {
  start: timeText,
  end: endText,
  slotMinutes: z.number().int('must be a whole number of minutes').min(1).max(DAY_MINUTES),
  capacity: z.number().int('must be a whole number').min(1).max(10_000),
};

type Issue = { path: (string | number)[]; message: string };

/** A window must hold a whole number of slots: a 45-minute tail of a 60-minute rhythm is a typo. */
function checkLength(w: AvailabilityWindow, path: (string | number)[], issues: Issue[]): void {
  const span = windowSpan(w);
  if (Number.isNaN(span.start) || Number.isNaN(span.end) || !Number.isInteger(span.slotMinutes)) return;
  const length = span.end - span.start;
  if (span.slotMinutes > 0 && length % span.slotMinutes !== 0)
    issues.push({
      path: [...path, 'slotMinutes'],
      message: `slotMinutes ${span.slotMinutes} does not divide the window length of ${length} minutes`,
    });
}

interface Located {
  readonly window: AvailabilityWindow;
  readonly path: (string | number)[];
}

const windowText = (w: AvailabilityWindow) => `${w.start}–${w.end}`;

/** The windows of one day must not overlap each other. */
function checkOverlaps(today: readonly Located[], label: string, issues: Issue[]): void {
  const spans = today.map((l) => ({ ...l, span: windowSpan(l.window) }));
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.span.start < b.span.end && b.span.start < a.span.end)
        issues.push({
          path: b.path,
          message: `window ${windowText(b.window)} overlaps ${windowText(a.window)} on ${label}`,
        });
    }
}

/** Nor may they start before the previous day's night window has ended. */
function checkSpill(
  today: readonly Located[],
  yesterday: readonly Located[],
  label: string,
  issues: Issue[],
) {
  for (const y of yesterday) {
    const spill = windowSpan(y.window).end - DAY_MINUTES;
    if (!(spill > 0)) continue;
    for (const t of today)
      if (windowSpan(t.window).start < spill)
        issues.push({
          path: t.path,
          message: `window ${windowText(t.window)} on ${label} overlaps the night window ${windowText(y.window)} of the day before`,
        });
  }
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function checkDefinition(def: ScheduleDefinition, issues: Issue[]): void {
  const weeklyOn = (day: number): Located[] =>
    def.weekly.flatMap((rule, i) =>
      rule.weekdays.includes(day) ? [{ window: rule, path: ['weekly', i] }] : [],
    );
  def.weekly.forEach((rule, i) => {
    checkLength(rule, ['weekly', i], issues);
  });
  for (let day = 1; day <= 7; day++) {
    checkOverlaps(weeklyOn(day), WEEKDAY_NAMES[day]!, issues);
    checkSpill(weeklyOn(day), weeklyOn(day === 1 ? 7 : day - 1), WEEKDAY_NAMES[day]!, issues);
  }

  // An exception changes one date, so it is checked against its neighbours as they really are.
  const exceptions = def.exceptions ?? [];
  const on = (date: PlainDate): Located[] => {
    const index = exceptions.findIndex((e) => e.date === isoDate(date));
    return windowsOn(def, date).map((window, w) => ({
      window,
      path:
        index >= 0
          ? ['exceptions', index, 'windows', w]
          : ['weekly', def.weekly.indexOf(window as WeeklyRule)],
    }));
  };
  const seen = new Set<string>();
  exceptions.forEach((e, i) => {
    const path = ['exceptions', i];
    const duplicate = seen.has(e.date);
    seen.add(e.date);
    if (duplicate)
      issues.push({ path: [...path, 'date'], message: `date ${e.date} has more than one exception` });
    if (e.closed && e.windows && e.windows.length > 0)
      issues.push({ path, message: 'an exception is either closed or has windows, not both' });
    if (!e.closed && !e.windows) issues.push({ path, message: 'an exception needs closed: true or windows' });
    e.windows?.forEach((w, j) => {
      checkLength(w, [...path, 'windows', j], issues);
    });
    const date = parseLocalDate(e.date);
    if (!date || duplicate) return;
    const own = (e.closed ? [] : (e.windows ?? [])).map((window, j) => ({
      window,
      path: [...path, 'windows', j],
    }));
    checkOverlaps(own, e.date, issues);
    checkSpill(on(date), on(addDays(date, -1)), e.date, issues);
    const next = addDays(date, 1);
    // When the next date has its own exception, its own check sees this one as its previous day.
    if (!exceptions.some((x) => x.date === isoDate(next)))
      checkSpill(on(next), on(date), isoDate(next), issues);
  });
  if (def.validFrom && def.validTo && def.validFrom > def.validTo)
    issues.push({
      path: ['validTo'],
      message: `validTo ${def.validTo} is before validFrom ${def.validFrom}`,
    });
}

export const availabilityWindowSchema = z.strictObject(windowShape);

export const weeklyRuleSchema = z.strictObject({
  ...windowShape,
  weekdays: z
    .array(
      z
        .number()
        .int()
        .min(1, 'ISO weekday 1 (Monday) … 7 (Sunday)')
        .max(7, 'ISO weekday 1 (Monday) … 7 (Sunday)'),
    )
    .min(1, 'needs at least one weekday')
    .refine((days) => new Set(days).size === days.length, 'repeats a weekday'),
});

export const scheduleExceptionSchema = z.strictObject({
  date: dateText,
  closed: z.literal(true).optional(),
  windows: z.array(availabilityWindowSchema).optional(),
});

export const scheduleDefinitionSchema = z
  .strictObject({
    timeZone: z.string().refine((tz) => {
      try {
        assertTimeZone(tz);
        return true;
      } catch {
        return false;
      }
    }, 'is not a known IANA time zone'),
    weekly: z.array(weeklyRuleSchema),
    exceptions: z.array(scheduleExceptionSchema).optional(),
    holidays: z
      .array(dateText)
      .refine((days) => new Set(days).size === days.length, 'repeats a date')
      .optional(),
    validFrom: dateText.optional(),
    validTo: dateText.optional(),
  })
  .superRefine((def, ctx) => {
    const issues: Issue[] = [];
    checkDefinition(def, issues);
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }) satisfies z.ZodType<ScheduleDefinition>;

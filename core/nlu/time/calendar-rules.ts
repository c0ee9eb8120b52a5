import { addDays, compareDates, isValidDate, type PlainDate, weekday } from './zoned-time.ts';

/**
 * Shared resolution rules. Customer-service dates point forward: someone booking "the 15th"
 * on the 20th means next month, and "March 15" in April means next year.
 */
export function upcomingDayOfMonth(day: number): (today: PlainDate) => PlainDate | undefined {
  return (today) => {
    for (let i = 0; i < 13; i++) {
      const month = ((today.month - 1 + i) % 12) + 1;
      const year = today.year + Math.floor((today.month - 1 + i) / 12);
      const candidate = { year, month, day };
      if (isValidDate(candidate) && compareDates(candidate, today) >= 0) return candidate;
    }
    return undefined;
  };
}

export function upcomingMonthDay(
  month: number,
  day: number,
  year?: number,
): (today: PlainDate) => PlainDate | undefined {
  return (today) => {
    if (year !== undefined) {
      const fixed = { year, month, day };
      return isValidDate(fixed) ? fixed : undefined;
    }
    for (let y = today.year; y <= today.year + 4; y++) {
      const candidate = { year: y, month, day };
      if (isValidDate(candidate) && compareDates(candidate, today) >= 0) return candidate;
    }
    return undefined;
  };
}

export function daysFromToday(days: number): (today: PlainDate) => PlainDate {
  return (today) => addDays(today, days);
}

/**
 * `relativeWeek` undefined: the next such weekday after today (a bare "Wednesday" said on a
 * Wednesday means next week's). Otherwise the weekday in an ISO week (Monday first) counted
 * from this one: 0 this week (这周三), 1 next week (下周三, "next Wednesday"), -1 last week.
 */
export function weekdayRule(isoWeekday: number, relativeWeek?: number): (today: PlainDate) => PlainDate {
  return (today) => {
    const current = weekday(today);
    if (relativeWeek === undefined) return addDays(today, ((isoWeekday - current + 6) % 7) + 1);
    return addDays(today, relativeWeek * 7 + isoWeekday - current);
  };
}

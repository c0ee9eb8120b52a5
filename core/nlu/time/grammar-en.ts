import { daysFromToday, upcomingDayOfMonth, upcomingMonthDay, weekdayRule } from './calendar-rules.ts';
import type { Clock, Period, TemporalPiece } from './temporal-piece.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SMALL: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  thirty: 30,
};
const RELATIVE: Record<string, number> = {
  yesterday: -1,
  today: 0,
  tonight: 0,
  tomorrow: 1,
  tmr: 1,
  tmrw: 1,
  'day after tomorrow': 2,
  'the day after tomorrow': 2,
};
const PERIODS: Record<string, Period> = {
  morning: 'morning',
  afternoon: 'afternoon',
  evening: 'evening',
  night: 'night',
  tonight: 'evening',
};

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';
const COUNT = `(?:\\d{1,3}|${Object.keys(SMALL).join('|')})`;

const DATE = new RegExp(
  [
    '\\b(?<rel>(?:the )?day after tomorrow|yesterday|today|tonight|tomorrow|tmrw?)\\b',
    `\\b(?:(?<wk>next|this|coming|last)\\s+)?(?<wd>${WEEKDAY})\\b`,
    `\\bin\\s+(?<n>${COUNT})\\s+(?<unit>days?|weeks?)\\b`,
    `\\b(?<n2>${COUNT})\\s+(?<unit2>days?|weeks?)\\s+from\\s+(?:now|today)\\b`,
    '\\b(?<iy>\\d{4})-(?<im>\\d{1,2})-(?<id>\\d{1,2})\\b',
    `\\b(?<mon>${MONTH})\\s+(?<md>\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s*(?<y>\\d{4})\\b)?`,
    `\\b(?<md2>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<mon2>${MONTH})(?:,?\\s*(?<y2>\\d{4})\\b)?`,
    '\\b(?<sm>\\d{1,2})/(?<sd>\\d{1,2})(?:/(?<sy>\\d{4}))?\\b',
    '\\bthe\\s+(?<ord>\\d{1,2})(?:st|nd|rd|th)\\b',
  ].join('|'),
  'g',
);
// noon and midnight are clock times (12:00, 00:00), matched by CLOCK.
const PERIOD = /\b(?:in the |this |at )?(?<p>morning|afternoon|evening|night)\b/g;
const CLOCK =
  /(?:\b(?<at>at|@)\s*)?\b(?<h>\d{1,2})(?::(?<mi>\d{2}))?\s*(?<mer>a\.?m\.?|p\.?m\.?|o'?clock)?(?![\w:/])|\b(?<word>noon|midday|midnight)\b/g;

export function englishPieces(text: string): TemporalPiece[] {
  const pieces: TemporalPiece[] = [];
  for (const m of text.matchAll(DATE)) {
    const g = m.groups ?? {};
    const date = englishDate(g);
    if (!date) continue;
    const period = g.rel === 'tonight' ? ({ period: 'evening' } as const) : {};
    pieces.push({ start: m.index, end: m.index + m[0].length, date, ...period });
  }
  for (const m of text.matchAll(PERIOD)) {
    pieces.push({
      start: m.index,
      end: m.index + m[0].length,
      period: PERIODS[m.groups?.p as string] as Period,
    });
  }
  for (const m of text.matchAll(CLOCK)) {
    const clock = englishClock(m.groups ?? {});
    if (clock) pieces.push({ start: m.index, end: m.index + m[0].length, clock });
  }
  return pieces;
}

const count = (s: string) => SMALL[s] ?? Number(s);
const monthOf = (s: string) => MONTHS.indexOf(s.slice(0, 3)) + 1;

function englishDate(g: Record<string, string | undefined>): TemporalPiece['date'] {
  if (g.rel) return daysFromToday(RELATIVE[g.rel] ?? 0);
  if (g.wd) {
    const day = DAYS.indexOf(g.wd.slice(0, 3)) + 1;
    const shift = g.wk === 'next' ? 1 : g.wk === 'last' ? -1 : undefined;
    return weekdayRule(day, shift);
  }
  const n = g.n ?? g.n2;
  if (n) {
    const unit = g.unit ?? g.unit2 ?? 'day';
    return daysFromToday(count(n) * (unit.startsWith('week') ? 7 : 1));
  }
  if (g.iy) return upcomingMonthDay(Number(g.im), Number(g.id), Number(g.iy));
  if (g.mon) return upcomingMonthDay(monthOf(g.mon), Number(g.md), g.y ? Number(g.y) : undefined);
  if (g.mon2) return upcomingMonthDay(monthOf(g.mon2), Number(g.md2), g.y2 ? Number(g.y2) : undefined);
  // Month first, as written in the United States; a Chinese user writes 3月15日 instead.
  if (g.sm) return upcomingMonthDay(Number(g.sm), Number(g.sd), g.sy ? Number(g.sy) : undefined);
  if (g.ord) {
    const day = Number(g.ord);
    return day >= 1 && day <= 31 ? upcomingDayOfMonth(day) : undefined;
  }
  return undefined;
}

function englishClock(g: Record<string, string | undefined>): Clock | undefined {
  if (g.word) return { hour: g.word === 'midnight' ? 0 : 12, minute: 0 };
  // A bare number is a time only when something says so: "at 3", "3pm", "3:30", "3 o'clock".
  if (!g.at && !g.mer && g.mi === undefined) return undefined;
  const hour = Number(g.h);
  const minute = g.mi === undefined ? 0 : Number(g.mi);
  if (hour > 24 || minute > 59) return undefined;
  const mer = g.mer?.replace(/\./g, '');
  if ((mer === 'am' || mer === 'pm') && (hour === 0 || hour > 12)) return undefined;
  return { hour, minute, ...(mer === 'am' || mer === 'pm' ? { meridiem: mer } : {}) };
}

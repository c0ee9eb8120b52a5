import { daysFromToday, upcomingDayOfMonth, upcomingMonthDay, weekdayRule } from './calendar-rules.ts';
import { CN_NUMBER as N, parseChineseNumber as num } from './chinese-numbers.ts';
import type { Clock, Period, TemporalPiece } from './temporal-piece.ts';

const RELATIVE_DAYS: Record<string, number> = {
  前天: -2,
  昨天: -1,
  昨日: -1,
  今天: 0,
  今日: 0,
  今儿: 0,
  明天: 1,
  明日: 1,
  明儿: 1,
  后天: 2,
  大后天: 3,
};
const SHORTHAND: Record<string, [number, Period]> = {
  今早: [0, 'morning'],
  明早: [1, 'morning'],
  今晚: [0, 'evening'],
  明晚: [1, 'evening'],
};
const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 };
const WEEK_SHIFT: Record<string, number> = { 上: -1, 这: 0, 本: 0, 下: 1, 下下: 2 };
const PERIODS: Record<string, Period> = {
  凌晨: 'early',
  早上: 'morning',
  早晨: 'morning',
  清晨: 'morning',
  上午: 'morning',
  中午: 'noon',
  下午: 'afternoon',
  傍晚: 'evening',
  晚上: 'evening',
  夜里: 'night',
  夜间: 'night',
  半夜: 'night',
};

const DATE = new RegExp(
  [
    '(?<short>今早|明早|今晚|明晚)',
    '(?<rel>大后天|前天|昨天|昨日|今天|今日|今儿|明天|明日|明儿|后天)',
    '(?<wk>下下|上|这|本|下)?个?(?:周|星期|礼拜)(?<wd>[一二三四五六日天末1-7])',
    '(?<iy>\\d{4})[-/.](?<im>\\d{1,2})[-/.](?<id>\\d{1,2})',
    `(?:(?<y>\\d{4})年)?(?<m>${N})月(?<md>${N})(?:日|号)?`,
    `(?<n>${N})(?<unit>天|周|个星期|个礼拜)(?:后|以后|之后)`,
    `过(?<pn>${N})天`,
    `(?<d>${N})(?:号|日)`,
  ].join('|'),
  'g',
);
const PERIOD = /(?<p>凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜)/g;
const CLOCK = new RegExp(`(?<h>${N})(?:点钟?|时|:(?<cm>\\d{2}))(?<mp>半|一刻|三刻|整|(?<mn>${N})分?)?`, 'g');

export function chinesePieces(text: string): TemporalPiece[] {
  const pieces: TemporalPiece[] = [];
  for (const m of text.matchAll(DATE)) {
    const g = m.groups ?? {};
    const date = chineseDate(g);
    if (!date) continue;
    const period = g.short ? SHORTHAND[g.short]?.[1] : undefined;
    pieces.push({ start: m.index, end: m.index + m[0].length, date, ...(period ? { period } : {}) });
  }
  for (const m of text.matchAll(PERIOD)) {
    pieces.push({
      start: m.index,
      end: m.index + m[0].length,
      period: PERIODS[m.groups?.p as string] as Period,
    });
  }
  for (const m of text.matchAll(CLOCK)) {
    const clock = chineseClock(m.groups ?? {});
    if (clock) pieces.push({ start: m.index, end: m.index + m[0].length, clock });
  }
  return pieces;
}

function chineseDate(g: Record<string, string | undefined>): TemporalPiece['date'] {
  if (g.short) return daysFromToday(SHORTHAND[g.short]?.[0] ?? 0);
  if (g.rel) return daysFromToday(RELATIVE_DAYS[g.rel] ?? 0);
  if (g.wd) {
    const day = WEEKDAYS[g.wd] ?? Number(g.wd);
    return weekdayRule(day, g.wk === undefined ? undefined : WEEK_SHIFT[g.wk]);
  }
  if (g.iy) return upcomingMonthDay(Number(g.im), Number(g.id), Number(g.iy));
  if (g.m) {
    const month = num(g.m);
    const day = num(g.md ?? '');
    if (month === undefined || day === undefined) return undefined;
    return upcomingMonthDay(month, day, g.y ? Number(g.y) : undefined);
  }
  if (g.n) {
    const n = num(g.n);
    return n === undefined ? undefined : daysFromToday(g.unit === '天' ? n : 7 * n);
  }
  if (g.pn) {
    const n = num(g.pn);
    return n === undefined ? undefined : daysFromToday(n);
  }
  const day = num(g.d ?? '');
  return day === undefined || day < 1 || day > 31 ? undefined : upcomingDayOfMonth(day);
}

function chineseClock(g: Record<string, string | undefined>): Clock | undefined {
  const hour = num(g.h ?? '');
  if (hour === undefined || hour > 24) return undefined;
  // 快一点 / 好一点 mean "a bit", not one o'clock: a bare 一点 needs minutes to count as a time.
  if (g.h === '一' && !g.mp && g.cm === undefined) return undefined;
  let minute = 0;
  if (g.cm !== undefined) minute = Number(g.cm);
  else if (g.mp === '半') minute = 30;
  else if (g.mp === '一刻') minute = 15;
  else if (g.mp === '三刻') minute = 45;
  else if (g.mn !== undefined) minute = num(g.mn) ?? -1;
  if (minute < 0 || minute > 59) return undefined;
  return { hour, minute };
}

import { describe, expect, it } from 'vitest';
import { normalizeText } from '../normalize.ts';
import { findTemporalEntities } from './temporal-entities.ts';

// Wednesday 12 March 2025, 10:30 in Shanghai.
const SHANGHAI = { now: new Date('2025-03-12T10:30:00+08:00'), timeZone: 'Asia/Shanghai' };
// Saturday 8 March 2025, 10:00 in New York; clocks spring forward on Sunday 9 March at 02:00.
const NEW_YORK = { now: new Date('2025-03-08T15:00:00Z'), timeZone: 'America/New_York' };

type Expected = [type: 'date' | 'datetime', value: string, timeOfDay?: string] | null;

const shanghai: [string, Expected][] = [
  ['今天', ['date', '2025-03-12']],
  ['明天', ['date', '2025-03-13']],
  ['后天', ['date', '2025-03-14']],
  ['大后天', ['date', '2025-03-15']],
  ['昨天', ['date', '2025-03-11']],
  ['明天上午', ['date', '2025-03-13', 'morning']],
  ['明天下午', ['date', '2025-03-13', 'afternoon']],
  ['今晚', ['date', '2025-03-12', 'evening']],
  ['明早', ['date', '2025-03-13', 'morning']],
  ['后天下午两点', ['datetime', '2025-03-14T14:00:00+08:00', 'afternoon']],
  ['下周三', ['date', '2025-03-19']],
  ['下周一', ['date', '2025-03-17']],
  ['这周五', ['date', '2025-03-14']],
  ['本周一', ['date', '2025-03-10']],
  ['上周五', ['date', '2025-03-07']],
  ['周五', ['date', '2025-03-14']],
  ['星期三', ['date', '2025-03-19']],
  ['礼拜天', ['date', '2025-03-16']],
  ['下星期天', ['date', '2025-03-23']],
  ['3月15日', ['date', '2025-03-15']],
  ['三月十五号', ['date', '2025-03-15']],
  ['3月1日', ['date', '2026-03-01']],
  ['十五号', ['date', '2025-03-15']],
  ['5号', ['date', '2025-04-05']],
  ['31号', ['date', '2025-03-31']],
  ['2025年4月1日', ['date', '2025-04-01']],
  ['2025-05-20', ['date', '2025-05-20']],
  ['3天后', ['date', '2025-03-15']],
  ['三天以后', ['date', '2025-03-15']],
  ['两周后', ['date', '2025-03-26']],
  ['过两天', ['date', '2025-03-14']],
  ['周五晚上7点半', ['datetime', '2025-03-14T19:30:00+08:00', 'evening']],
  ['明天上午10点', ['datetime', '2025-03-13T10:00:00+08:00', 'morning']],
  ['明天上午十点半', ['datetime', '2025-03-13T10:30:00+08:00', 'morning']],
  ['下午3点', ['datetime', '2025-03-12T15:00:00+08:00', 'afternoon']],
  ['上午9点', ['datetime', '2025-03-13T09:00:00+08:00', 'morning']],
  ['晚上8点', ['datetime', '2025-03-12T20:00:00+08:00', 'evening']],
  ['中午12点', ['datetime', '2025-03-12T12:00:00+08:00', 'afternoon']],
  ['3点一刻', ['datetime', '2025-03-12T15:15:00+08:00', 'afternoon']],
  ['下午两点三刻', ['datetime', '2025-03-12T14:45:00+08:00', 'afternoon']],
  ['明天14:30', ['datetime', '2025-03-13T14:30:00+08:00', 'afternoon']],
  ['晚上12点', ['datetime', '2025-03-13T00:00:00+08:00', 'evening']],
  ['凌晨2点', ['datetime', '2025-03-13T02:00:00+08:00', 'morning']],
  ['明天的下午3:30', ['datetime', '2025-03-13T15:30:00+08:00', 'afternoon']],
  ['下周三下午', ['date', '2025-03-19', 'afternoon']],
  ['十点', ['datetime', '2025-03-13T10:00:00+08:00', 'morning']],
  ['明晚8点', ['datetime', '2025-03-13T20:00:00+08:00', 'evening']],
  ['後天下午兩點', ['datetime', '2025-03-14T14:00:00+08:00', 'afternoon']],
  ['３月１５日', ['date', '2025-03-15']],
  ['我想约明天上午的号', ['date', '2025-03-13', 'morning']],
  ['快一点好吗', null],
  ['today', ['date', '2025-03-12']],
  ['tomorrow', ['date', '2025-03-13']],
  ['the day after tomorrow', ['date', '2025-03-14']],
  ['tomorrow morning', ['date', '2025-03-13', 'morning']],
  ['this afternoon', ['date', '2025-03-12', 'afternoon']],
  ['tonight', ['date', '2025-03-12', 'evening']],
  ['next tuesday at 3pm', ['datetime', '2025-03-18T15:00:00+08:00', 'afternoon']],
  ['Next Tuesday', ['date', '2025-03-18']],
  ['on friday', ['date', '2025-03-14']],
  ['wednesday', ['date', '2025-03-19']],
  ['this friday', ['date', '2025-03-14']],
  ['in 3 days', ['date', '2025-03-15']],
  ['in two weeks', ['date', '2025-03-26']],
  ['5 days from now', ['date', '2025-03-17']],
  ['March 15', ['date', '2025-03-15']],
  ['15 March', ['date', '2025-03-15']],
  ['Mar 20th at 10:15am', ['datetime', '2025-03-20T10:15:00+08:00', 'morning']],
  ['march 1', ['date', '2026-03-01']],
  ['3/15', ['date', '2025-03-15']],
  ['2025-04-01', ['date', '2025-04-01']],
  ['the 15th', ['date', '2025-03-15']],
  ['at 3pm', ['datetime', '2025-03-12T15:00:00+08:00', 'afternoon']],
  ['at 9am', ['datetime', '2025-03-13T09:00:00+08:00', 'morning']],
  ['at 9', ['datetime', '2025-03-13T09:00:00+08:00', 'morning']],
  ['3:30pm', ['datetime', '2025-03-12T15:30:00+08:00', 'afternoon']],
  ['tomorrow at noon', ['datetime', '2025-03-13T12:00:00+08:00', 'afternoon']],
  ['tomorrow at 9', ['datetime', '2025-03-13T09:00:00+08:00', 'morning']],
  ['friday evening', ['date', '2025-03-14', 'evening']],
  ['at 7:30 in the evening tomorrow', ['datetime', '2025-03-13T19:30:00+08:00', 'evening']],
  ['midnight', ['datetime', '2025-03-13T00:00:00+08:00', 'morning']],
  ['I need 2 tickets', null],
  ['明天 3pm', ['datetime', '2025-03-13T15:00:00+08:00', 'afternoon']],
];

const newYork: [string, Expected][] = [
  ['today at 3pm', ['datetime', '2025-03-08T15:00:00-05:00', 'afternoon']],
  ['tomorrow at 3pm', ['datetime', '2025-03-09T15:00:00-04:00', 'afternoon']],
  ['明天上午', ['date', '2025-03-09', 'morning']],
  ['next monday', ['date', '2025-03-10']],
  // 02:30 does not exist on 9 March in New York: moved forward by the one-hour gap.
  ['sunday at 2:30am', ['datetime', '2025-03-09T03:30:00-04:00', 'morning']],
  // 01:30 happens twice on 2 November: the earlier (daylight) one is meant.
  ['2025-11-02 1:30am', ['datetime', '2025-11-02T01:30:00-04:00', 'morning']],
  ['下周三下午两点', ['datetime', '2025-03-12T14:00:00-04:00', 'afternoon']],
];

function first(text: string, context: typeof SHANGHAI): Expected {
  const found = findTemporalEntities(normalizeText(text).text, context);
  const e = found[0];
  if (!e) return null;
  return e.timeOfDay ? [e.type, e.value, e.timeOfDay] : [e.type, e.value];
}

describe('dates and times, Asia/Shanghai', () => {
  it.each(shanghai)('%s', (text, expected) => expect(first(text, SHANGHAI)).toEqual(expected));
});

describe('dates and times, America/New_York across the DST change', () => {
  it.each(newYork)('%s', (text, expected) => expect(first(text, NEW_YORK)).toEqual(expected));
});

describe('spans', () => {
  it('covers the whole expression inside a sentence', () => {
    const [e] = findTemporalEntities('我想约后天下午两点的号', SHANGHAI);
    expect(e).toMatchObject({ text: '后天下午两点', start: 3, end: 9 });
  });
  it('keeps two separate expressions apart', () => {
    const found = findTemporalEntities('not tomorrow, friday at 4pm', SHANGHAI);
    expect(found.map((e) => e.value)).toEqual(['2025-03-13', '2025-03-14T16:00:00+08:00']);
  });
});

import { describe, expect, it } from 'vitest';
import type { BusinessHours } from './business-hours.ts';
import {
  asksForCallback,
  estimateWaitSeconds,
  formatOpening,
  median,
  nextOpeningAt,
  outOfHoursText,
  positionText,
  queueOpen,
} from './queue-position.ts';

const at = (iso: string) => new Date(iso);

describe('estimateWaitSeconds', () => {
  const history = [600, 300, 900, 600, 1200]; // median 600 s

  it('is unknown without enough history, or with nobody online who could take the conversation', () => {
    expect(estimateWaitSeconds({ position: 1, handleSeconds: [], capacity: 6, free: 0 })).toBeNull();
    expect(estimateWaitSeconds({ position: 1, handleSeconds: [600, 600], capacity: 6, free: 0 })).toBeNull();
    expect(estimateWaitSeconds({ position: 1, handleSeconds: history, capacity: 0, free: 0 })).toBeNull();
  });

  it('is zero while a free place is left for the contact, however long the history says chats take', () => {
    expect(estimateWaitSeconds({ position: 1, handleSeconds: history, capacity: 6, free: 1 })).toBe(0);
    expect(estimateWaitSeconds({ position: 3, handleSeconds: history, capacity: 6, free: 3 })).toBe(0);
  });

  it('scales with the places that must free up first, and shrinks with capacity', () => {
    // A place frees every 600 / 6 = 100 s; number 3 with nothing free waits for 3 of them.
    expect(estimateWaitSeconds({ position: 3, handleSeconds: history, capacity: 6, free: 0 })).toBe(300);
    expect(estimateWaitSeconds({ position: 3, handleSeconds: history, capacity: 6, free: 1 })).toBe(200);
    expect(estimateWaitSeconds({ position: 6, handleSeconds: history, capacity: 6, free: 0 })).toBe(600);
    expect(estimateWaitSeconds({ position: 6, handleSeconds: history, capacity: 12, free: 0 })).toBe(300);
    // Rounded up to a whole second.
    expect(estimateWaitSeconds({ position: 1, handleSeconds: [100, 100, 100], capacity: 3, free: 0 })).toBe(
      34,
    );
  });

  it('takes the median, so one very long chat does not swing it', () => {
    expect(median([1, 3, 2])).toBe(2);
    expect(median([1, 2, 3, 10_000])).toBe(2.5);
    expect(median([])).toBeUndefined();
    const skewed = [600, 600, 600, 600, 86_400];
    expect(estimateWaitSeconds({ position: 2, handleSeconds: skewed, capacity: 2, free: 0 })).toBe(600);
  });
});

// Shanghai has no DST: 08:00–20:00 on weekdays, a night desk 22:00–02:00 on Fridays, and a holiday.
const hours: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  weekly: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    { weekday: 5, start: '22:00', end: '02:00' },
  ],
  holidays: ['2026-11-26'],
};

describe('opening hours of a queue', () => {
  it('is always open without business hours', () => {
    expect(queueOpen(null, at('2026-11-24T19:00:00Z'))).toBe(true);
    expect(nextOpeningAt(null, at('2026-11-24T19:00:00Z'))).toBeNull();
  });

  it('names the next opening after the evening closes, across midnight', () => {
    // Tuesday 2026-11-24 21:00 in Shanghai (13:00Z): closed; Wednesday 08:00 is 00:00Z.
    expect(queueOpen(hours, at('2026-11-24T13:00:00Z'))).toBe(false);
    expect(nextOpeningAt(hours, at('2026-11-24T13:00:00Z'))?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(nextOpeningAt(hours, at('2026-11-25T01:00:00Z'))).toBeNull();
  });

  it('skips a holiday: Wednesday evening to Friday morning', () => {
    // Wednesday 2026-11-25 20:30 local; Thursday the 26th is a holiday; Friday 08:00 is the 27th 00:00Z.
    expect(nextOpeningAt(hours, at('2026-11-25T12:30:00Z'))?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(queueOpen(hours, at('2026-11-26T02:00:00Z'))).toBe(false);
  });

  it('is open in a night window past midnight, and then closed until Monday', () => {
    // Saturday 2026-11-28 01:00 local, inside Friday's 22:00–02:00.
    expect(queueOpen(hours, at('2026-11-27T17:00:00Z'))).toBe(true);
    // Saturday 03:00 local: Monday 2026-11-30 08:00 local is 00:00Z.
    expect(nextOpeningAt(hours, at('2026-11-27T19:00:00Z'))?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('formats an opening in the queue’s zone, in both languages', () => {
    const opening = at('2026-11-27T00:00:00Z');
    expect(formatOpening(opening, 'Asia/Shanghai', 'zh-CN')).toBe('11月27日（周五）08:00（北京时间）');
    expect(formatOpening(opening, 'Asia/Shanghai', 'en')).toBe('Fri 27 Nov at 08:00 (Asia/Shanghai)');
    expect(formatOpening(opening, 'America/New_York', 'en')).toBe('Thu 26 Nov at 19:00 (America/New_York)');
  });
});

describe('notices', () => {
  it('tells the place in line and the wait, or only the place without an estimate', () => {
    expect(positionText({ position: 3, expectedWaitSeconds: 300 }, 'zh-CN')).toBe(
      '你前面还有 2 位，预计等待约 5 分钟。',
    );
    expect(positionText({ position: 3, expectedWaitSeconds: 300 }, 'en')).toBe(
      'You are number 3 in the queue; the expected wait is about 5 minutes.',
    );
    expect(positionText({ position: 2, expectedWaitSeconds: null }, 'zh-CN')).toBe(
      '你前面还有 1 位，请稍候，客服会按顺序为你接入。',
    );
    expect(positionText({ position: 1, expectedWaitSeconds: 0 }, 'en')).toBe(
      'You are number 1 in the queue; an agent will be with you shortly.',
    );
    expect(positionText({ position: 1, expectedWaitSeconds: 61 }, 'zh-CN')).toBe(
      '你前面没有其他人在等待，预计等待约 2 分钟。',
    );
    expect(positionText({ position: 9, expectedWaitSeconds: 3 * 3600 }, 'en')).toContain('about 3 hours');
  });

  it('out of hours: the default names the opening; a queue’s own message may too; both offer a callback', () => {
    const opening = { at: at('2026-11-27T00:00:00Z'), timeZone: 'Asia/Shanghai' };
    const zh = outOfHoursText(null, opening, 'zh-CN');
    expect(zh).toContain('11月27日（周五）08:00（北京时间）');
    expect(zh).toContain('请求回电');
    const en = outOfHoursText(null, opening, 'en');
    expect(en).toMatch(/^We are closed right now and open again on Fri 27 Nov at 08:00 \(Asia\/Shanghai\)\./);
    expect(en).toContain('Request a callback');
    const own = {
      'zh-CN': '门诊已下班，{nextOpening} 见。',
      en: 'The clinic is closed; see you {nextOpening}.',
    };
    expect(outOfHoursText(own, opening, 'en').split('\n')[0]).toBe(
      'The clinic is closed; see you Fri 27 Nov at 08:00 (Asia/Shanghai).',
    );
    expect(outOfHoursText(own, null, 'zh-CN').split('\n')[0]).toBe('门诊已下班，下一个服务时间 见。');
    expect(outOfHoursText(null, null, 'en')).toMatch(/^We are closed right now\. Your place/);
  });

  it('recognises the callback words in either language', () => {
    for (const text of [
      '请给我回电',
      '能回电吗',
      'please call me back',
      'Callback please',
      'call back tomorrow',
    ])
      expect(asksForCallback(text), text).toBe(true);
    for (const text of ['你好', 'I want to book', '电话号码是多少'])
      expect(asksForCallback(text), text).toBe(false);
  });
});

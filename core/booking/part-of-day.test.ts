import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { dayRange, PARTS_OF_DAY, partOfDayLabel, partOfDayOf, partOfDayRange } from './part-of-day.ts';

const range = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe('partOfDayRange', () => {
  it('bounds the parts of a Shanghai day', () => {
    expect(range(partOfDayRange('2026-12-01', 'morning', 'Asia/Shanghai'))).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-01T04:00:00.000Z',
    ]);
    expect(range(partOfDayRange('2026-12-01', 'afternoon', 'Asia/Shanghai'))).toEqual([
      '2026-12-01T04:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
    ]);
    expect(range(partOfDayRange('2026-12-01', 'evening', 'Asia/Shanghai'))).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T16:00:00.000Z',
    ]);
    expect(range(partOfDayRange('2026-12-01', undefined, 'Asia/Shanghai'))).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-01T16:00:00.000Z',
    ]);
  });

  it('follows the real length of New York DST days', () => {
    const spring = partOfDayRange('2026-03-08', 'morning', 'America/New_York');
    expect(range(spring)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-08T16:00:00.000Z']); // 11 real hours
    const fall = partOfDayRange('2026-11-01', undefined, 'America/New_York');
    expect(fall.to.getTime() - fall.from.getTime()).toBe(25 * 3600_000);
    expect(range(partOfDayRange('2026-11-01', 'afternoon', 'America/New_York'))).toEqual([
      '2026-11-01T17:00:00.000Z',
      '2026-11-01T23:00:00.000Z',
    ]);
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => partOfDayRange('2026-02-30', 'morning', 'Asia/Shanghai')).toThrow(AppError);
    expect(() => partOfDayRange('tomorrow', undefined, 'Asia/Shanghai')).toThrow(/not a date YYYY-MM-DD/);
  });
});

describe('dayRange', () => {
  it('spans whole local days, both ends included', () => {
    expect(range(dayRange('2026-12-01', '2026-12-03', 'Asia/Shanghai'))).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-03T16:00:00.000Z',
    ]);
    const week = dayRange('2026-03-02', '2026-03-08', 'America/New_York');
    expect(week.to.getTime() - week.from.getTime()).toBe((7 * 24 - 1) * 3600_000);
  });

  it('rejects a reversed or malformed range', () => {
    expect(() => dayRange('2026-12-03', '2026-12-01', 'Asia/Shanghai')).toThrow(/before fromDate/);
    expect(() => dayRange('2026-12-01', '2026-12-32', 'Asia/Shanghai')).toThrow(/toDate 2026-12-32/);
  });
});

describe('partOfDayOf and labels', () => {
  it('puts boundaries in the later part', () => {
    const zone = 'Asia/Shanghai';
    expect(partOfDayOf(new Date('2026-12-01T00:00:00+08:00'), zone)).toBe('morning');
    expect(partOfDayOf(new Date('2026-12-01T11:59:00+08:00'), zone)).toBe('morning');
    expect(partOfDayOf(new Date('2026-12-01T12:00:00+08:00'), zone)).toBe('afternoon');
    expect(partOfDayOf(new Date('2026-12-01T17:59:00+08:00'), zone)).toBe('afternoon');
    expect(partOfDayOf(new Date('2026-12-01T18:00:00+08:00'), zone)).toBe('evening');
    expect(partOfDayOf(new Date('2026-12-01T23:59:00+08:00'), zone)).toBe('evening');
    // The same instant is evening in New York.
    expect(partOfDayOf(new Date('2026-12-01T00:30:00Z'), 'America/New_York')).toBe('evening');
  });

  it('agrees with partOfDayRange', () => {
    for (const part of PARTS_OF_DAY) {
      const r = partOfDayRange('2026-11-01', part, 'America/New_York');
      expect(partOfDayOf(r.from, 'America/New_York')).toBe(part);
      expect(partOfDayOf(new Date(r.to.getTime() - 60_000), 'America/New_York')).toBe(part);
    }
  });

  it('names the parts in both languages', () => {
    expect(PARTS_OF_DAY.map((p) => partOfDayLabel(p, 'zh-CN'))).toEqual(['上午', '下午', '晚上']);
    expect(PARTS_OF_DAY.map((p) => partOfDayLabel(p, 'en'))).toEqual(['morning', 'afternoon', 'evening']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, wallClock } from '../nlu/time/zoned-time.ts';
import { parseLocalDate, parseWallTime, zonedInstant } from './zoned-instant.ts';

const day = (text: string) => parseLocalDate(text)!;
const at = (date: string, hh: number, mm: number, zone: string, nextDays = 0) =>
  zonedInstant(day(date), nextDays * 1440 + hh * 60 + mm, zone).toISOString();

describe('zonedInstant', () => {
  it('maps ordinary wall times with the zone offset', () => {
    expect(at('2026-12-01', 9, 30, 'Asia/Shanghai')).toBe('2026-12-01T01:30:00.000Z');
    expect(at('2026-06-01', 9, 0, 'America/New_York')).toBe('2026-06-01T13:00:00.000Z');
    expect(at('2026-01-15', 9, 0, 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    expect(at('2026-01-15', 9, 0, 'Asia/Kolkata')).toBe('2026-01-15T03:30:00.000Z');
  });

  it('sends a wall time inside the spring-forward gap to the moment the clock jumps', () => {
    // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z).
    expect(at('2026-03-08', 1, 59, 'America/New_York')).toBe('2026-03-08T06:59:00.000Z');
    expect(at('2026-03-08', 2, 0, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-03-08', 2, 30, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-03-08', 3, 0, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-03-08', 3, 1, 'America/New_York')).toBe('2026-03-08T07:01:00.000Z');
    // Lord Howe Island moves by 30 minutes: 02:00 +10:30 becomes 02:30 +11:00.
    expect(at('2026-10-04', 2, 10, 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
  });

  it('takes the first of the two instants of a repeated wall time', () => {
    // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:xx happens twice.
    expect(at('2026-11-01', 0, 59, 'America/New_York')).toBe('2026-11-01T04:59:00.000Z');
    expect(at('2026-11-01', 1, 30, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-11-01', 2, 0, 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('accepts minutes past midnight as the next day', () => {
    expect(at('2026-03-07', 2, 30, 'America/New_York', 1)).toBe(at('2026-03-08', 2, 30, 'America/New_York'));
    expect(at('2026-12-31', 1, 0, 'Asia/Shanghai', 1)).toBe('2026-12-31T17:00:00.000Z');
  });

  const zones = [
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
  ];

  it('never runs backwards, and gives the first instant the clock shows the wall time or later', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 730 }),
        fc.integer({ min: 0, max: 2880 }),
        fc.integer({ min: 0, max: 2880 }),
        (zone, offset, m1, m2) => {
          const date = addDays({ year: 2026, month: 1, day: 1 }, offset);
          const [a, b] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const ia = zonedInstant(date, a, zone);
          const ib = zonedInstant(date, b, zone);
          expect(ia.getTime()).toBeLessThanOrEqual(ib.getTime());
          // The definition: the first instant at which the clock shows the wall time or later.
          const shows = (instant: Date) => {
            const w = wallClock(instant, zone);
            return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
          };
          const wanted = Date.UTC(date.year, date.month - 1, date.day) + a * 60_000;
          expect(shows(ia)).toBeGreaterThanOrEqual(wanted);
          expect(shows(new Date(ia.getTime() - 60_000))).toBeLessThan(wanted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is exact around the New York transitions, minute by minute', () => {
    for (const date of ['2026-03-08', '2026-11-01'])
      for (let m = 0; m < 240; m++) {
        const instant = zonedInstant(day(date), m, 'America/New_York');
        const wall = wallClock(instant, 'America/New_York');
        const inGap = date === '2026-03-08' && m >= 120 && m < 180;
        expect(wall.hour * 60 + wall.minute).toBe(inGap ? 180 : m);
      }
  });
});

describe('parseLocalDate and parseWallTime', () => {
  it('accept only strict, real values', () => {
    expect(parseLocalDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', ''])
      expect(parseLocalDate(bad)).toBeUndefined();
    expect(parseWallTime('00:00')).toBe(0);
    expect(parseWallTime('23:59')).toBe(1439);
    expect(parseWallTime('24:00')).toBeUndefined();
    expect(parseWallTime('24:00', true)).toBe(1440);
    for (const bad of ['24:01', '25:00', '9:30', '09:60', '0930', ' 09:30', ''])
      expect(parseWallTime(bad, true)).toBeUndefined();
  });
});

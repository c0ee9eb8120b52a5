import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.ts';
import {
  addBusinessSeconds,
  aroundTheClock,
  type BusinessHours,
  businessSecondsBetween,
  isOpen,
  parseBusinessHours,
} from './business-hours.ts';

const at = (iso: string) => new Date(iso);
const HOUR = 3600;

const officeHours = (timeZone: string, holidays: string[] = []): BusinessHours => ({
  timeZone,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  holidays,
});
const nights = (timeZone: string, holidays: string[] = []): BusinessHours => ({
  timeZone,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '22:00', end: '06:00' })),
  holidays,
});

describe('business hours in Asia/Shanghai (UTC+8, no DST)', () => {
  const hours = officeHours('Asia/Shanghai');

  it('is open 09:00–17:00 on weekdays and closed at night and at the weekend', () => {
    expect(isOpen(hours, at('2026-11-20T09:00:00+08:00'))).toBe(true);
    expect(isOpen(hours, at('2026-11-20T16:59:59+08:00'))).toBe(true);
    expect(isOpen(hours, at('2026-11-20T17:00:00+08:00'))).toBe(false);
    expect(isOpen(hours, at('2026-11-20T08:59:59+08:00'))).toBe(false);
    expect(isOpen(hours, at('2026-11-21T12:00:00+08:00'))).toBe(false); // Saturday
  });

  it('carries an SLA from Friday afternoon over the weekend to Monday', () => {
    // Friday 16:00 + 2 open hours: 1 h on Friday, 1 h from Monday 09:00.
    expect(addBusinessSeconds(hours, at('2026-11-20T16:00:00+08:00'), 2 * HOUR)).toEqual(
      at('2026-11-23T10:00:00+08:00'),
    );
    // Queued on Saturday: the clock starts on Monday morning.
    expect(addBusinessSeconds(hours, at('2026-11-21T11:00:00+08:00'), 30 * 60)).toEqual(
      at('2026-11-23T09:30:00+08:00'),
    );
    expect(
      businessSecondsBetween(hours, at('2026-11-20T16:00:00+08:00'), at('2026-11-23T10:00:00+08:00')),
    ).toBe(2 * HOUR);
  });

  it('skips a holiday', () => {
    const withHoliday = officeHours('Asia/Shanghai', ['2026-11-23']);
    expect(isOpen(withHoliday, at('2026-11-23T10:00:00+08:00'))).toBe(false);
    expect(addBusinessSeconds(withHoliday, at('2026-11-20T16:00:00+08:00'), 2 * HOUR)).toEqual(
      at('2026-11-24T10:00:00+08:00'),
    );
  });

  it('runs a 22:00–06:00 window across midnight', () => {
    const h = nights('Asia/Shanghai');
    expect(isOpen(h, at('2026-11-20T23:30:00+08:00'))).toBe(true);
    expect(isOpen(h, at('2026-11-21T03:00:00+08:00'))).toBe(true);
    expect(isOpen(h, at('2026-11-21T06:00:00+08:00'))).toBe(false);
    expect(isOpen(h, at('2026-11-21T12:00:00+08:00'))).toBe(false);
    // 04:00 + 4 h: 2 h until 06:00, then 2 h from 22:00.
    expect(addBusinessSeconds(h, at('2026-11-21T04:00:00+08:00'), 4 * HOUR)).toEqual(
      at('2026-11-22T00:00:00+08:00'),
    );
    // One night is 8 h, whichever midnight it crosses.
    expect(businessSecondsBetween(h, at('2026-11-21T12:00:00+08:00'), at('2026-11-22T12:00:00+08:00'))).toBe(
      8 * HOUR,
    );
  });

  it('closes the part of a night window that falls on a holiday', () => {
    const h = nights('Asia/Shanghai', ['2026-11-21']);
    expect(isOpen(h, at('2026-11-20T23:00:00+08:00'))).toBe(true);
    expect(isOpen(h, at('2026-11-21T01:00:00+08:00'))).toBe(false);
    expect(isOpen(h, at('2026-11-21T23:00:00+08:00'))).toBe(false);
    expect(isOpen(h, at('2026-11-22T01:00:00+08:00'))).toBe(true);
    // From Friday 23:00: 1 h before the holiday, then the night that begins on Saturday is closed
    // until midnight, so the next hour is Sunday 00:00–01:00.
    expect(addBusinessSeconds(h, at('2026-11-20T23:00:00+08:00'), 2 * HOUR)).toEqual(
      at('2026-11-22T01:00:00+08:00'),
    );
  });
});

describe('business hours in America/New_York across the end of DST (2026-11-01)', () => {
  it('counts the repeated hour: Sunday 1 November has 25 hours', () => {
    const h = aroundTheClock('America/New_York');
    expect(businessSecondsBetween(h, at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(
      25 * HOUR,
    );
    // Saturday 23:00 EDT + 4 h of open time is 02:00 EST: elapsed time, not wall time.
    expect(addBusinessSeconds(h, at('2026-10-31T23:00:00-04:00'), 4 * HOUR)).toEqual(
      at('2026-11-01T02:00:00-05:00'),
    );
  });

  it('opens a 00:00–03:00 window for 4 hours that night and for 3 in Shanghai', () => {
    const window = (timeZone: string): BusinessHours => ({
      timeZone,
      weekly: [{ weekday: 7, start: '00:00', end: '03:00' }],
      holidays: [],
    });
    expect(
      businessSecondsBetween(
        window('America/New_York'),
        at('2026-10-31T12:00:00Z'),
        at('2026-11-02T12:00:00Z'),
      ),
    ).toBe(4 * HOUR);
    expect(
      businessSecondsBetween(window('Asia/Shanghai'), at('2026-10-31T00:00:00Z'), at('2026-11-02T00:00:00Z')),
    ).toBe(3 * HOUR);
    // Office hours the Friday before and the Monday after: 09:00 EDT then 09:00 EST.
    const office = officeHours('America/New_York');
    expect(addBusinessSeconds(office, at('2026-10-30T16:00:00-04:00'), 2 * HOUR)).toEqual(
      at('2026-11-02T10:00:00-05:00'),
    );
  });
});

describe('the business clock, for any hours', () => {
  const hoursArb: fc.Arbitrary<BusinessHours> = fc.record({
    timeZone: fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC'),
    weekly: fc.array(
      fc.record({
        weekday: fc.integer({ min: 1, max: 7 }),
        start: fc.constantFrom('00:00', '01:30', '08:00', '09:00', '13:00', '22:00'),
        end: fc.constantFrom('02:00', '06:00', '12:00', '17:00', '23:30', '24:00'),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    holidays: fc.subarray(['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-11-02']),
  });
  const instantArb = fc
    .integer({ min: Date.parse('2026-02-20T00:00:00Z'), max: Date.parse('2026-11-20T00:00:00Z') })
    .map((ms) => new Date(Math.floor(ms / 1000) * 1000));

  it('adding s seconds and measuring back gives s, and the end is reached through open time', () => {
    fc.assert(
      // Up to two days of open time: with the thinnest hours (half an hour a week) that is ~2 years,
      // well inside the ten-year horizon past which the clock refuses to look.
      fc.property(hoursArb, instantArb, fc.integer({ min: 1, max: 2 * 24 * HOUR }), (h, from, s) => {
        const due = addBusinessSeconds(h, from, s);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        expect(businessSecondsBetween(h, from, due)).toBe(s);
        // The last second before the due time was open.
        expect(isOpen(h, new Date(due.getTime() - 1000))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseBusinessHours', () => {
  const issues = (value: unknown) => {
    try {
      parseBusinessHours(value);
      return [];
    } catch (error) {
      if (!isAppError(error)) throw error;
      expect(error.code).toBe('validation_failed');
      return error.issues.map((i) => i.path);
    }
  };

  it('accepts a valid value and names the fields of an invalid one', () => {
    expect(parseBusinessHours(officeHours('Asia/Shanghai', ['2026-10-01']))).toEqual(
      officeHours('Asia/Shanghai', ['2026-10-01']),
    );
    expect(
      issues({
        timeZone: 'Mars/Olympus',
        weekly: [{ weekday: 8, start: '9:00', end: '24:30' }],
        holidays: ['2026-02-30'],
      }).sort(),
    ).toEqual(['holidays.0', 'timeZone', 'weekly.0.end', 'weekly.0.start', 'weekly.0.weekday']);
    expect(issues({ timeZone: 'UTC', weekly: [], holidays: [] })).toEqual(['weekly']);
  });
});

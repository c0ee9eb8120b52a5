import { describe, expect, it } from 'vitest';
import { type ScheduleDefinition, scheduleDefinitionSchema, windowSpan, windowsOn } from './availability.ts';
import { parseLocalDate } from './zoned-instant.ts';

const clinic: ScheduleDefinition = {
  timeZone: 'Asia/Shanghai',
  weekly: [
    { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '12:00', slotMinutes: 15, capacity: 1 },
    { weekdays: [1, 2, 3, 4, 5], start: '13:30', end: '17:30', slotMinutes: 15, capacity: 1 },
    { weekdays: [6], start: '09:00', end: '11:00', slotMinutes: 60, capacity: 20 },
  ],
};

/** The issues zod reports, as `path: message`. */
function problems(input: unknown): string[] {
  const result = scheduleDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('scheduleDefinitionSchema', () => {
  it('accepts a clinic week, a night window, exceptions, holidays and a validity range', () => {
    expect(problems(clinic)).toEqual([]);
    expect(
      problems({
        ...clinic,
        weekly: [
          ...clinic.weekly,
          { weekdays: [5], start: '22:00', end: '02:00', slotMinutes: 30, capacity: 1 },
        ],
        exceptions: [
          { date: '2026-12-24', windows: [{ start: '08:00', end: '10:00', slotMinutes: 30, capacity: 1 }] },
          { date: '2026-12-25', closed: true },
        ],
        holidays: ['2026-10-01', '2026-10-02'],
        validFrom: '2026-09-01',
        validTo: '2027-01-31',
      }),
    ).toEqual([]);
    expect(
      problems({
        timeZone: 'America/New_York',
        weekly: [{ weekdays: [7], start: '00:00', end: '24:00', slotMinutes: 60, capacity: 1 }],
      }),
    ).toEqual([]);
  });

  it.each([
    [{ ...clinic, timeZone: 'Mars/Olympus_Mons' }, 'timeZone: is not a known IANA time zone'],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '25:00', end: '26:00', slotMinutes: 15, capacity: 1 }],
      },
      'weekly.0.start: must be a time HH:MM (00:00–23:59)',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '24:00', end: '02:00', slotMinutes: 15, capacity: 1 }],
      },
      'weekly.0.start: must be a time HH:MM (00:00–23:59)',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [0], start: '08:00', end: '09:00', slotMinutes: 15, capacity: 1 }],
      },
      'weekly.0.weekdays.0: ISO weekday 1 (Monday) … 7 (Sunday)',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [], start: '08:00', end: '09:00', slotMinutes: 15, capacity: 1 }],
      },
      'weekly.0.weekdays: needs at least one weekday',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [2, 2], start: '08:00', end: '09:00', slotMinutes: 15, capacity: 1 }],
      },
      'weekly.0.weekdays: repeats a weekday',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '08:00', end: '09:00', slotMinutes: 15, capacity: 0 }],
      },
      'weekly.0.capacity',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '08:00', end: '09:00', slotMinutes: 7.5, capacity: 1 }],
      },
      'weekly.0.slotMinutes: must be a whole number of minutes',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [1], start: '08:00', end: '09:45', slotMinutes: 30, capacity: 1 }],
      },
      'weekly.0.slotMinutes: slotMinutes 30 does not divide the window length of 105 minutes',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [
          { weekdays: [1, 2], start: '08:00', end: '12:00', slotMinutes: 30, capacity: 1 },
          { weekdays: [2, 3], start: '11:00', end: '13:00', slotMinutes: 30, capacity: 1 },
        ],
      },
      'weekly.1: window 11:00–13:00 overlaps 08:00–12:00 on Tuesday',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [
          { weekdays: [1], start: '22:00', end: '02:00', slotMinutes: 30, capacity: 1 },
          { weekdays: [2], start: '01:00', end: '03:00', slotMinutes: 30, capacity: 1 },
        ],
      },
      'weekly.1: window 01:00–03:00 on Tuesday overlaps the night window 22:00–02:00 of the day before',
    ],
    [
      {
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [7], start: '22:00', end: '23:00', slotMinutes: 30, capacity: 1 }],
        exceptions: [
          { date: '2026-12-05', windows: [{ start: '20:00', end: '00:30', slotMinutes: 30, capacity: 1 }] },
          { date: '2026-12-06', windows: [{ start: '00:00', end: '01:00', slotMinutes: 30, capacity: 1 }] },
        ],
      },
      'exceptions.1.windows.0: window 00:00–01:00 on 2026-12-06 overlaps the night window 20:00–00:30 of the day before',
    ],
    [
      {
        // 2026-12-05 is a Saturday; its night window runs into Sunday's weekly window.
        timeZone: 'Asia/Shanghai',
        weekly: [{ weekdays: [7], start: '00:00', end: '01:00', slotMinutes: 30, capacity: 1 }],
        exceptions: [
          { date: '2026-12-05', windows: [{ start: '23:00', end: '00:30', slotMinutes: 30, capacity: 1 }] },
        ],
      },
      'weekly.0: window 00:00–01:00 on 2026-12-06 overlaps the night window 23:00–00:30 of the day before',
    ],
    [
      { ...clinic, exceptions: [{ date: '2026-12-05' }] },
      'exceptions.0: an exception needs closed: true or windows',
    ],
    [
      {
        ...clinic,
        exceptions: [
          {
            date: '2026-12-05',
            closed: true,
            windows: [{ start: '08:00', end: '09:00', slotMinutes: 30, capacity: 1 }],
          },
        ],
      },
      'exceptions.0: an exception is either closed or has windows, not both',
    ],
    [
      {
        ...clinic,
        exceptions: [
          { date: '2026-12-05', closed: true },
          { date: '2026-12-05', closed: true },
        ],
      },
      'exceptions.1.date: date 2026-12-05 has more than one exception',
    ],
    [
      { ...clinic, exceptions: [{ date: '2026-02-30', closed: true }] },
      'exceptions.0.date: must be a date YYYY-MM-DD',
    ],
    [{ ...clinic, holidays: ['2026-10-01', '2026-10-01'] }, 'holidays: repeats a date'],
    [
      { ...clinic, validFrom: '2026-12-01', validTo: '2026-11-30' },
      'validTo: validTo 2026-11-30 is before validFrom 2026-12-01',
    ],
    [{ ...clinic, extra: 1 }, 'Unrecognized key'],
  ])('rejects %#: %s', (input, expected) => {
    const found = problems(input);
    expect(
      found.some((p) => p.startsWith(expected) || p.includes(expected)),
      found.join('\n'),
    ).toBe(true);
  });
});

describe('windowsOn', () => {
  const def: ScheduleDefinition = {
    ...clinic,
    exceptions: [
      { date: '2026-12-02', windows: [{ start: '08:00', end: '10:00', slotMinutes: 30, capacity: 1 }] },
      { date: '2026-12-03', closed: true },
    ],
    holidays: ['2026-12-04'],
    validFrom: '2026-11-30',
    validTo: '2026-12-31',
  };
  const on = (date: string) => windowsOn(def, parseLocalDate(date)!).map((w) => `${w.start}-${w.end}`);

  it('takes weekly rules, exceptions, holidays and the validity range in that order of precedence', () => {
    expect(on('2026-12-01')).toEqual(['08:00-12:00', '13:30-17:30']); // Tuesday
    expect(on('2026-12-02')).toEqual(['08:00-10:00']);
    expect(on('2026-12-03')).toEqual([]);
    expect(on('2026-12-04')).toEqual([]);
    expect(on('2026-12-05')).toEqual(['09:00-11:00']); // Saturday
    expect(on('2026-12-06')).toEqual([]); // Sunday
    expect(on('2026-11-27')).toEqual([]); // a Friday before validFrom
    expect(on('2027-01-04')).toEqual([]); // a Monday after validTo
  });

  it('measures a window crossing midnight into the next day', () => {
    expect(windowSpan({ start: '22:00', end: '02:00', slotMinutes: 30, capacity: 1 })).toMatchObject({
      start: 1320,
      end: 1560,
    });
    expect(windowSpan({ start: '00:00', end: '24:00', slotMinutes: 30, capacity: 1 })).toMatchObject({
      start: 0,
      end: 1440,
    });
    expect(windowSpan({ start: '08:00', end: '08:00', slotMinutes: 30, capacity: 1 })).toMatchObject({
      start: 480,
      end: 1920,
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { addDays, isoDate, wallClock } from '../nlu/time/zoned-time.ts';
import {
  type AvailabilityWindow,
  type ScheduleDefinition,
  scheduleDefinitionSchema,
  windowSpan,
  windowsOn,
} from './availability.ts';
import { type GeneratedSlot, generateSlots, overlapping } from './slot-generation.ts';
import { parseLocalDate, zonedInstant } from './zoned-instant.ts';

const NY = 'America/New_York';
const iso = (slots: readonly GeneratedSlot[]) =>
  slots.map((s) => `${s.start.toISOString()}/${s.end.toISOString()}`);
const wall = (slots: readonly GeneratedSlot[], zone: string) =>
  slots.map((s) => {
    const w = wallClock(s.start, zone);
    return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  });

describe('generateSlots in Asia/Shanghai', () => {
  const def: ScheduleDefinition = {
    timeZone: 'Asia/Shanghai',
    weekly: [
      { weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '10:00', slotMinutes: 30, capacity: 1 },
      { weekdays: [6], start: '09:00', end: '11:00', slotMinutes: 60, capacity: 20 },
    ],
    exceptions: [
      { date: '2026-12-02', windows: [{ start: '14:00', end: '15:00', slotMinutes: 20, capacity: 2 }] },
    ],
    holidays: ['2026-12-03'],
  };

  it('cuts each window into slots at the local wall times', () => {
    const slots = generateSlots(def, '2026-12-01', '2026-12-01');
    expect(iso(slots)).toEqual([
      '2026-12-01T00:00:00.000Z/2026-12-01T00:30:00.000Z',
      '2026-12-01T00:30:00.000Z/2026-12-01T01:00:00.000Z',
      '2026-12-01T01:00:00.000Z/2026-12-01T01:30:00.000Z',
      '2026-12-01T01:30:00.000Z/2026-12-01T02:00:00.000Z',
    ]);
    expect(slots.every((s) => s.localDate === '2026-12-01' && s.capacity === 1)).toBe(true);
  });

  it('applies exceptions, holidays, group capacity and weekends', () => {
    const slots = generateSlots(def, '2026-12-01', '2026-12-06');
    const byDate: Record<string, GeneratedSlot[]> = {};
    for (const slot of slots) byDate[slot.localDate] = [...(byDate[slot.localDate] ?? []), slot];
    expect(Object.keys(byDate)).toEqual(['2026-12-01', '2026-12-02', '2026-12-04', '2026-12-05']);
    expect(wall(byDate['2026-12-02']!, def.timeZone)).toEqual(['14:00', '14:20', '14:40']);
    expect(byDate['2026-12-02']!.every((s) => s.capacity === 2)).toBe(true);
    expect(wall(byDate['2026-12-05']!, def.timeZone)).toEqual(['09:00', '10:00']);
    expect(byDate['2026-12-05']![0]!.capacity).toBe(20);
  });

  it('keeps to validFrom and validTo', () => {
    const slots = generateSlots(
      { ...def, validFrom: '2026-12-04', validTo: '2026-12-07' },
      '2026-12-01',
      '2026-12-31',
    );
    expect([...new Set(slots.map((s) => s.localDate))]).toEqual(['2026-12-04', '2026-12-05', '2026-12-07']);
  });

  it('gives a night window’s after-midnight slots to the day it started on', () => {
    const night: ScheduleDefinition = {
      timeZone: 'Asia/Shanghai',
      weekly: [{ weekdays: [5], start: '22:00', end: '02:00', slotMinutes: 60, capacity: 1 }],
      holidays: ['2026-12-05'],
    };
    const slots = generateSlots(night, '2026-12-04', '2026-12-05');
    expect(wall(slots, night.timeZone)).toEqual(['22:00', '23:00', '00:00', '01:00']);
    expect(slots.map((s) => s.localDate)).toEqual(Array(4).fill('2026-12-04'));
    expect(slots[3]!.end.toISOString()).toBe('2026-12-04T18:00:00.000Z');
    // A range starting on the Saturday does not include Friday's night window.
    expect(generateSlots(night, '2026-12-05', '2026-12-06')).toEqual([]);
  });

  it('rejects a bad definition or range with a validation error', () => {
    const bad = { ...def, timeZone: 'Nowhere/Town' };
    expect(() => generateSlots(bad, '2026-12-01', '2026-12-01')).toThrow(AppError);
    expect(() => generateSlots(def, '2026-12-02', '2026-12-01')).toThrow(
      /ends \(2026-12-01\) before it starts/,
    );
    expect(() => generateSlots(def, '2026/12/01', '2026-12-01')).toThrow(/YYYY-MM-DD/);
    expect(() => generateSlots(def, '2026-01-01', '2027-12-31')).toThrow(/At most 366 days/);
  });
});

describe('generateSlots in America/New_York across DST', () => {
  const early: ScheduleDefinition = {
    timeZone: NY,
    weekly: [{ weekdays: [7], start: '00:00', end: '04:00', slotMinutes: 30, capacity: 1 }],
  };

  it('skips the wall times that do not exist on 2026-03-08 and keeps real 30-minute slots', () => {
    const slots = generateSlots(early, '2026-03-08', '2026-03-08');
    expect(wall(slots, NY)).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30']);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
    expect(overlapping(slots)).toBeUndefined();
  });

  it('covers the repeated hour of 2026-11-01 once per real hour, never twice at the same instant', () => {
    const slots = generateSlots(early, '2026-11-01', '2026-11-01');
    expect(wall(slots, NY)).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '03:00',
      '03:30',
    ]);
    expect(slots[2]!.start.toISOString()).toBe('2026-11-01T05:00:00.000Z'); // 01:00 EDT
    expect(slots[4]!.start.toISOString()).toBe('2026-11-01T06:00:00.000Z'); // 01:00 EST
    expect(overlapping(slots)).toBeUndefined();
  });

  it('gives no slot to a window that lies wholly inside the gap', () => {
    const gap: ScheduleDefinition = {
      timeZone: NY,
      weekly: [{ weekdays: [7], start: '02:00', end: '03:00', slotMinutes: 15, capacity: 1 }],
    };
    expect(generateSlots(gap, '2026-03-08', '2026-03-08')).toEqual([]);
    expect(generateSlots(gap, '2026-03-15', '2026-03-15')).toHaveLength(4);
  });

  it('drops a last slot cut short by the gap', () => {
    const odd: ScheduleDefinition = {
      timeZone: NY,
      weekly: [{ weekdays: [7], start: '01:15', end: '03:45', slotMinutes: 50, capacity: 1 }],
    };
    // Real length 01:15 EST → 03:45 EDT is 90 minutes: one 50-minute slot fits.
    expect(wall(generateSlots(odd, '2026-03-08', '2026-03-08'), NY)).toEqual(['01:15']);
    expect(wall(generateSlots(odd, '2026-03-15', '2026-03-15'), NY)).toEqual(['01:15', '02:05', '02:55']);
  });

  it('runs a night window across the spring-forward night', () => {
    const night: ScheduleDefinition = {
      timeZone: NY,
      weekly: [{ weekdays: [6], start: '23:00', end: '04:00', slotMinutes: 60, capacity: 1 }],
    };
    const slots = generateSlots(night, '2026-03-07', '2026-03-07');
    expect(wall(slots, NY)).toEqual(['23:00', '00:00', '01:00', '03:00']);
    expect(slots.every((s) => s.localDate === '2026-03-07')).toBe(true);
  });
});

describe('overlapping', () => {
  const s = (a: string, b: string) => ({
    start: new Date(`2026-12-01T${a}Z`),
    end: new Date(`2026-12-01T${b}Z`),
  });

  it('finds the first overlapping pair in time, whatever the input order', () => {
    expect(overlapping([])).toBeUndefined();
    expect(overlapping([s('09:00', '09:30'), s('09:30', '10:00')])).toBeUndefined();
    expect(overlapping([s('10:00', '10:30'), s('09:00', '09:30'), s('09:15', '09:45')])).toEqual([1, 2]);
    expect(overlapping([s('09:00', '12:00'), s('10:00', '10:30'), s('11:00', '11:30')])).toEqual([0, 1]);
    // A long slot still overlaps one that starts after a short one in between has ended.
    expect(overlapping([s('08:00', '12:00'), s('08:30', '08:30'), s('11:00', '11:30')])).toEqual([0, 1]);
    expect(overlapping([s('11:00', '11:30'), s('08:00', '12:00')])).toEqual([0, 1]);
  });
});

const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
];

/** Random non-overlapping windows for each weekday: cut points on a 15-minute grid, some crossing midnight. */
const windowArb = fc
  .record({
    startQuarter: fc.integer({ min: 0, max: 95 }),
    quarters: fc.integer({ min: 1, max: 40 }),
    slotMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45, 60),
    capacity: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ startQuarter, quarters, slotMinutes, capacity }) => {
    const start = startQuarter * 15;
    const length = Math.max(slotMinutes, Math.floor((quarters * 15) / slotMinutes) * slotMinutes);
    const hhmm = (m: number) =>
      `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return {
      start: hhmm(start),
      end: hhmm(start + length),
      slotMinutes,
      capacity,
    } satisfies AvailabilityWindow;
  });

const definitionArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    rules: fc.array(
      fc.record({ window: windowArb, weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }) }),
      {
        maxLength: 6,
      },
    ),
    holidays: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }),
  })
  .map(({ timeZone, rules, holidays }) => {
    // Keep only rules that fit with the ones kept so far, so the definition is valid.
    const weekly: ScheduleDefinition['weekly'][number][] = [];
    for (const r of rules) {
      const candidate = { ...r.window, weekdays: r.weekdays };
      if (scheduleDefinitionSchema.safeParse({ timeZone, weekly: [...weekly, candidate] }).success)
        weekly.push(candidate);
    }
    const base = { year: 2026, month: 1, day: 1 };
    return {
      timeZone,
      weekly,
      holidays: [...new Set(holidays.map((d) => isoDate(addDays(base, d))))],
    } satisfies ScheduleDefinition;
  });

describe('generateSlots, property', () => {
  it('gives sorted, non-overlapping slots of positive length ≤ slotMinutes, inside their windows', () => {
    fc.assert(
      fc.property(
        definitionArb,
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 59 }),
        (def, startOffset, length) => {
          const first = addDays({ year: 2026, month: 1, day: 1 }, startOffset);
          const slots = generateSlots(def, isoDate(first), isoDate(addDays(first, length)));
          for (let i = 1; i < slots.length; i++)
            expect(slots[i]!.start.getTime()).toBeGreaterThanOrEqual(slots[i - 1]!.end.getTime());
          expect(overlapping(slots)).toBeUndefined();
          for (const slot of slots) {
            const date = parseLocalDate(slot.localDate)!;
            const windows = windowsOn(def, date).map(windowSpan);
            const inside = windows.some((w) => {
              const from = zonedInstant(date, w.start, def.timeZone).getTime();
              const to = zonedInstant(date, w.end, def.timeZone).getTime();
              const duration = slot.end.getTime() - slot.start.getTime();
              return (
                slot.start.getTime() >= from &&
                slot.end.getTime() <= to &&
                duration > 0 &&
                duration <= w.slotMinutes * 60_000 &&
                slot.capacity === w.capacity
              );
            });
            expect(inside).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

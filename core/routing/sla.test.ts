import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.ts';
import type { BusinessHours } from './business-hours.ts';
import { slaDue, slaStatus } from './sla.ts';

const at = (iso: string) => new Date(iso);

describe('slaStatus', () => {
  const queued = at('2026-11-24T01:00:00Z');
  const due = at('2026-11-24T02:00:00Z');

  it('is ok, then near breach in the last fifth, then breached from the due time on', () => {
    expect(slaStatus(due, at('2026-11-24T01:47:59Z'), 0.2, queued)).toBe('ok');
    expect(slaStatus(due, at('2026-11-24T01:48:00Z'), 0.2, queued)).toBe('near-breach');
    expect(slaStatus(due, at('2026-11-24T01:59:59Z'), 0.2, queued)).toBe('near-breach');
    expect(slaStatus(due, due, 0.2, queued)).toBe('breached');
    expect(slaStatus(due, at('2026-11-24T01:30:00Z'), 0.5, queued)).toBe('near-breach');
  });

  it('without a start, tells only ok from breached; a fraction outside 0..1 is an error', () => {
    expect(slaStatus(due, at('2026-11-24T01:59:00Z'))).toBe('ok');
    expect(slaStatus(due, at('2026-11-24T02:00:01Z'))).toBe('breached');
    try {
      slaStatus(due, queued, 1.5);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('validation_failed');
    }
  });
});

describe('slaDue', () => {
  it('counts elapsed time around the clock, and open time within business hours', () => {
    const targets = { firstResponseSeconds: 900, resolutionSeconds: null };
    expect(slaDue(null, targets, at('2026-11-21T10:00:00+08:00'))).toEqual({
      firstResponseDue: at('2026-11-21T10:15:00+08:00'),
      resolutionDue: null,
    });
    const weekdays: BusinessHours = {
      timeZone: 'Asia/Shanghai',
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      holidays: [],
    };
    // Saturday: the clock starts on Monday at 09:00.
    expect(slaDue(weekdays, targets, at('2026-11-21T10:00:00+08:00')).firstResponseDue).toEqual(
      at('2026-11-23T09:15:00+08:00'),
    );
  });
});

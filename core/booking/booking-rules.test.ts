import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import {
  ageOn,
  ageRestriction,
  type BookingRule,
  type BookingRuleContext,
  bookingRulesConfigSchema,
  cancellationWindow,
  guardianRequiredForMinors,
  leadTime,
  maxPerDay,
  noOverlap,
  type RuleVerdict,
  rulesFromConfig,
  runRules,
  sexRestriction,
} from './booking-rules.ts';

const at = (local: string) => new Date(`${local}+08:00`); // Shanghai wall time
const MIN = 60_000;

/** Tuesday 2026-12-01 08:00 in Shanghai; the slot is Wednesday 09:00–09:15. */
function ctx(over: Partial<BookingRuleContext> = {}): BookingRuleContext {
  return {
    now: at('2026-12-01T08:00:00'),
    timeZone: 'Asia/Shanghai',
    slot: { start: at('2026-12-02T09:00:00'), end: at('2026-12-02T09:15:00'), serviceCode: 'paediatrics' },
    service: { code: 'paediatrics' },
    contact: { verified: true },
    existing: [],
    action: 'book',
    ...over,
  };
}
const slotAt = (start: Date, minutes = 15, serviceCode = 'paediatrics') => ({
  start,
  end: new Date(start.getTime() + minutes * MIN),
  serviceCode,
});
const code = (v: RuleVerdict) => (v.ok ? 'ok' : v.code);

describe('leadTime', () => {
  const rule = leadTime({ minMinutes: 30, maxDays: 90 });
  const now = at('2026-12-01T08:00:00');

  it('needs minMinutes of notice', () => {
    expect(code(rule(ctx({ slot: slotAt(new Date(now.getTime() + 30 * MIN)) })))).toBe('ok');
    expect(code(rule(ctx({ slot: slotAt(new Date(now.getTime() + 29 * MIN)) })))).toBe('lead-time');
    expect(code(rule(ctx({ slot: slotAt(at('2026-11-30T09:00:00')) })))).toBe('lead-time');
  });

  it('counts maxDays in local days of the tenant', () => {
    // 90 days after 2026-12-01 is 2027-03-01; its last local minutes are still 2027-03-01 in UTC too,
    // but local midnight of 03-02 is 16:00Z on 03-01.
    expect(code(rule(ctx({ slot: slotAt(at('2027-03-01T23:30:00')) })))).toBe('ok');
    expect(code(rule(ctx({ slot: slotAt(at('2027-03-02T00:00:00')) })))).toBe('too-far-ahead');
  });

  it('does not judge a cancellation', () => {
    expect(code(rule(ctx({ action: 'cancel', slot: slotAt(new Date(now.getTime() + MIN)) })))).toBe('ok');
  });
});

describe('maxPerDay', () => {
  const booked = (local: string, serviceCode = 'paediatrics', status = 'booked') => ({
    start: at(local),
    serviceCode,
    status,
  });

  it('counts active bookings on the same local day, per service when asked', () => {
    const rule = maxPerDay({ perDay: 2, perService: true });
    const two = [booked('2026-12-02T08:00:00'), booked('2026-12-02T00:30:00', 'paediatrics', 'pending')];
    expect(code(rule(ctx({ existing: two.slice(0, 1) })))).toBe('ok');
    expect(code(rule(ctx({ existing: two })))).toBe('max-per-day');
    expect(
      code(rule(ctx({ existing: [two[0]!, booked('2026-12-02T10:00:00', 'paediatrics', 'cancelled')] }))),
    ).toBe('ok');
    // 2026-12-01 23:30 local is another day, although it is 2026-12-01 in UTC as well as 00:30 on the 2nd.
    expect(code(rule(ctx({ existing: [two[0]!, booked('2026-12-01T23:30:00')] })))).toBe('ok');
    expect(code(rule(ctx({ existing: [two[0]!, booked('2026-12-02T10:00:00', 'dentistry')] })))).toBe('ok');
  });

  it('counts every service when perService is off', () => {
    const rule = maxPerDay({ perDay: 2 });
    const existing = [booked('2026-12-02T08:00:00'), booked('2026-12-02T10:00:00', 'dentistry')];
    expect(code(rule(ctx({ existing })))).toBe('max-per-day');
  });

  it('does not count the booking a reschedule moves', () => {
    const rule = maxPerDay({ perDay: 2, perService: true });
    const existing = [booked('2026-12-02T08:00:00'), booked('2026-12-02T10:00:00')];
    const original = { start: at('2026-12-02T10:00:00'), serviceCode: 'paediatrics' };
    expect(code(rule(ctx({ action: 'reschedule', existing })))).toBe('max-per-day');
    expect(code(rule(ctx({ action: 'reschedule', existing, original })))).toBe('ok');
  });
});

describe('ageOn', () => {
  it('counts whole years, a leap-day birthday coming of age on 1 March', () => {
    expect(ageOn({ year: 2012, month: 12, day: 2 }, { year: 2026, month: 12, day: 1 })).toBe(13);
    expect(ageOn({ year: 2012, month: 12, day: 2 }, { year: 2026, month: 12, day: 2 })).toBe(14);
    expect(ageOn({ year: 2008, month: 2, day: 29 }, { year: 2026, month: 2, day: 28 })).toBe(17);
    expect(ageOn({ year: 2008, month: 2, day: 29 }, { year: 2026, month: 3, day: 1 })).toBe(18);
  });
});

describe('ageRestriction', () => {
  const rule = ageRestriction();
  const paediatrics = { code: 'paediatrics', maxAgeYears: 14 };
  const contact = (dateOfBirth?: string) => ({ verified: true, ...(dateOfBirth ? { dateOfBirth } : {}) });

  it('lets a child book paediatrics up to the day before the 15th birthday, on the local visit date', () => {
    expect(code(rule(ctx({ service: paediatrics, contact: contact('2011-12-03') })))).toBe('ok');
    expect(code(rule(ctx({ service: paediatrics, contact: contact('2011-12-02') })))).toBe('age-restricted');
    // 07:00 local on 12-02 is still 12-01 in UTC: the birthday counts by the local date.
    const early = slotAt(at('2026-12-02T07:00:00'));
    expect(code(rule(ctx({ slot: early, service: paediatrics, contact: contact('2011-12-02') })))).toBe(
      'age-restricted',
    );
  });

  it('applies a minimum age and asks for a date of birth when there is none', () => {
    const adults = { code: 'vaccination', minAgeYears: 18 };
    expect(code(rule(ctx({ service: adults, contact: contact('2008-12-02') })))).toBe('ok');
    expect(code(rule(ctx({ service: adults, contact: contact('2008-12-03') })))).toBe('age-restricted');
    const unknown = rule(ctx({ service: adults, contact: contact() }));
    expect(!unknown.ok && unknown.message.en).toMatch(/date of birth/);
    expect(code(rule(ctx({ service: { code: 'general' }, contact: contact() })))).toBe('ok');
  });

  it('keeps personal data out of the message', () => {
    const v = rule(ctx({ service: paediatrics, contact: contact('2001-05-06') }));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(`${v.message['zh-CN']} ${v.message.en}`).not.toMatch(/2001|25/);
  });
});

describe('sexRestriction', () => {
  const rule = sexRestriction();
  const obstetrics = { code: 'obstetrics', sex: 'female' as const };

  it.each([
    [obstetrics, 'female', 'ok'],
    [obstetrics, 'male', 'sex-restricted'],
    [obstetrics, 'other', 'sex-restricted'],
    [obstetrics, undefined, 'sex-restricted'],
    [{ code: 'andrology', sex: 'male' as const }, 'male', 'ok'],
    [{ code: 'andrology', sex: 'male' as const }, 'female', 'sex-restricted'],
    [{ code: 'general' }, 'other', 'ok'],
  ] as const)('%o for %s → %s', (service, sex, expected) => {
    expect(code(rule(ctx({ service, contact: { verified: true, ...(sex ? { sex } : {}) } })))).toBe(expected);
  });
});

describe('guardianRequiredForMinors', () => {
  const rule = guardianRequiredForMinors({ minorBelowYears: 18 });

  it('asks for a guardian below the age, by date of birth or by flag', () => {
    expect(code(rule(ctx({ contact: { verified: true, dateOfBirth: '2008-12-03' } })))).toBe(
      'guardian-required',
    );
    expect(code(rule(ctx({ contact: { verified: true, dateOfBirth: '2008-12-02' } })))).toBe('ok');
    expect(code(rule(ctx({ contact: { verified: true, isMinor: true } })))).toBe('guardian-required');
    expect(code(rule(ctx({ contact: { verified: true, isMinor: true, hasGuardian: true } })))).toBe('ok');
    expect(code(rule(ctx({ contact: { verified: true } })))).toBe('ok');
  });
});

describe('cancellationWindow', () => {
  const rule = cancellationWindow({ minHoursBefore: 2 });
  const now = at('2026-12-01T08:00:00');

  it('closes cancelling minHoursBefore the start', () => {
    const slot = (minutes: number) => slotAt(new Date(now.getTime() + minutes * MIN));
    expect(code(rule(ctx({ action: 'cancel', slot: slot(120) })))).toBe('ok');
    expect(code(rule(ctx({ action: 'cancel', slot: slot(119) })))).toBe('cancellation-window');
    expect(code(rule(ctx({ action: 'book', slot: slot(10) })))).toBe('ok');
  });

  it('measures a reschedule from the booking being moved', () => {
    const original = { start: new Date(now.getTime() + 60 * MIN), serviceCode: 'paediatrics' };
    const v = rule(ctx({ action: 'reschedule', original }));
    expect(code(v)).toBe('cancellation-window');
    expect(!v.ok && v.message.en).toMatch(/rescheduled/);
    expect(
      code(rule(ctx({ action: 'reschedule', original: { ...original, start: at('2026-12-05T09:00:00') } }))),
    ).toBe('ok');
  });
});

describe('noOverlap', () => {
  const rule = noOverlap();
  const booked = (start: string, end?: string, status = 'booked') => ({
    start: at(start),
    ...(end ? { end: at(end) } : {}),
    serviceCode: 'dentistry',
    status,
  });

  it('refuses a second booking at the same time, touching ends allowed', () => {
    expect(code(rule(ctx({ existing: [booked('2026-12-02T09:00:00')] })))).toBe('overlap');
    expect(code(rule(ctx({ existing: [booked('2026-12-02T08:30:00', '2026-12-02T09:30:00')] })))).toBe(
      'overlap',
    );
    expect(code(rule(ctx({ existing: [booked('2026-12-02T08:45:00')] })))).toBe('ok'); // assumed 15 minutes
    expect(code(rule(ctx({ existing: [booked('2026-12-02T09:15:00', '2026-12-02T10:00:00')] })))).toBe('ok');
    expect(code(rule(ctx({ existing: [booked('2026-12-02T09:00:00', undefined, 'cancelled')] })))).toBe('ok');
  });

  it('lets a reschedule overlap the booking it replaces', () => {
    const existing = [{ ...booked('2026-12-02T09:00:00'), serviceCode: 'paediatrics' }];
    const original = { start: at('2026-12-02T09:00:00'), serviceCode: 'paediatrics' };
    expect(code(rule(ctx({ action: 'reschedule', existing, original })))).toBe('ok');
  });
});

describe('runRules', () => {
  const fails =
    (c: 'overlap' | 'lead-time'): BookingRule =>
    () => ({ ok: false, code: c, message: { 'zh-CN': c, en: c } });
  const passes: BookingRule = () => ({ ok: true });

  it('returns the first failure in order, or ok', () => {
    expect(runRules([], ctx())).toEqual({ ok: true });
    expect(runRules([passes, passes], ctx())).toEqual({ ok: true });
    expect(code(runRules([passes, fails('overlap'), fails('lead-time')], ctx()))).toBe('overlap');
    expect(code(runRules([fails('lead-time'), fails('overlap')], ctx()))).toBe('lead-time');
  });
});

describe('rulesFromConfig', () => {
  const soon = slotAt(at('2026-12-01T08:20:00'), 15, 'obstetrics');

  it('applies the documented defaults', () => {
    const rules = rulesFromConfig();
    expect(rules).toHaveLength(7);
    expect(code(runRules(rules, ctx()))).toBe('ok');
    expect(code(runRules(rules, ctx({ slot: slotAt(at('2026-12-01T08:29:00')) })))).toBe('lead-time');
    expect(code(runRules(rules, ctx({ slot: slotAt(at('2027-03-02T09:00:00')) })))).toBe('too-far-ahead');
    const two = ['2026-12-02T08:00:00', '2026-12-02T10:00:00'].map((local) => ({
      start: at(local),
      serviceCode: 'paediatrics',
      status: 'booked',
    }));
    expect(code(runRules(rules, ctx({ existing: two })))).toBe('max-per-day');
    expect(code(runRules(rules, ctx({ action: 'cancel', slot: slotAt(at('2026-12-01T09:59:00')) })))).toBe(
      'cancellation-window',
    );
    expect(code(runRules(rules, ctx({ contact: { verified: true, dateOfBirth: '2010-01-01' } })))).toBe(
      'guardian-required',
    );
  });

  it('reports timing before eligibility', () => {
    const v = runRules(
      rulesFromConfig(),
      ctx({ slot: soon, service: { code: 'obstetrics', sex: 'female' } }),
    );
    expect(code(v)).toBe('lead-time');
  });

  it('turns rules off and changes their settings', () => {
    const rules = rulesFromConfig({ leadTime: false, maxPerDay: { perDay: 3 }, guardian: false });
    expect(rules).toHaveLength(5);
    const two = [
      { start: at('2026-12-02T08:00:00'), serviceCode: 'paediatrics', status: 'booked' },
      { start: at('2026-12-02T10:00:00'), serviceCode: 'paediatrics', status: 'booked' },
    ];
    expect(code(runRules(rules, ctx({ slot: slotAt(at('2026-12-01T08:05:00')), existing: two })))).toBe('ok');
    expect(bookingRulesConfigSchema.parse({ maxPerDay: { perDay: 3 } }).maxPerDay).toEqual({
      perDay: 3,
      perService: true,
    });
  });

  it.each([
    [{ leadTime: { minMinutes: -1 } }, 'leadTime.minMinutes'],
    [{ maxPerDay: { perDay: 0 } }, 'maxPerDay.perDay'],
    [{ cancellation: { minHoursBefore: 1.5 } }, 'cancellation.minHoursBefore'],
    [{ noOverlap: 'yes' }, 'noOverlap'],
    [{ lead_time: {} }, ''],
    ['strict', ''],
  ])('rejects %o at %s', (config, path) => {
    let error: unknown;
    try {
      rulesFromConfig(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    expect((error as AppError).issues.map((i) => i.path)).toContain(path);
  });
});

describe('messages', () => {
  it('are bilingual and polite for every failure', () => {
    const failures: RuleVerdict[] = [
      leadTime({ minMinutes: 30, maxDays: 90 })(ctx({ slot: slotAt(at('2026-12-01T08:10:00')) })),
      leadTime({ minMinutes: 30, maxDays: 1 })(ctx({ slot: slotAt(at('2026-12-09T08:10:00')) })),
      maxPerDay({ perDay: 1 })(
        ctx({ existing: [{ start: at('2026-12-02T10:00:00'), serviceCode: 'x', status: 'booked' }] }),
      ),
      ageRestriction()(
        ctx({
          service: { code: 'x', minAgeYears: 3, maxAgeYears: 14 },
          contact: { verified: true, dateOfBirth: '2026-01-01' },
        }),
      ),
      sexRestriction()(ctx({ service: { code: 'x', sex: 'female' } })),
      guardianRequiredForMinors({ minorBelowYears: 18 })(ctx({ contact: { verified: true, isMinor: true } })),
      cancellationWindow({ minHoursBefore: 48 })(ctx({ action: 'cancel' })),
      noOverlap()(
        ctx({ existing: [{ start: at('2026-12-02T09:00:00'), serviceCode: 'x', status: 'pending' }] }),
      ),
    ];
    expect(failures.map(code)).toEqual([
      'lead-time',
      'too-far-ahead',
      'max-per-day',
      'age-restricted',
      'sex-restricted',
      'guardian-required',
      'cancellation-window',
      'overlap',
    ]);
    for (const v of failures) {
      if (v.ok) continue;
      expect(v.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(v.message.en).toMatch(/^[A-Z].*\.$/);
    }
  });
});

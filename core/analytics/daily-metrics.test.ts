import { describe, expect, it } from 'vitest';
import { buildDailyReport, csvField, daysOf, toCsv } from './daily-metrics.ts';

const EMPTY = {
  started: [],
  handoffs: [],
  firstResponse: [],
  handleTime: [],
  sla: [],
  csat: [],
  dispositions: [],
};

describe('daily metrics (pure)', () => {
  it('lists every local date of a range, across a month end and a leap day', () => {
    expect(daysOf({ from: '2024-02-28', to: '2024-03-01' })).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(daysOf({ from: '2024-01-01', to: '2024-12-31' })).toHaveLength(366);
  });

  it.each([
    [{ from: '2025-02-29', to: '2025-03-01' }, /from must be a calendar date/],
    [{ from: '2025-01-01', to: '2025-1-2' }, /to must be a calendar date/],
    [{ from: '2025-01-02', to: '2025-01-01' }, /to must not be before from/],
    [{ from: '2025-01-01', to: '2026-01-02' }, /at most 366 days/],
  ])('refuses %o', (range, message) => {
    expect(() => daysOf(range)).toThrow(message);
  });

  it('quotes CSV fields as RFC 4180 says, and only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
  });

  it('counts unknown hand-off codes as other and rounds shares and seconds', () => {
    const report = buildDailyReport(
      { from: '2026-11-24', to: '2026-11-24' },
      { timeZone: 'Asia/Shanghai', queueId: null },
      {
        ...EMPTY,
        started: [{ day: '2026-11-24', started: 3, contained: 1 }],
        handoffs: [
          { day: '2026-11-24', code: 'user-request', count: 2 },
          { day: '2026-11-24', code: null, count: 1 },
          { day: '2026-11-24', code: 'flow', count: 1 },
        ],
        firstResponse: [{ day: '2026-11-24', count: 2, median: 10.5, p90: 12.4 }],
        csat: [{ day: '2026-11-24', responses: 3, scoreSum: 13, satisfied: 2 }],
      },
    );
    expect(report.days[0]).toMatchObject({
      containmentRate: 0.3333,
      handoffs: { total: 4, flow: 1, other: 3 },
      firstResponse: { count: 2, medianSeconds: 11, p90Seconds: 12 },
      csat: { responses: 3, mean: 4.33, satisfiedShare: 0.6667 },
    });
    expect(toCsv(report).endsWith('\r\n')).toBe(true);
    expect(toCsv(report).split('\r\n')).toHaveLength(3);
  });

  it('reports at most ten intents a day as intent:count pairs, and leaves them empty when not reported', () => {
    const range = { from: '2026-11-24', to: '2026-11-25' };
    const intents = Array.from({ length: 12 }, (_, i) => ({
      day: '2026-11-24',
      intent: `intent_${String(i).padStart(2, '0')}`,
      count: 12 - i,
    }));
    const tenantWide = buildDailyReport(range, { timeZone: 'UTC', queueId: null }, { ...EMPTY, intents });
    expect(tenantWide.days.map((d) => d.topIntents?.length)).toEqual([10, 0]);
    expect(tenantWide.days[0]?.topIntents?.[0]).toEqual({ intent: 'intent_00', count: 12 });
    const [header, first, second] = toCsv(tenantWide).split('\r\n');
    expect(header?.split(',').at(-1)).toBe('top_intents');
    expect(first?.split(',').at(-1)).toBe(
      intents
        .slice(0, 10)
        .map((i) => `${i.intent}:${i.count}`)
        .join(';'),
    );
    expect(second?.endsWith(',')).toBe(true);
    const queue = buildDailyReport(range, { timeZone: 'UTC', queueId: 'front-desk' }, EMPTY);
    expect(queue.days.map((d) => d.topIntents)).toEqual([null, null]);
  });
});

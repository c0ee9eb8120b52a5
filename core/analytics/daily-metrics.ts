import { AppError } from '../errors/app-error.ts';

/** The longest report: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
/** A conversation still with the assistant and silent this long counts as ended (docs/analytics.md). */
export const IDLE_END_SECONDS = 30 * 60;
/** Intents reported per day, most counted first. */
export const TOP_INTENTS = 10;
/** The hand-off reasons the dialogue engine gives; any other code is counted as `other`. */
export const HANDOFF_REASONS = ['requested', 'safety', 'fallback', 'flow'] as const;
/** The closing dispositions of the workspace (core/conversations/workspace.ts). */
export const DISPOSITIONS = [
  'resolved',
  'no-response',
  'escalated',
  'transferred-out',
  'duplicate',
  'spam',
] as const;

export interface DateRange {
  /** Local calendar days in the tenant's time zone, `YYYY-MM-DD`, both included. */
  readonly from: string;
  readonly to: string;
}

/** Per-day partial aggregates as the store computes them in SQL; `day` is a local date. */
export interface StartedRow {
  readonly day: string;
  readonly started: number;
  readonly contained: number;
}
export interface CountRow {
  readonly day: string;
  readonly code: string | null;
  readonly count: number;
}
export interface DurationRow {
  readonly day: string;
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}
export interface SlaRow {
  readonly day: string;
  readonly due: number;
  readonly breached: number;
}
export interface IntentRow {
  readonly day: string;
  readonly intent: string;
  readonly count: number;
}
export interface CsatRow {
  readonly day: string;
  readonly responses: number;
  readonly scoreSum: number;
  readonly satisfied: number;
}

export interface DailyRows {
  readonly started: readonly StartedRow[];
  readonly handoffs: readonly CountRow[];
  readonly firstResponse: readonly DurationRow[];
  readonly handleTime: readonly DurationRow[];
  readonly sla: readonly SlaRow[];
  readonly csat: readonly CsatRow[];
  readonly dispositions: readonly CountRow[];
  /** Tenant-wide intent counters; undefined when the report is not tenant-wide (not reported). */
  readonly intents?: readonly IntentRow[];
}

export interface Durations {
  readonly count: number;
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

export interface DailyMetrics {
  readonly date: string;
  readonly conversationsStarted: number;
  readonly botContained: number;
  /** botContained / conversationsStarted, 4 decimals; null on a day without conversations. */
  readonly containmentRate: number | null;
  readonly handoffs: { readonly total: number } & Record<(typeof HANDOFF_REASONS)[number] | 'other', number>;
  readonly firstResponse: Durations;
  readonly handleTime: Durations;
  readonly slaFirstResponse: { readonly due: number; readonly breached: number };
  readonly csat: {
    readonly responses: number;
    readonly mean: number | null;
    readonly satisfiedShare: number | null;
  };
  readonly dispositions: Record<(typeof DISPOSITIONS)[number], number>;
  /**
   * The most counted intents of the day's contact messages (messages, not conversations), at most
   * 10; null when the report is not tenant-wide (a queue, or a supervisor's queues).
   */
  readonly topIntents: readonly { readonly intent: string; readonly count: number }[] | null;
}

export interface DailyReport {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly queueId: string | null;
  readonly days: readonly DailyMetrics[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string, name: string): number {
  const match = DATE.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new AppError('validation_failed', `${name} must be a calendar date YYYY-MM-DD.`, {
      issues: [{ path: name, message: 'expected a calendar date YYYY-MM-DD' }],
    });
  return ms;
}

/** Every local date from `from` to `to`, checked: real dates, in order, at most 366 days. */
export function daysOf(range: DateRange): string[] {
  const from = parseDay(range.from, 'from');
  const to = parseDay(range.to, 'to');
  if (to < from)
    throw new AppError('validation_failed', 'to must not be before from.', {
      issues: [{ path: 'to', message: 'before from' }],
    });
  const count = (to - from) / 86_400_000 + 1;
  if (count > MAX_RANGE_DAYS)
    throw new AppError('validation_failed', `A report covers at most ${MAX_RANGE_DAYS} days.`, {
      issues: [{ path: 'to', message: `more than ${MAX_RANGE_DAYS} days after from` }],
    });
  return Array.from({ length: count }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
}

const share = (part: number, whole: number, places: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10 ** places) / 10 ** places;
const seconds = (value: number | null) => (value === null ? null : Math.round(value));

const durations = (row: DurationRow | undefined): Durations => ({
  count: row?.count ?? 0,
  medianSeconds: seconds(row?.median ?? null),
  p90Seconds: seconds(row?.p90 ?? null),
});

function counted<K extends string>(keys: readonly K[], rows: readonly CountRow[], other?: 'other') {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  if (other) out[other] = 0;
  for (const row of rows) {
    if (row.code !== null && (keys as readonly string[]).includes(row.code)) out[row.code]! += row.count;
    else if (other) out[other]! += row.count;
  }
  return out;
}

/** The report: one entry per day of the range, zeros where nothing happened. */
export function buildDailyReport(
  range: DateRange,
  context: { readonly timeZone: string; readonly queueId: string | null },
  rows: DailyRows,
): DailyReport {
  const on = <R extends { readonly day: string }>(list: readonly R[], day: string) =>
    list.filter((row) => row.day === day);
  const days = daysOf(range).map((date): DailyMetrics => {
    const started = on(rows.started, date)[0];
    const handoffs = counted(HANDOFF_REASONS, on(rows.handoffs, date), 'other');
    const csat = on(rows.csat, date)[0];
    const sla = on(rows.sla, date)[0];
    const responses = csat?.responses ?? 0;
    return {
      date,
      conversationsStarted: started?.started ?? 0,
      botContained: started?.contained ?? 0,
      containmentRate: share(started?.contained ?? 0, started?.started ?? 0, 4),
      handoffs: {
        total: Object.values(handoffs).reduce((a, b) => a + b, 0),
        ...(handoffs as Record<(typeof HANDOFF_REASONS)[number] | 'other', number>),
      },
      firstResponse: durations(on(rows.firstResponse, date)[0]),
      handleTime: durations(on(rows.handleTime, date)[0]),
      slaFirstResponse: { due: sla?.due ?? 0, breached: sla?.breached ?? 0 },
      csat: {
        responses,
        mean: share(csat?.scoreSum ?? 0, responses, 2),
        satisfiedShare: share(csat?.satisfied ?? 0, responses, 4),
      },
      dispositions: counted(DISPOSITIONS, on(rows.dispositions, date)) as DailyMetrics['dispositions'],
      topIntents: rows.intents
        ? on(rows.intents, date)
            .slice(0, TOP_INTENTS)
            .map(({ intent, count }) => ({ intent, count }))
        : null,
    };
  });
  return { from: range.from, to: range.to, timeZone: context.timeZone, queueId: context.queueId, days };
}

type Column = readonly [string, (d: DailyMetrics) => number | string | null];

/** The CSV columns, in order: one per number of a day (docs/analytics.md). */
export const CSV_COLUMNS: readonly Column[] = [
  ['date', (d) => d.date],
  ['conversations_started', (d) => d.conversationsStarted],
  ['bot_contained', (d) => d.botContained],
  ['containment_rate', (d) => d.containmentRate],
  ['handoffs', (d) => d.handoffs.total],
  ...[...HANDOFF_REASONS, 'other' as const].map(
    (reason): Column => [`handoffs_${reason}`, (d) => d.handoffs[reason]],
  ),
  ['first_responses', (d) => d.firstResponse.count],
  ['first_response_median_s', (d) => d.firstResponse.medianSeconds],
  ['first_response_p90_s', (d) => d.firstResponse.p90Seconds],
  ['handled', (d) => d.handleTime.count],
  ['handle_time_median_s', (d) => d.handleTime.medianSeconds],
  ['handle_time_p90_s', (d) => d.handleTime.p90Seconds],
  ['sla_first_response_due', (d) => d.slaFirstResponse.due],
  ['sla_first_response_breached', (d) => d.slaFirstResponse.breached],
  ['csat_responses', (d) => d.csat.responses],
  ['csat_mean', (d) => d.csat.mean],
  ['csat_satisfied_share', (d) => d.csat.satisfiedShare],
  ...DISPOSITIONS.map(
    (disposition): Column => [
      `disposition_${disposition.replaceAll('-', '_')}`,
      (d) => d.dispositions[disposition],
    ],
  ),
  // `intent:count;intent:count`, most counted first; empty when not reported.
  ['top_intents', (d) => d.topIntents?.map(({ intent, count }) => `${intent}:${count}`).join(';') ?? null],
];

/** RFC 4180 §2.6–2.7: quote a field holding a comma, quote or line break; double inner quotes. */
export function csvField(value: number | string | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report as RFC 4180 CSV: a header row, CRLF line ends, UTF-8 without a byte-order mark. */
export function toCsv(report: DailyReport): string {
  const lines = [
    CSV_COLUMNS.map(([name]) => csvField(name)).join(','),
    ...report.days.map((day) => CSV_COLUMNS.map(([, value]) => csvField(value(day))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type CountRow,
  type CsatRow,
  type DailyRows,
  type DateRange,
  type DurationRow,
  IDLE_END_SECONDS,
  type SlaRow,
  type StartedRow,
  TOP_INTENTS,
} from './daily-metrics.ts';
import { loadTopIntents } from './intent-counts.store.ts';

export interface DailyQuery {
  readonly tenantId: string;
  readonly timeZone: string;
  readonly range: DateRange;
  /** Only conversations (and ratings) of this queue. */
  readonly queueId: string | null;
  /** The caller's access filter on conversations (`c`) — or on ratings (`r`), see `csatScope`. */
  readonly scope: RawBuilder<SqlBool>;
  readonly csatScope: RawBuilder<SqlBool>;
  /** "Now" for what is still open: idle ends and SLA breaches not yet answered. */
  readonly now: Date;
  /** The report covers the whole tenant: the intent counters (tenant-wide only) are read too. */
  readonly tenantWide: boolean;
}

/**
 * The per-day partial aggregates of a tenant, each event on the local day it happened in the
 * tenant's zone (docs/analytics.md). Reads counts, codes and timestamps only: no sealed column,
 * no contact. Same SQL on PostgreSQL and PGlite.
 */
export async function loadDailyRows(db: Kysely<Database>, q: DailyQuery): Promise<DailyRows> {
  const tz = q.timeZone;
  // Local midnight of `from` to local midnight after `to`, as instants.
  const lo = sql`((${q.range.from}::date)::timestamp at time zone ${tz})`;
  const hi = sql`((${q.range.to}::date + 1)::timestamp at time zone ${tz})`;
  const day = (column: string) => sql`to_char(${sql.ref(column)} at time zone ${tz}, 'YYYY-MM-DD')`;
  const inRange = (column: string) => sql`${sql.ref(column)} >= ${lo} and ${sql.ref(column)} < ${hi}`;
  const queue = q.queueId === null ? sql`true` : sql`c.queue_id = ${q.queueId}`;
  const where = (column: string) =>
    sql`c.tenant_id = ${q.tenantId} and ${inRange(column)} and ${queue} and ${q.scope}`;
  const at = sql`${q.now.toISOString()}::timestamptz`;
  const seconds = (a: string, b: string) => sql`extract(epoch from (${sql.ref(b)} - ${sql.ref(a)}))::float8`;
  const durations = (from: string, to: string, by: string) => sql<DurationRow>`
    select ${day(by)} as day, count(*)::int as count,
      percentile_cont(0.5) within group (order by ${seconds(from, to)}) as median,
      percentile_cont(0.9) within group (order by ${seconds(from, to)}) as p90
    from conversations c
    where ${where(by)} and ${sql.ref(from)} is not null and ${sql.ref(to)} is not null
    group by 1`;

  const started = sql<StartedRow>`
    select ${day('c.created_at')} as day, count(*)::int as started,
      count(*) filter (where c.queued_at is null and c.assigned_at is null and c.handoff_reason is null
        and (c.status = 'closed'
          or (c.status = 'bot' and c.updated_at <= ${at} - make_interval(secs => ${IDLE_END_SECONDS}))))::int
        as contained
    from conversations c where ${where('c.created_at')} group by 1`;
  const handoffs = sql<CountRow>`
    select ${day('c.queued_at')} as day, c.handoff_reason as code, count(*)::int as count
    from conversations c where ${where('c.queued_at')} group by 1, 2`;
  const sla = sql<SlaRow>`
    select ${day('c.sla_first_response_due')} as day, count(*)::int as due,
      count(*) filter (where c.sla_breached_at is not null
        or coalesce(c.first_response_at, c.closed_at, ${at}) > c.sla_first_response_due)::int as breached
    from conversations c where ${where('c.sla_first_response_due')} group by 1`;
  const dispositions = sql<CountRow>`
    select ${day('c.closed_at')} as day, c.disposition as code, count(*)::int as count
    from conversations c where ${where('c.closed_at')} and c.disposition is not null group by 1, 2`;
  const csatQueue = q.queueId === null ? sql`true` : sql`r.queue_id = ${q.queueId}`;
  const csat = sql<CsatRow>`
    select ${day('r.created_at')} as day, count(*)::int as responses,
      coalesce(sum(r.score), 0)::int as "scoreSum",
      count(*) filter (where r.score >= 4)::int as satisfied
    from csat_responses r
    where r.tenant_id = ${q.tenantId} and ${inRange('r.created_at')} and ${csatQueue} and ${q.csatScope}
    group by 1`;

  const run = async <R>(query: RawBuilder<R>) => (await query.execute(db)).rows;
  return {
    started: await run(started),
    handoffs: await run(handoffs),
    firstResponse: await run(durations('c.queued_at', 'c.first_response_at', 'c.queued_at')),
    handleTime: await run(durations('c.assigned_at', 'c.closed_at', 'c.closed_at')),
    sla: await run(sla),
    csat: await run(csat),
    dispositions: await run(dispositions),
    ...(q.tenantWide
      ? {
          intents: await loadTopIntents(db, {
            tenantId: q.tenantId,
            from: q.range.from,
            to: q.range.to,
            limit: TOP_INTENTS,
          }),
        }
      : {}),
  };
}

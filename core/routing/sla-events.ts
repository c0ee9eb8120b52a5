import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { encodeSlaNotice, type SlaNoticeKind } from '../realtime/agent-notice.ts';
import { DEFAULT_CHANNEL } from '../realtime/event-bus.ts';
import { NEAR_BREACH_FRACTION } from './routing.service.ts';

/**
 * SLA events (core/routing/README.md, "SLA events"): a conversation waiting or held without a first
 * staff response is marked `near-breach` once the last 20 % of its first-response time has begun,
 * and `breached` once the due time has passed; each kind once per conversation. The due time is
 * the one `enqueue` computed in the queue's business hours (sla.ts); nothing is recomputed here.
 *
 * Several processes may check at once: each mark is a conditional UPDATE (`… is null`) over rows
 * taken `FOR UPDATE SKIP LOCKED`, so a conversation is marked by exactly one of them, and the
 * notices go out in the marking transaction (a rolled-back mark tells nobody).
 */
export interface SlaEvent {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly queueId: string | null;
  readonly priority: number;
  readonly status: 'queued' | 'assigned';
  readonly kind: SlaNoticeKind;
  readonly dueAt: Date;
  /** The staff told: the agent holding it (if any) and the supervisors of its queue. */
  readonly notified: readonly string[];
}

export interface SlaCheckOptions {
  readonly now: Date;
  /** Conversations marked per transaction; the check goes on until a batch comes back short. */
  readonly batchSize?: number;
  /** The channel the event bus listens on (the default one in production). */
  readonly channel?: string;
}

const BATCH = 200;

interface MarkedRow {
  tenant_id: string;
  conversation_id: string;
  queue_id: string | null;
  status: 'queued' | 'assigned';
  priority: number;
  assignee_id: string | null;
  sla_first_response_due: Date;
}

/** What makes a conversation due for a mark of `kind` at `now` (besides being open and unanswered). */
function dueFor(kind: SlaNoticeKind, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  return kind === 'breached'
    ? sql`c.sla_first_response_due <= ${at}`
    : // The same window as the supervisors' overview (routing.service.ts): the last fifth of the
      // time from queued_at to the due time. Past due is a breach, not a warning.
      sql`c.sla_near_breach_at is null and c.sla_first_response_due > ${at} and c.queued_at is not null
        and c.sla_first_response_due - (c.sla_first_response_due - c.queued_at) * ${NEAR_BREACH_FRACTION}::float8
          <= ${at}`;
}

async function markBatch(
  trx: Transaction<Database>,
  kind: SlaNoticeKind,
  now: Date,
  limit: number,
): Promise<MarkedRow[]> {
  const column = sql.ref(kind === 'breached' ? 'sla_breached_at' : 'sla_near_breach_at');
  // Rows another transaction holds (an assignment, a reply) are skipped, not waited for: the next
  // check takes them if they are still due. The outer condition is checked again on the locked row.
  const { rows } = await sql<MarkedRow>`
    with picked as (
      select c.tenant_id, c.conversation_id from conversations c
      where c.status in ('queued', 'assigned') and c.first_response_at is null
        and c.sla_first_response_due is not null and c.sla_breached_at is null and ${dueFor(kind, now)}
      order by c.sla_first_response_due
      limit ${limit}
      for update skip locked)
    update conversations c set ${column} = ${now.toISOString()}::timestamptz
    from picked p
    where c.tenant_id = p.tenant_id and c.conversation_id = p.conversation_id and ${column} is null
    returning c.tenant_id, c.conversation_id, c.queue_id, c.status, c.priority, c.assignee_id,
      c.sla_first_response_due`.execute(trx);
  return rows;
}

/** The enabled supervisors of each (tenant, queue) of the marked conversations. */
async function supervisorsOf(trx: Transaction<Database>, rows: readonly MarkedRow[]) {
  const pairs = [
    ...new Map(
      rows.filter((r) => r.queue_id !== null).map((r) => [`${r.tenant_id}/${r.queue_id}`, r]),
    ).values(),
  ];
  const byQueue = new Map<string, string[]>();
  if (pairs.length === 0) return byQueue;
  const { rows: found } = await sql<{ tenant_id: string; queue_id: string; user_id: string }>`
    select q.tenant_id, q.queue_id, u.user_id
    from unnest(${pairs.map((r) => r.tenant_id)}::uuid[], ${pairs.map((r) => r.queue_id)}::text[])
      as q(tenant_id, queue_id)
    join users u on u.tenant_id = q.tenant_id and q.queue_id = any(u.queue_ids)
    where not u.disabled and u.roles @> '["supervisor"]'::jsonb
    order by u.user_id`.execute(trx);
  for (const { tenant_id, queue_id, user_id } of found) {
    const key = `${tenant_id}/${queue_id}`;
    byQueue.set(key, [...(byQueue.get(key) ?? []), user_id]);
  }
  return byQueue;
}

/**
 * One check at `now`: marks what has become near-breach or breached and notifies, and returns the
 * events. `db` must see every tenant (platform scope), as the assignment loop's does.
 */
export async function runSlaCheck(db: Kysely<Database>, options: SlaCheckOptions): Promise<SlaEvent[]> {
  const limit = options.batchSize ?? BATCH;
  const channel = options.channel ?? DEFAULT_CHANNEL;
  const events: SlaEvent[] = [];
  for (const kind of ['near-breach', 'breached'] as const) {
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const rows = await markBatch(trx, kind, options.now, limit);
        const supervisors = await supervisorsOf(trx, rows);
        const done = rows.map((row): SlaEvent => {
          const holder = row.status === 'assigned' && row.assignee_id ? [row.assignee_id] : [];
          const overseers = supervisors.get(`${row.tenant_id}/${row.queue_id}`) ?? [];
          return {
            tenantId: row.tenant_id,
            conversationId: row.conversation_id,
            queueId: row.queue_id,
            priority: row.priority,
            status: row.status,
            kind,
            dueAt: row.sla_first_response_due,
            notified: [...new Set([...holder, ...overseers])],
          };
        });
        const payloads = done.flatMap((event) =>
          event.notified.map((userId) => encodeSlaNotice({ ...event, slaKind: event.kind, userId })),
        );
        if (payloads.length > 0)
          await sql`select pg_notify(${channel}, n) from unnest(${payloads}::text[]) as n`.execute(trx);
        return { done, full: rows.length === limit };
      });
      events.push(...batch.done);
      if (!batch.full) break;
    }
  }
  return events;
}

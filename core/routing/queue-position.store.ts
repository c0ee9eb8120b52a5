import { type Kysely, sql } from 'kysely';
import type { ConversationStatus } from '../conversations/conversation.ts';
import type { Database } from '../db/schema.ts';
import { estimateWaitSeconds } from './queue-position.ts';

/** How many recently handled conversations of the queue the estimate reads, and how far back. */
export const HISTORY = { samples: 20, days: 7 } as const;

export interface QueuePlace {
  readonly status: ConversationStatus;
  readonly queueId: string | null;
  readonly locale: 'zh-CN' | 'en';
  /** 1-based among the queue's waiting conversations in assignment order; null unless queued. */
  readonly position: number | null;
  readonly ahead: number | null;
  /** null: unknown (too little history, or nobody online who could take it), or not queued. */
  readonly expectedWaitSeconds: number | null;
}

type PlaceRow = {
  status: ConversationStatus;
  queue_id: string | null;
  locale: 'zh-CN' | 'en';
  required_skills: string[];
  ahead: number;
};

/**
 * Where a conversation stands in its queue. The order is the assignment order of routing.store.ts
 * (priority descending, then `queued_at`, nulls last, then the id), so "ahead" counts exactly the
 * conversations an `auto` queue would assign first. The estimate reads the queue's recent handle
 * times and the online agents who hold the conversation's skills (queue-position.ts).
 */
export async function queuePosition(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  now: Date = new Date(),
): Promise<QueuePlace | undefined> {
  const { rows } = await sql<PlaceRow>`
    select me.status, me.queue_id, me.locale, me.required_skills,
      (select count(*)::int from conversations o
       where o.tenant_id = me.tenant_id and o.queue_id = me.queue_id and o.status = 'queued'
         and o.conversation_id <> me.conversation_id
         and (o.priority > me.priority or (o.priority = me.priority and (
           (o.queued_at is not null and me.queued_at is null)
           or (o.queued_at is null and me.queued_at is null and o.conversation_id < me.conversation_id)
           or (o.queued_at < me.queued_at)
           or (o.queued_at = me.queued_at and o.conversation_id < me.conversation_id))))) as ahead
    from conversations me
    where me.tenant_id = ${tenantId} and me.conversation_id = ${conversationId}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const base = { status: row.status, queueId: row.queue_id, locale: row.locale };
  if (row.status !== 'queued' || row.queue_id === null)
    return { ...base, position: null, ahead: null, expectedWaitSeconds: null };
  const position = row.ahead + 1;
  const [handleSeconds, places] = await Promise.all([
    recentHandleSeconds(db, tenantId, row.queue_id, now),
    agentPlaces(db, tenantId, row.queue_id, row.required_skills),
  ]);
  return {
    ...base,
    position,
    ahead: row.ahead,
    expectedWaitSeconds: estimateWaitSeconds({ position, handleSeconds, ...places }),
  };
}

/** Seconds from assignment to close of the queue's last handled conversations before `now`. */
async function recentHandleSeconds(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  now: Date,
): Promise<number[]> {
  const since = new Date(now.getTime() - HISTORY.days * 86_400_000);
  const { rows } = await sql<{ seconds: number }>`
    select extract(epoch from (closed_at - assigned_at))::float8 as seconds from conversations
    where tenant_id = ${tenantId} and queue_id = ${queueId} and status = 'closed'
      and assigned_at is not null and closed_at >= assigned_at
      and closed_at > ${since}::timestamptz and closed_at <= ${now}::timestamptz
    order by closed_at desc
    limit ${HISTORY.samples}`.execute(db);
  return rows.map((r) => Number(r.seconds));
}

/** The places of online, enabled members of the queue who hold every required skill. */
async function agentPlaces(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  requiredSkills: readonly string[],
): Promise<{ capacity: number; free: number }> {
  const { rows } = await sql<{ capacity: number; free: number }>`
    select coalesce(sum(p.capacity), 0)::int as capacity,
      coalesce(sum(greatest(p.capacity - p.active_count, 0)), 0)::int as free
    from agent_presence p
    join users u on u.tenant_id = p.tenant_id and u.user_id = p.user_id
    where p.tenant_id = ${tenantId} and p.status = 'online' and not u.disabled
      and ${queueId} = any(u.queue_ids) and p.skills @> ${[...requiredSkills]}::text[]`.execute(db);
  return rows[0] ?? { capacity: 0, free: 0 };
}

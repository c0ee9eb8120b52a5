import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppAbility } from '../access/ability.ts';
import { accessFilter } from '../access/sql-filter.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { isEligible } from '../routing/assign.ts';
import { type LockedAgent, lockPresence, recountActive } from '../routing/presence.store.ts';
import { getQueue } from '../routing/routing-queue.store.ts';
import { slaDue } from '../routing/sla.ts';
import { CONVERSATION_FILTER_COLUMNS } from './conversation-access.ts';
import { isUuid } from './message-sealing.ts';
import type { InboxView } from './workspace.ts';

/**
 * The SQL of the agent workspace: the inbox (filtered by the caller's ability, like every list)
 * and the guarded writes of a transfer. Transfers follow routing's lock order
 * (core/routing/presence.store.ts): the conversation row first, then presence rows, several in one
 * statement.
 */

export interface InboxQuery {
  readonly tenantId: string;
  readonly actorId: string;
  readonly ability: AppAbility;
  readonly view: InboxView;
  readonly limit: number;
  /** The `recent` view starts here. */
  readonly since: Date;
}

export interface InboxRow {
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  channel: string;
  status: 'bot' | 'queued' | 'assigned' | 'closed';
  locale: 'zh-CN' | 'en';
  queue_id: string | null;
  assignee_id: string | null;
  care_team: string[];
  school_id: string | null;
  priority: number;
  handoff_reason: string | null;
  queued_at: Date | null;
  sla_first_response_due: Date | null;
  sla_resolution_due: Date | null;
  disposition: string | null;
  closed_by: string | null;
  created_at: Date;
  closed_at: Date | null;
  last_message_at: Date | null;
  unread_count: number;
}

// Correlated subqueries, fully qualified: the access filter's columns stay unambiguous, and each
// is a lookup on the messages' primary key (tenant, conversation, seq).
const lastMessageAt = sql<Date | null>`(select m.created_at from messages m
  where m.tenant_id = conversations.tenant_id and m.conversation_id = conversations.conversation_id
    and m.seq = conversations.last_seq)`;
const unreadCount = sql<number>`(select count(*)::int from messages m
  where m.tenant_id = conversations.tenant_id and m.conversation_id = conversations.conversation_id
    and m.author_kind = 'contact'
    and m.seq > coalesce((select max(s.seq) from messages s
      where s.tenant_id = conversations.tenant_id and s.conversation_id = conversations.conversation_id
        and s.author_kind = 'staff' and not s.internal), 0))`;

/** One page of a view, best first; only conversations the ability lets the caller read. */
export async function inboxRows(db: Kysely<Database>, q: InboxQuery): Promise<InboxRow[]> {
  // Staff ids are uuids; any other caller (a service) holds and closed nothing.
  if (q.view !== 'queue' && !isUuid(q.actorId)) return [];
  let query = db
    .selectFrom('conversations')
    .select([
      'tenant_id',
      'conversation_id',
      'contact_id',
      'channel',
      'status',
      'locale',
      'queue_id',
      'assignee_id',
      'care_team',
      'school_id',
      'priority',
      'handoff_reason',
      'queued_at',
      'sla_first_response_due',
      'sla_resolution_due',
      'disposition',
      'closed_by',
      'created_at',
      'closed_at',
    ])
    .select(lastMessageAt.as('last_message_at'))
    .select(unreadCount.as('unread_count'))
    .where('tenant_id', '=', q.tenantId)
    .where(accessFilter(q.ability, 'read', 'Conversation', CONVERSATION_FILTER_COLUMNS));
  if (q.view === 'recent') {
    query = query
      .where('status', '=', 'closed')
      .where('closed_by', '=', q.actorId)
      .where('closed_at', '>=', q.since)
      .orderBy('closed_at', 'desc');
  } else {
    query =
      q.view === 'assigned'
        ? query.where('status', '=', 'assigned').where('assignee_id', '=', q.actorId)
        : // Waiting, and the caller could take it: their queues (or care team, or schools).
          query
            .where('status', '=', 'queued')
            .where(accessFilter(q.ability, 'assign', 'Conversation', CONVERSATION_FILTER_COLUMNS));
    // The assignment order (core/routing): priority, then the longest wait.
    query = query.orderBy('priority', 'desc').orderBy('queued_at', (ob) => ob.asc().nullsLast());
  }
  return (await query.orderBy('conversation_id').limit(q.limit).execute()) as InboxRow[];
}

export interface LockedConversation {
  readonly status: 'bot' | 'queued' | 'assigned' | 'closed';
  readonly queue_id: string | null;
  readonly assignee_id: string | null;
  readonly required_skills: string[];
  readonly priority: number;
  readonly queued_at: Date | null;
}

export function lockConversation(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
): Promise<LockedConversation | undefined> {
  return trx
    .selectFrom('conversations')
    .select(['status', 'queue_id', 'assignee_id', 'required_skills', 'priority', 'queued_at'])
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Back to waiting, in another queue (or the same): unassigned, keeping its place (`queued_at`),
 * its SLA due by the new queue's targets from that place. The previous agent's load is recounted.
 * The caller holds the conversation's lock.
 */
export async function requeue(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
  current: LockedConversation,
  toQueueId: string,
  at: Date,
): Promise<void> {
  const queuedAt = current.queued_at ?? at;
  const queue = await getQueue(trx, tenantId, toQueueId);
  const due = queue
    ? slaDue(queue.businessHours, queue, queuedAt)
    : { firstResponseDue: null, resolutionDue: null };
  await trx
    .updateTable('conversations')
    .set({
      status: 'queued',
      queue_id: toQueueId,
      assignee_id: null,
      assigned_at: null,
      queued_at: queuedAt,
      sla_first_response_due: due.firstResponseDue,
      sla_resolution_due: due.resolutionDue,
      updated_at: at,
    })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .execute();
  if (current.status === 'assigned' && current.assignee_id) {
    await lockPresence(trx, tenantId, [current.assignee_id]);
    await recountActive(trx, tenantId, current.assignee_id);
  }
}

/** Why `agent` cannot take the conversation now, or undefined when they can. */
function refusal(agent: LockedAgent | undefined, current: LockedConversation, queueId: string) {
  const conv = {
    conversationId: '',
    queueId,
    requiredSkills: current.required_skills,
    priority: current.priority,
    queuedAt: 0,
  };
  if (!agent) return 'has no presence';
  if (isEligible(agent, conv)) return undefined;
  if (!agent.queueIds.includes(queueId)) return 'not a member of the queue';
  if (agent.status !== 'online') return 'not online';
  if (agent.active >= agent.capacity) return 'at capacity';
  return 'missing a required skill';
}

/**
 * Straight to a colleague, under the guards of automatic assignment (core/routing): online, a
 * member of the conversation's queue, holding its skills, below capacity, account enabled — 409
 * otherwise. The previous agent's load is recounted. The caller holds the conversation's lock.
 */
export async function handTo(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
  current: LockedConversation,
  userId: string,
  at: Date,
): Promise<void> {
  if (!current.queue_id) throw new AppError('conflict', 'The conversation is in no queue.');
  const previous = current.status === 'assigned' ? current.assignee_id : null;
  const locked = await lockPresence(trx, tenantId, previous ? [userId, previous] : [userId]);
  const why = refusal(
    locked.find((a) => a.userId === userId),
    current,
    current.queue_id,
  );
  if (why)
    throw new AppError('conflict', `The colleague cannot take this conversation: ${why}.`, {
      details: { reason: why },
    });
  const taken = await trx
    .updateTable('agent_presence')
    .set((eb) => ({ active_count: eb('active_count', '+', 1), last_assigned_at: at, updated_at: at }))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'online')
    .where(sql<boolean>`active_count < capacity`)
    .executeTakeFirst();
  if (taken.numUpdatedRows !== 1n)
    throw new AppError('conflict', 'The colleague cannot take this conversation: at capacity.', {
      details: { reason: 'at capacity' },
    });
  await trx
    .updateTable('conversations')
    .set({ status: 'assigned', assignee_id: userId, assigned_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .execute();
  if (previous) await recountActive(trx, tenantId, previous);
}

/**
 * The workspace's part of a close, in the transaction that closed it: who, why, whether the
 * contact was asked to rate it (at the same instant). Refused (conflict, which rolls the close
 * back) when someone else closed it first, or it moved to another agent or queue meanwhile.
 */
export async function markClosed(
  trx: Transaction<Database>,
  input: {
    readonly tenantId: string;
    readonly conversationId: string;
    readonly closedBy: string;
    readonly disposition: string;
    readonly askRating: boolean;
    readonly expected: { readonly assigneeId: string | null; readonly queueId: string | null };
  },
): Promise<void> {
  const marked = await trx
    .updateTable('conversations')
    .set({
      closed_by: input.closedBy,
      disposition: input.disposition,
      csat_requested_at: input.askRating ? sql<Date>`closed_at` : null,
    })
    .where('tenant_id', '=', input.tenantId)
    .where('conversation_id', '=', input.conversationId)
    .where('status', '=', 'closed')
    .where('disposition', 'is', null)
    .where(sql<boolean>`assignee_id is not distinct from ${input.expected.assigneeId}::uuid`)
    .where(sql<boolean>`queue_id is not distinct from ${input.expected.queueId}::text`)
    .executeTakeFirst();
  if (marked.numUpdatedRows !== 1n)
    throw new AppError('conflict', 'The conversation changed meanwhile (closed or moved); reload it.');
  if (input.expected.assigneeId) {
    await lockPresence(trx, input.tenantId, [input.expected.assigneeId]);
    await recountActive(trx, input.tenantId, input.expected.assigneeId);
  }
}

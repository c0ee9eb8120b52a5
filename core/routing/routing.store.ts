import { type Kysely, sql, type Transaction } from 'kysely';
import { isQueueId } from '../access/queues.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { type AgentState, chooseAgent, isEligible, type PlannedAssignment } from './assign.ts';
import { isOpen } from './business-hours.ts';
import {
  type AgentRow,
  assertSkills,
  assertUuid,
  lockPresence,
  recountActive,
  toAgentState,
} from './presence.store.ts';
import { getQueue } from './routing-queue.store.ts';
import { slaDue } from './sla.ts';

/**
 * Atomic assignment on one PostgreSQL shared by several Custos processes (DESIGN §5): the
 * conversation is taken with FOR UPDATE SKIP LOCKED, the candidate agents' presence rows are
 * locked in user-id order, `chooseAgent` decides, and the increment is guarded by
 * `active_count < capacity`. Lock order and the meaning of `active_count`: presence.store.ts.
 */

export interface EnqueueInput {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  /** Why the bot handed off: a code such as `user-request`, `emergency`, `low-confidence`. */
  readonly reason: string;
  readonly now: Date;
}

export interface Enqueued {
  readonly conversationId: string;
  readonly queueId: string;
  readonly queuedAt: Date;
  readonly slaFirstResponseDue: Date | null;
  readonly slaResolutionDue: Date | null;
  /** Whether the queue is staffed now; when not, `outOfHoursMessage` is what to tell the contact. */
  readonly open: boolean;
  readonly outOfHoursMessage: { readonly 'zh-CN': string; readonly en: string } | null;
}

const REASON = /^[a-z][a-z0-9_-]{0,47}$/;
/** How many waiting conversations one `assignNext` looks at before it gives up. */
const SCAN_LIMIT = 25;
/**
 * How often `assignNext` starts over when the agents changed between its read and its lock. Each
 * such change is another transaction's assignment or presence update, so retries make progress;
 * after the last one `assignNext` reports nothing assigned, and the next wake-up tries again.
 */
const ATTEMPTS = 10;

function validateEnqueue(input: EnqueueInput): void {
  const issues: { path: string; message: string }[] = [];
  if (!isQueueId(input.queueId)) issues.push({ path: 'queueId', message: 'not a queue id' });
  if (!(Number.isInteger(input.priority) && input.priority >= 0 && input.priority <= 100))
    issues.push({ path: 'priority', message: 'an integer from 0 to 100' });
  if (!REASON.test(input.reason)) issues.push({ path: 'reason', message: 'a short lower-case code' });
  if (issues.length > 0) throw new AppError('validation_failed', 'The handoff is invalid.', { issues });
  assertSkills(input.requiredSkills, 'requiredSkills');
}

/**
 * Puts a conversation in a queue (a handoff from the bot, or a transfer). From the bot the wait
 * starts now; a transfer keeps its place (`queued_at`) and frees its agent. The SLA is due by the
 * queue's targets, counted in its business hours.
 */
/**
 * A hand-off the conversation store wrote (the assistant's patch to `queued`): starts the SLA
 * clock of the queue it went to, from the time it was first queued, unless it runs already. In
 * the writer's transaction, so a queued conversation never waits without its due times.
 */
export async function startSlaClock(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
): Promise<void> {
  const row = await trx
    .selectFrom('conversations')
    .select(['status', 'queue_id', 'queued_at', 'sla_first_response_due'])
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (row?.status !== 'queued' || !row.queue_id || !row.queued_at || row.sla_first_response_due !== null)
    return;
  const queue = await getQueue(trx, tenantId, row.queue_id);
  if (!queue) return;
  const due = slaDue(queue.businessHours, queue, row.queued_at);
  await trx
    .updateTable('conversations')
    .set({ sla_first_response_due: due.firstResponseDue, sla_resolution_due: due.resolutionDue })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .execute();
}

export async function enqueue(db: Kysely<Database>, input: EnqueueInput): Promise<Enqueued> {
  validateEnqueue(input);
  assertUuid(input.conversationId, 'conversation');
  const { tenantId, conversationId, now } = input;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('conversations')
      .select(['status', 'assignee_id', 'queued_at'])
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', 'No such conversation.');
    if (current.status === 'closed') throw new AppError('conflict', 'The conversation is closed.');
    const queuedAt = current.status === 'bot' ? now : (current.queued_at ?? now);
    const queue = await getQueue(trx, tenantId, input.queueId);
    const due = queue
      ? slaDue(queue.businessHours, queue, queuedAt)
      : { firstResponseDue: null, resolutionDue: null };
    await trx
      .updateTable('conversations')
      .set({
        status: 'queued',
        queue_id: input.queueId,
        required_skills: [...input.requiredSkills],
        priority: input.priority,
        handoff_reason: input.reason,
        queued_at: queuedAt,
        assignee_id: null,
        assigned_at: null,
        sla_first_response_due: due.firstResponseDue,
        sla_resolution_due: due.resolutionDue,
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .execute();
    if (current.status === 'assigned' && current.assignee_id) {
      await lockPresence(trx, tenantId, [current.assignee_id]);
      await recountActive(trx, tenantId, current.assignee_id);
    }
    return {
      conversationId,
      queueId: input.queueId,
      queuedAt,
      slaFirstResponseDue: due.firstResponseDue,
      slaResolutionDue: due.resolutionDue,
      open: queue?.businessHours ? isOpen(queue.businessHours, now) : true,
      outOfHoursMessage: queue?.outOfHoursMessage ?? null,
    };
  });
}

export interface AssignNextInput {
  readonly tenantId: string;
  /** Only this queue; otherwise every `auto` queue. */
  readonly queueId?: string;
  readonly now: Date;
}

/** Agents a decision may go to, read without locks: a first guess, checked again under lock. */
async function availableAgents(trx: Transaction<Database>, tenantId: string, queueId?: string) {
  const { rows } = await sql<AgentRow>`
    select p.user_id, p.status, p.capacity, p.active_count, p.skills, p.last_assigned_at,
           u.queue_ids, u.disabled
    from agent_presence p
    join users u on u.tenant_id = p.tenant_id and u.user_id = p.user_id
    where p.tenant_id = ${tenantId} and p.status = 'online' and p.active_count < p.capacity
      and not u.disabled ${queueId === undefined ? sql`` : sql`and ${queueId} = any(u.queue_ids)`}`.execute(
    trx,
  );
  return rows.map(toAgentState);
}

type WaitingRow = {
  conversation_id: string;
  queue_id: string;
  required_skills: string[];
  priority: number;
  queued_at: Date | null;
};

/** The best waiting conversation of `queues` not yet tried, locked, or undefined. */
async function takeWaiting(
  trx: Transaction<Database>,
  tenantId: string,
  queues: readonly string[],
  tried: readonly string[],
): Promise<WaitingRow | undefined> {
  const { rows } = await sql<WaitingRow>`
    select c.conversation_id, c.queue_id, c.required_skills, c.priority, c.queued_at
    from conversations c
    where c.tenant_id = ${tenantId} and c.status = 'queued' and c.queue_id = any(${[...queues]}::text[])
      and not (c.conversation_id = any(${[...tried]}::uuid[]))
      and not exists (select 1 from routing_queues q
                      where q.tenant_id = c.tenant_id and q.queue_id = c.queue_id and q.mode = 'pick')
    order by c.priority desc, c.queued_at asc nulls last, c.conversation_id
    limit 1
    for update of c skip locked`.execute(trx);
  return rows[0];
}

class StaleAgents extends Error {}

/**
 * One assignment, in one transaction, or undefined when nothing waiting can go to anyone now.
 * Safe to run from any number of processes at once: each takes a different conversation, and
 * no agent is ever pushed over capacity.
 */
export async function assignNext(
  db: Kysely<Database>,
  input: AssignNextInput,
): Promise<PlannedAssignment | undefined> {
  if (input.queueId !== undefined && !isQueueId(input.queueId))
    throw new AppError('validation_failed', 'Not a queue id.', {
      issues: [{ path: 'queueId', message: 'not a queue id' }],
    });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await db.transaction().execute((trx) => assignOnce(trx, input));
    } catch (error) {
      if (!(error instanceof StaleAgents)) throw error;
    }
  }
  return undefined;
}

async function assignOnce(trx: Transaction<Database>, input: AssignNextInput) {
  const { tenantId, now } = input;
  const agents = await availableAgents(trx, tenantId, input.queueId);
  const queues = [...new Set(agents.flatMap((a) => a.queueIds))].filter(
    (q) => input.queueId === undefined || q === input.queueId,
  );
  if (queues.length === 0) return undefined;
  const tried: string[] = [];
  for (let i = 0; i < SCAN_LIMIT; i++) {
    const row = await takeWaiting(trx, tenantId, queues, tried);
    if (!row) return undefined;
    tried.push(row.conversation_id);
    const conv = {
      conversationId: row.conversation_id,
      queueId: row.queue_id,
      requiredSkills: row.required_skills,
      priority: row.priority,
      queuedAt: row.queued_at?.getTime() ?? Number.MAX_SAFE_INTEGER,
    };
    const candidates = agents.filter((a) => isEligible(a, conv));
    if (candidates.length === 0) continue;
    // One lock statement per transaction: waiting on presence rows while holding others taken
    // by an earlier statement could deadlock. If the agents changed since the read, start over.
    const locked = await lockPresence(
      trx,
      tenantId,
      candidates.map((a) => a.userId),
    );
    const chosen = chooseAgent(conv, locked);
    if (!chosen) throw new StaleAgents();
    await assign(trx, tenantId, conv.conversationId, chosen, now);
    return { conversationId: conv.conversationId, userId: chosen.userId };
  }
  return undefined;
}

/** The guarded writes of an assignment; the caller holds both rows' locks. */
async function assign(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
  agent: AgentState,
  now: Date,
): Promise<void> {
  const taken = await trx
    .updateTable('agent_presence')
    .set((eb) => ({ active_count: eb('active_count', '+', 1), last_assigned_at: now, updated_at: now }))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', agent.userId)
    .where('status', '=', 'online')
    .where(sql<boolean>`active_count < capacity`)
    .executeTakeFirst();
  if (taken.numUpdatedRows !== 1n) throw new StaleAgents();
  const moved = await trx
    .updateTable('conversations')
    .set({ status: 'assigned', assignee_id: agent.userId, assigned_at: now, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) throw new AppError('conflict', 'The conversation is no longer waiting.');
}

/** Assigns until nothing more can be; returns what it did, in order. */
export async function assignAll(db: Kysely<Database>, input: AssignNextInput): Promise<PlannedAssignment[]> {
  const done: PlannedAssignment[] = [];
  for (;;) {
    const next = await assignNext(db, input);
    if (!next) return done;
    done.push(next);
  }
}

export interface ClaimInput {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly userId: string;
  readonly now: Date;
}

/**
 * An agent takes a waiting conversation themselves (pick-mode queues), under the same rules
 * and guards as automatic assignment.
 */
export async function claim(db: Kysely<Database>, input: ClaimInput): Promise<PlannedAssignment> {
  const { tenantId, conversationId, userId, now } = input;
  assertUuid(conversationId, 'conversation');
  assertUuid(userId, 'user');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('conversations')
      .select(['status', 'queue_id', 'required_skills', 'priority', 'queued_at'])
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such conversation.');
    if (row.status !== 'queued' || !row.queue_id)
      throw new AppError('conflict', 'The conversation is not waiting in a queue.');
    const [agent] = await lockPresence(trx, tenantId, [userId]);
    if (!agent) throw new AppError('conflict', 'The agent has no presence; go online first.');
    const conv = {
      conversationId,
      queueId: row.queue_id,
      requiredSkills: row.required_skills,
      priority: row.priority,
      queuedAt: row.queued_at?.getTime() ?? 0,
    };
    if (!isEligible(agent, conv)) {
      const why = !agent.queueIds.includes(conv.queueId)
        ? 'not a member of the queue'
        : agent.status !== 'online'
          ? 'not online'
          : agent.active >= agent.capacity
            ? 'at capacity'
            : 'missing a required skill';
      throw new AppError(
        agent.queueIds.includes(conv.queueId) ? 'conflict' : 'forbidden',
        `The agent cannot take this conversation: ${why}.`,
        { details: { reason: why } },
      );
    }
    try {
      await assign(trx, tenantId, conversationId, agent, now);
    } catch (error) {
      if (error instanceof StaleAgents) throw new AppError('conflict', 'The agent is at capacity.');
      throw error;
    }
    return { conversationId, userId };
  });
}

/**
 * Call after a conversation left its agent (closed, or moved by other means): the agent's
 * `active_count` is recounted from what they hold, so it drops by exactly one however often
 * this runs. Returns the agent's new count, or undefined when the conversation has no agent.
 */
export async function release(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
): Promise<{ userId: string; active: number } | undefined> {
  assertUuid(conversationId, 'conversation');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('conversations')
      .select('assignee_id')
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such conversation.');
    if (!row.assignee_id) return undefined;
    const [agent] = await lockPresence(trx, tenantId, [row.assignee_id]);
    if (!agent) return undefined;
    await recountActive(trx, tenantId, row.assignee_id);
    const after = await trx
      .selectFrom('agent_presence')
      .select('active_count')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', row.assignee_id)
      .executeTakeFirstOrThrow();
    return { userId: row.assignee_id, active: after.active_count };
  });
}

/** The first staff reply stops the first-response clock; later replies change nothing. */
export async function markFirstResponse(
  db: Kysely<Database>,
  tenantId: string,
  conversationId: string,
  at: Date,
): Promise<boolean> {
  assertUuid(conversationId, 'conversation');
  const result = await db
    .updateTable('conversations')
    .set({ first_response_at: at })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .where('first_response_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

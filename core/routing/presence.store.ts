import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { AgentState } from './assign.ts';
import type { PresenceStatus } from './routing.table.ts';

/**
 * Agent presence: who takes conversations now, how many at once, with which skills.
 *
 * Lock order, everywhere in routing: conversation rows first, then presence rows (several of
 * them in user-id order, in one statement). `assignNext` takes its conversation with SKIP LOCKED
 * and never waits for one, so no two transactions can wait on each other in a cycle.
 *
 * `active_count` is the number of the agent's conversations with status `assigned`. Assigning
 * increments it under the guard `active_count < capacity`; everything that takes a conversation
 * away from an agent recounts it (`recountActive`) under the presence row's lock, so a release
 * that runs twice, or after someone else already moved the conversation, changes it exactly once.
 */
export interface AgentPresence {
  readonly tenantId: string;
  readonly userId: string;
  readonly status: PresenceStatus;
  readonly capacity: number;
  readonly active: number;
  readonly skills: readonly string[];
  readonly lastAssignedAt: Date | null;
  readonly lastSeenAt: Date;
}

export interface PresenceInput {
  readonly status: PresenceStatus;
  readonly capacity?: number;
  readonly skills?: readonly string[];
}

export const MAX_CAPACITY = 50;
const SKILL = /^[a-z][a-z0-9_-]{0,47}$/;
const MAX_SKILLS = 50;
const STATUSES: readonly PresenceStatus[] = ['online', 'away', 'offline'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertSkills(skills: readonly string[], path: string): void {
  const bad = skills.findIndex((s) => typeof s !== 'string' || !SKILL.test(s));
  if (bad >= 0 || skills.length > MAX_SKILLS) {
    throw new AppError('validation_failed', 'skills must be short lower-case codes', {
      issues: [
        {
          path: bad >= 0 ? `${path}.${bad}` : path,
          message: `at most ${MAX_SKILLS}, each matching ${SKILL}`,
        },
      ],
    });
  }
}

export function assertUuid(value: string, what: string): void {
  if (!UUID.test(value)) throw new AppError('not_found', `No such ${what}.`);
}

function validate(input: PresenceInput): void {
  const issues: { path: string; message: string }[] = [];
  if (!STATUSES.includes(input.status)) issues.push({ path: 'status', message: 'online, away or offline' });
  if (
    input.capacity !== undefined &&
    !(Number.isInteger(input.capacity) && input.capacity >= 0 && input.capacity <= MAX_CAPACITY)
  )
    issues.push({ path: 'capacity', message: `an integer from 0 to ${MAX_CAPACITY}` });
  if (issues.length > 0) throw new AppError('validation_failed', 'The presence is invalid.', { issues });
  if (input.skills) assertSkills(input.skills, 'skills');
}

type PresenceRow = {
  tenant_id: string;
  user_id: string;
  status: PresenceStatus;
  capacity: number;
  active_count: number;
  skills: string[];
  last_assigned_at: Date | null;
  last_seen_at: Date;
};

const toPresence = (r: PresenceRow): AgentPresence => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  status: r.status,
  capacity: r.capacity,
  active: r.active_count,
  skills: r.skills,
  lastAssignedAt: r.last_assigned_at,
  lastSeenAt: r.last_seen_at,
});

const PRESENCE_FIELDS = [
  'tenant_id',
  'user_id',
  'status',
  'capacity',
  'active_count',
  'skills',
  'last_assigned_at',
  'last_seen_at',
] as const;

/**
 * Sets an agent's presence (created on first use). Going `offline` also gives their
 * conversations back to their queues, as `goOffline` does; `away` keeps them but takes no new ones.
 */
export async function setPresence(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  input: PresenceInput,
  now: Date = new Date(),
): Promise<AgentPresence> {
  validate(input);
  assertUuid(userId, 'user');
  let presence: AgentPresence;
  try {
    const row = await db
      .insertInto('agent_presence')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        status: input.status,
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.skills ? { skills: [...input.skills] } : {}),
        last_seen_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id']).doUpdateSet({
          status: input.status,
          ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
          ...(input.skills ? { skills: [...input.skills] } : {}),
          last_seen_at: now,
          updated_at: now,
        }),
      )
      .returning(PRESENCE_FIELDS)
      .executeTakeFirstOrThrow();
    presence = toPresence(row);
  } catch (error) {
    // 23503: the user does not exist in this tenant.
    if ((error as { code?: string }).code === '23503') throw new AppError('not_found', 'No such user.');
    throw error;
  }
  if (input.status !== 'offline') return presence;
  await requeueHeld(db, tenantId, userId, now);
  return (await getPresence(db, tenantId, userId)) ?? presence;
}

export async function getPresence(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<AgentPresence | undefined> {
  assertUuid(userId, 'user');
  const row = await db
    .selectFrom('agent_presence')
    .select(PRESENCE_FIELDS)
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toPresence(row) : undefined;
}

/** A heartbeat: the agent is still there. False when they have no presence yet. */
export async function touch(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): Promise<boolean> {
  assertUuid(userId, 'user');
  const result = await db
    .updateTable('agent_presence')
    .set({ last_seen_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The agent stops taking conversations, and those they hold go back to their queues, keeping
 * their original `queued_at` so they do not lose their place. Returns the ids given back.
 *
 * Two transactions, for the lock order: the first marks the agent offline (after it, nothing new
 * is assigned to them); the second locks their conversations, then their presence row, and
 * requeues. Should the process die in between, calling this again finishes the work.
 */
export async function goOffline(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): Promise<string[]> {
  assertUuid(userId, 'user');
  const marked = await db
    .updateTable('agent_presence')
    .set({ status: 'offline', updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (marked.numUpdatedRows === 0n) throw new AppError('not_found', 'No presence for this user.');
  return requeueHeld(db, tenantId, userId, now);
}

/**
 * `goOffline` for an agent not heard from after `since` (their last socket closed then, or their
 * heartbeat is that old): nothing happens when their presence was touched later — a socket of
 * theirs on another process, a reconnection — or they are offline already. The check and the
 * status change are one conditional update, so a heartbeat that commits first always wins.
 * Returns the conversations given back, or undefined when the agent was left as they were.
 */
export async function goOfflineIfSilent(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  since: Date,
  now: Date = new Date(),
): Promise<string[] | undefined> {
  assertUuid(userId, 'user');
  const marked = await db
    .updateTable('agent_presence')
    .set({ status: 'offline', updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'offline')
    .where('last_seen_at', '<=', since)
    .executeTakeFirst();
  if (marked.numUpdatedRows === 0n) return undefined;
  return requeueHeld(db, tenantId, userId, now);
}

/** The second half of going offline: the agent's conversations back to their queues. */
function requeueHeld(db: Kysely<Database>, tenantId: string, userId: string, now: Date): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .selectFrom('conversations')
      .select('conversation_id')
      .where('tenant_id', '=', tenantId)
      .where('assignee_id', '=', userId)
      .where('status', '=', 'assigned')
      .orderBy('conversation_id')
      .forUpdate()
      .execute();
    const presence = await lockPresence(trx, tenantId, [userId]);
    // Back online in the meantime: they keep what they hold.
    if (presence[0]?.status !== 'offline' || held.length === 0) return [];
    const ids = held.map((r) => r.conversation_id);
    await trx
      .updateTable('conversations')
      .set({
        status: 'queued',
        assignee_id: null,
        assigned_at: null,
        queued_at: sql<Date>`coalesce(queued_at, ${now}::timestamptz)`,
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', 'in', ids)
      .execute();
    await recountActive(trx, tenantId, userId);
    return ids;
  });
}

export interface LockedAgent extends AgentState {
  readonly disabled: boolean;
}

/**
 * Locks presence rows, in user-id order (one statement, so two transactions locking
 * overlapping sets cannot deadlock), and reads them with the users' queues.
 */
export async function lockPresence(
  trx: Transaction<Database>,
  tenantId: string,
  userIds: readonly string[],
): Promise<LockedAgent[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<AgentRow>`
    select p.user_id, p.status, p.capacity, p.active_count, p.skills, p.last_assigned_at,
           u.queue_ids, u.disabled
    from agent_presence p
    join users u on u.tenant_id = p.tenant_id and u.user_id = p.user_id
    where p.tenant_id = ${tenantId} and p.user_id = any(${[...userIds]}::uuid[])
    order by p.user_id
    for update of p`.execute(trx);
  return rows.map(toAgentState);
}

export type AgentRow = {
  user_id: string;
  status: PresenceStatus;
  capacity: number;
  active_count: number;
  skills: string[];
  last_assigned_at: Date | null;
  queue_ids: string[];
  disabled: boolean;
};

export const toAgentState = (r: AgentRow): LockedAgent => ({
  userId: r.user_id,
  // A disabled account takes nothing, whatever its presence says.
  status: r.disabled ? 'offline' : r.status,
  capacity: r.capacity,
  active: r.active_count,
  skills: r.skills,
  queueIds: r.queue_ids,
  lastAssignedAt: r.last_assigned_at ? r.last_assigned_at.getTime() : 0,
  disabled: r.disabled,
});

/** Sets `active_count` to what the agent holds; the caller holds the presence row's lock. */
export async function recountActive(trx: Transaction<Database>, tenantId: string, userId: string) {
  await sql`
    update agent_presence set active_count = (
      select count(*)::int from conversations
      where tenant_id = ${tenantId} and assignee_id = ${userId} and status = 'assigned')
    where tenant_id = ${tenantId} and user_id = ${userId}`.execute(trx);
}

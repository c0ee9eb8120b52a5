import { type Kysely, sql, type Transaction } from 'kysely';
import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import { asSubject } from '../access/ability.ts';
import { accessActorOf, authorizeActor } from '../access/actor-ability.ts';
import { authorize } from '../access/authorize.ts';
import { OPERATIONS_ROLES, type Role } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { isEligible, type PlannedAssignment, type WaitingConversation } from './assign.ts';
import {
  type AgentPresence,
  assertUuid,
  getPresence,
  type LockedAgent,
  lockPresence,
  type PresenceInput,
  recountActive,
  setPresence,
} from './presence.store.ts';
import type { PresenceStatus } from './routing.table.ts';
import { type RoutingQueue, saveQueue } from './routing-queue.store.ts';

/** The tenant a request names, as the routes resolve it from the slug. */
export interface RoutingTenant {
  readonly id: string;
  readonly vertical: string;
}

export interface RoutingServiceDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  /** Records queue-setting changes and reassignments; without it nothing is recorded. */
  readonly audit?: Pick<AuditLog, 'record'>;
  readonly now?: () => Date;
}

/** What an agent's presence is before they first set one: the column defaults of agent_presence. */
const NO_PRESENCE = { status: 'offline' as PresenceStatus, capacity: 3, active: 0, skills: [] as string[] };

export interface MyPresence {
  readonly userId: string;
  readonly status: PresenceStatus;
  readonly capacity: number;
  readonly active: number;
  readonly skills: readonly string[];
  readonly lastSeenAt: Date | null;
}

export interface QueueAgentLoad {
  readonly userId: string;
  readonly status: PresenceStatus;
  readonly active: number;
  readonly capacity: number;
}

export interface QueueOverview {
  readonly queueId: string;
  readonly mode: 'auto' | 'pick';
  readonly waiting: number;
  readonly emergenciesWaiting: number;
  readonly oldestQueuedAt: Date | null;
  readonly oldestWaitSeconds: number | null;
  /** Conversations without a first staff reply, by their first-response SLA. */
  readonly slaNearBreach: number;
  readonly slaBreached: number;
  readonly agentsOnline: number;
  /** Open callback requests of the queue's conversations (callback-request.service.ts). */
  readonly callbacksOpen: number;
  /** Members of the queue who are online or away, with what they hold. */
  readonly agents: readonly QueueAgentLoad[];
}

/** The share of the first-response time left at which a conversation is near breach (sla.ts). */
export const NEAR_BREACH_FRACTION = 0.2;
const EMERGENCY = 100;

const rolesOf = (actor: Actor): readonly Role[] => accessActorOf(actor)?.roles ?? [];
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

// Routing is operations work of the hospital or school, as keeping its answers current is.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HOPERAT');

/**
 * A routing action needs no permission on personal data and reads none: the event names who did
 * what to which conversation or queue, never a data subject.
 */
function routingEvent(
  tenant: RoutingTenant,
  actor: Actor,
  resource: { readonly type: string; readonly id: string },
): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  const kind = actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff';
  return {
    tenantId: tenant.id,
    actor: { id: actor.id, role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'), kind },
    action: 'update',
    purpose: purposeOf(tenant.vertical),
    resource,
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  };
}

/** Why `agent` cannot take `conv`, or undefined when they can. */
function refusal(agent: LockedAgent | undefined, conv: WaitingConversation): string | undefined {
  if (!agent) return 'has no presence';
  if (isEligible(agent, conv)) return undefined;
  if (!agent.queueIds.includes(conv.queueId)) return 'not a member of the queue';
  if (agent.status !== 'online') return 'not online';
  if (agent.active >= agent.capacity) return 'at capacity';
  return 'missing a required skill';
}

/**
 * Routing for staff (core/routing/README.md): their own presence, the supervisors' view of their
 * queues, queue settings, and reassignment. Every method authorizes first. Core/access has no
 * subject for presence or queue settings, so those map onto the nearest ones: a staff member's
 * own `User` record, and `TenantSettings`; reassigning is `assign` plus `update assigneeId` of
 * the `Conversation`, which only supervisors of its queue hold.
 */
export function createRoutingService(deps: RoutingServiceDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  /** The actor's own presence may be read and set by staff who work queues. */
  function authorizeOwnPresence(actor: Actor, tenant: RoutingTenant): void {
    authorizeActor(actor, 'read', { type: 'User', attributes: { tenantId: tenant.id, id: actor.id } });
    if (!rolesOf(actor).some((role) => OPERATIONS_ROLES.includes(role)))
      throw new AppError('forbidden', 'Only staff who work queues have a presence.', {
        details: { action: 'update', subject: 'Presence' },
      });
  }

  /** The queues whose overview the actor may see: those of theirs they may reassign in. */
  function supervisedQueues(actor: Actor, tenant: RoutingTenant): string[] {
    const ability = authorizeActor(actor, 'assign', 'Conversation');
    const queueIds = accessActorOf(actor)?.queueIds ?? [];
    const supervised = queueIds.filter((queueId) =>
      ability.can('assign', asSubject('Conversation', { tenantId: tenant.id, queueId, status: 'assigned' })),
    );
    if (supervised.length === 0)
      throw new AppError('forbidden', 'Only supervisors see the overview of their queues.', {
        details: { action: 'read', subject: 'QueueOverview' },
      });
    return supervised;
  }

  return {
    async myPresence(actor: Actor, tenant: RoutingTenant): Promise<MyPresence> {
      authorizeOwnPresence(actor, tenant);
      const presence = await getPresence(db, tenant.id, actor.id);
      return presence ? toMine(presence) : { userId: actor.id, ...NO_PRESENCE, lastSeenAt: null };
    },

    /**
     * Sets the actor's own presence. Capacity is changed by supervisors and tenant admins only,
     * skills by tenant admins only; sending the current value back is not a change.
     */
    async setMyPresence(actor: Actor, tenant: RoutingTenant, input: PresenceInput): Promise<MyPresence> {
      authorizeOwnPresence(actor, tenant);
      const roles = rolesOf(actor);
      const current = (await getPresence(db, tenant.id, actor.id)) ?? NO_PRESENCE;
      if (
        input.capacity !== undefined &&
        input.capacity !== current.capacity &&
        !roles.some((role) => role === 'supervisor' || role === 'tenant_admin')
      )
        throw new AppError('forbidden', 'Only supervisors and tenant admins change a capacity.', {
          details: { action: 'update', subject: 'Presence', field: 'capacity' },
        });
      if (
        input.skills !== undefined &&
        !sameSet(input.skills, current.skills) &&
        !roles.includes('tenant_admin')
      )
        throw new AppError('forbidden', 'Only tenant admins change skills.', {
          details: { action: 'update', subject: 'Presence', field: 'skills' },
        });
      return toMine(await setPresence(db, tenant.id, actor.id, input, now()));
    },

    /** Per supervised queue: who waits, for how long, how the SLA stands, who works it. */
    async overview(actor: Actor, tenant: RoutingTenant, only?: string): Promise<QueueOverview[]> {
      let queues = supervisedQueues(actor, tenant);
      if (only !== undefined) {
        // Another queue is "not found", as one that does not exist: nothing is learnt of it.
        if (!queues.includes(only)) throw new AppError('not_found', `No queue "${only}" of yours.`);
        queues = [only];
      }
      return queueOverview(db, tenant.id, queues.sort(), now());
    },

    /** Creates or replaces a queue's routing settings (tenant admins). */
    async saveQueueSettings(actor: Actor, tenant: RoutingTenant, input: RoutingQueue): Promise<RoutingQueue> {
      authorizeActor(actor, 'update', { type: 'TenantSettings', attributes: { tenantId: tenant.id } });
      const at = now();
      if (!audit) return saveQueue(db, tenant.id, input, at);
      return db.transaction().execute(async (trx) => {
        const saved = await saveQueue(trx, tenant.id, input, at);
        await audit.record(trx, routingEvent(tenant, actor, { type: 'RoutingQueue', id: saved.queueId }));
        return saved;
      });
    },

    /**
     * A supervisor gives a waiting or assigned conversation to a named agent of its queue, who
     * must be online, below capacity and hold its skills. The previous agent's count is
     * recounted. Lock order as in routing.store.ts: the conversation, then presence rows.
     */
    async reassign(
      actor: Actor,
      tenant: RoutingTenant,
      conversationId: string,
      userId: string,
    ): Promise<PlannedAssignment & { readonly previousUserId: string | null }> {
      const ability = authorizeActor(actor, 'assign', 'Conversation');
      assertUuid(conversationId, 'conversation');
      assertUuid(userId, 'agent');
      const at = now();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('conversations')
          .select([
            'status',
            'queue_id',
            'assignee_id',
            'contact_id',
            'channel',
            'care_team',
            'school_id',
            'priority',
            'required_skills',
            'queued_at',
          ])
          .where('tenant_id', '=', tenant.id)
          .where('conversation_id', '=', conversationId)
          .forUpdate()
          .executeTakeFirst();
        const subject = row && {
          type: 'Conversation' as const,
          attributes: {
            tenantId: tenant.id,
            id: conversationId,
            contactId: row.contact_id,
            assigneeId: row.assignee_id,
            queueId: row.queue_id,
            status: row.status,
            channel: row.channel,
            careTeam: row.care_team,
            schoolId: row.school_id,
            priority: row.priority,
          },
        };
        if (!row || !subject || !ability.can('read', asSubject(subject.type, subject.attributes)))
          throw new AppError('not_found', 'No such conversation.');
        authorize(ability, 'assign', subject);
        authorize(ability, 'update', subject, 'assigneeId');
        if ((row.status !== 'queued' && row.status !== 'assigned') || !row.queue_id)
          throw new AppError('conflict', 'The conversation is neither waiting nor assigned.');
        const previous = row.status === 'assigned' ? row.assignee_id : null;
        if (previous === userId) return { conversationId, userId, previousUserId: previous };
        const locked = await lockPresence(trx, tenant.id, previous ? [userId, previous] : [userId]);
        const conv: WaitingConversation = {
          conversationId,
          queueId: row.queue_id,
          requiredSkills: row.required_skills,
          priority: row.priority,
          queuedAt: row.queued_at?.getTime() ?? 0,
        };
        const why = refusal(
          locked.find((a) => a.userId === userId),
          conv,
        );
        if (why)
          throw new AppError('conflict', `The agent cannot take this conversation: ${why}.`, {
            details: { reason: why },
          });
        await giveTo(trx, tenant.id, conversationId, userId, at);
        if (previous) await recountActive(trx, tenant.id, previous);
        await audit?.record(trx, routingEvent(tenant, actor, { type: 'Conversation', id: conversationId }));
        return { conversationId, userId, previousUserId: previous };
      });
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;

const toMine = (p: AgentPresence | MyPresence): MyPresence => ({
  userId: p.userId,
  status: p.status,
  capacity: p.capacity,
  active: p.active,
  skills: p.skills,
  lastSeenAt: p.lastSeenAt,
});

/** The guarded writes of a reassignment; the caller holds the conversation's and the agent's locks. */
async function giveTo(
  trx: Transaction<Database>,
  tenantId: string,
  conversationId: string,
  userId: string,
  at: Date,
): Promise<void> {
  const taken = await trx
    .updateTable('agent_presence')
    .set((eb) => ({ active_count: eb('active_count', '+', 1), last_assigned_at: at, updated_at: at }))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'online')
    .where(sql<boolean>`active_count < capacity`)
    .executeTakeFirst();
  if (taken.numUpdatedRows !== 1n) throw new AppError('conflict', 'The agent is at capacity.');
  await trx
    .updateTable('conversations')
    .set({ status: 'assigned', assignee_id: userId, assigned_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .execute();
}

type CountRow = {
  queue_id: string;
  waiting: number;
  emergencies: number;
  oldest: Date | null;
  near: number;
  breached: number;
};

type LoadRow = {
  user_id: string;
  status: PresenceStatus;
  capacity: number;
  active_count: number;
  queue_ids: string[];
};

async function queueOverview(
  db: Kysely<Database>,
  tenantId: string,
  queues: readonly string[],
  at: Date,
): Promise<QueueOverview[]> {
  const open = sql`c.first_response_at is null and c.sla_first_response_due is not null`;
  const { rows: counts } = await sql<CountRow>`
    select c.queue_id,
      count(*) filter (where c.status = 'queued')::int as waiting,
      count(*) filter (where c.status = 'queued' and c.priority >= ${EMERGENCY})::int as emergencies,
      min(c.queued_at) filter (where c.status = 'queued') as oldest,
      count(*) filter (where ${open} and c.sla_first_response_due <= ${at}::timestamptz)::int as breached,
      count(*) filter (where ${open} and c.sla_first_response_due > ${at}::timestamptz
        and c.queued_at is not null
        and c.sla_first_response_due - (c.sla_first_response_due - c.queued_at) * ${NEAR_BREACH_FRACTION}::float8
            <= ${at}::timestamptz)::int as near
    from conversations c
    where c.tenant_id = ${tenantId} and c.queue_id = any(${[...queues]}::text[])
      and c.status in ('queued', 'assigned')
    group by c.queue_id`.execute(db);
  const { rows: loads } = await sql<LoadRow>`
    select p.user_id, p.status, p.capacity, p.active_count, u.queue_ids
    from agent_presence p
    join users u on u.tenant_id = p.tenant_id and u.user_id = p.user_id
    where p.tenant_id = ${tenantId} and p.status <> 'offline' and not u.disabled
      and u.queue_ids && ${[...queues]}::text[]
    order by p.user_id`.execute(db);
  const modes = await db
    .selectFrom('routing_queues')
    .select(['queue_id', 'mode'])
    .where('tenant_id', '=', tenantId)
    .where('queue_id', 'in', [...queues])
    .execute();
  const { rows: callbacks } = await sql<{ queue_id: string; open: number }>`
    select c.queue_id, count(*)::int as open
    from callback_requests r
    join conversations c on c.tenant_id = r.tenant_id and c.conversation_id = r.conversation_id
    where r.tenant_id = ${tenantId} and r.status = 'open' and c.queue_id = any(${[...queues]}::text[])
    group by c.queue_id`.execute(db);
  return queues.map((queueId) => {
    const count = counts.find((c) => c.queue_id === queueId);
    const agents = loads
      .filter((l) => l.queue_ids.includes(queueId))
      .map((l) => ({ userId: l.user_id, status: l.status, active: l.active_count, capacity: l.capacity }));
    const oldest = count?.oldest ?? null;
    return {
      queueId,
      mode: modes.find((m) => m.queue_id === queueId)?.mode ?? 'auto',
      waiting: count?.waiting ?? 0,
      emergenciesWaiting: count?.emergencies ?? 0,
      oldestQueuedAt: oldest,
      oldestWaitSeconds: oldest ? Math.max(0, Math.floor((at.getTime() - oldest.getTime()) / 1000)) : null,
      slaNearBreach: count?.near ?? 0,
      slaBreached: count?.breached ?? 0,
      agentsOnline: agents.filter((a) => a.status === 'online').length,
      callbacksOpen: callbacks.find((c) => c.queue_id === queueId)?.open ?? 0,
      agents,
    };
  });
}

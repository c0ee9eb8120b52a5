import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { conversationWorld } from '../conversations/conversation.fixture.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { PRIORITY } from './assign.ts';
import { setPresence } from './presence.store.ts';
import { enqueue } from './routing.store.ts';

/**
 * Test wiring for routing: the conversation world (a tenant, synthetic contacts and their
 * conversations, the application's row-secured view) plus staff users with a presence, and
 * conversations handed off to a queue. Routing runs on `app`, as the application does.
 */
export async function routingWorld(handle: DatabaseHandle) {
  const world = await conversationWorld(handle);
  const { tenantId, app } = world;
  let n = 0;

  return {
    ...world,
    /** A staff user in `queueIds`, online (unless told otherwise) with `capacity` and `skills`. */
    async agent(
      options: {
        queueIds?: readonly string[];
        capacity?: number;
        skills?: readonly string[];
        status?: 'online' | 'away' | 'offline';
      } = {},
    ): Promise<string> {
      const userId = randomUUID();
      await handle.db
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          login_name: `agent-${userId.slice(0, 8)}`,
          password_hash: '$synthetic$not-a-password',
          roles: JSON.stringify(['agent']),
          queue_ids: [...(options.queueIds ?? ['front-desk'])].sort(),
        })
        .execute();
      await setPresence(app, tenantId, userId, {
        status: options.status ?? 'online',
        capacity: options.capacity ?? 3,
        skills: options.skills ?? [],
      });
      return userId;
    },
    /** A conversation of a new synthetic contact, handed off to `queueId`. */
    async waiting(
      options: { queueId?: string; skills?: readonly string[]; priority?: number; now?: Date } = {},
    ): Promise<string> {
      const { conversation } = await world.conversation(++n);
      await enqueue(app, {
        tenantId,
        conversationId: conversation.id,
        queueId: options.queueId ?? 'front-desk',
        requiredSkills: options.skills ?? [],
        priority: options.priority ?? PRIORITY.normal,
        reason: 'user-request',
        now: options.now ?? new Date(Date.UTC(2026, 10, 24, 1, 0, n)),
      });
      return conversation.id;
    },
  };
}

export type RoutingWorld = Awaited<ReturnType<typeof routingWorld>>;

/** Who holds what: every conversation of the tenant with its status and assignee, and every agent's count. */
export async function routingState(db: Kysely<Database>, tenantId: string) {
  const conversations = await db
    .selectFrom('conversations')
    .select(['conversation_id', 'status', 'assignee_id', 'queued_at'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const { rows: agents } = await sql<{
    user_id: string;
    capacity: number;
    active_count: number;
    held: number;
  }>`
    select p.user_id, p.capacity, p.active_count,
      (select count(*)::int from conversations c
       where c.tenant_id = p.tenant_id and c.assignee_id = p.user_id and c.status = 'assigned') as held
    from agent_presence p where p.tenant_id = ${tenantId}`.execute(db);
  return { conversations, agents };
}

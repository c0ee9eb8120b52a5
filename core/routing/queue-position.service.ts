import type { Kysely } from 'kysely';
import { conversationAccessOf } from '../channels/chat-gateway.ts';
import type { Actor } from '../context/request-context.ts';
import {
  abilityFor,
  type ConversationAccess,
  conversationSubject,
} from '../conversations/conversation-access.ts';
import { CONVERSATION_FIELDS, type ConversationRow } from '../conversations/conversation-write.ts';
import { isUuid } from '../conversations/message-sealing.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { queuePosition } from './queue-position.store.ts';
import { nextOpeningAt, queueOpen } from './queue-position.ts';
import type { RoutingTenant } from './routing.service.ts';
import { getQueue } from './routing-queue.store.ts';

export interface WaitingStatus {
  readonly status: ConversationRow['status'];
  readonly position: number | null;
  readonly ahead: number | null;
  readonly expectedWaitSeconds: number | null;
  /** Whether the conversation's queue is open now (a conversation without a queue: true). */
  readonly open: boolean;
  readonly nextOpeningAt: Date | null;
  readonly callbackRequested: boolean;
}

const notFound = () => new AppError('not_found', 'No such conversation.');

/**
 * The conversation a widget or staff credential names, when the actor may read it: a contact's
 * own, or one a staff member's rules let them read. Anything else, another tenant's included, is
 * "not found", exactly like one that does not exist.
 */
export async function readableConversation(
  db: Kysely<Database>,
  actor: Actor,
  tenant: RoutingTenant,
  conversationId: string,
): Promise<{ access: ConversationAccess; row: ConversationRow }> {
  const access = conversationAccessOf(actor);
  if (access.tenantId !== tenant.id || !isUuid(conversationId)) throw notFound();
  const row = await db
    .selectFrom('conversations')
    .select(CONVERSATION_FIELDS)
    .where('tenant_id', '=', tenant.id)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row || !abilityFor(access).can('read', conversationSubject(row))) throw notFound();
  return { access, row };
}

/**
 * Where a waiting conversation stands, for its contact's widget and for staff: metadata only (no
 * personal data is read), so not audited, as the staff conversation list is not.
 */
export function createQueuePositions(deps: { readonly db: Kysely<Database>; readonly now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async of(actor: Actor, tenant: RoutingTenant, conversationId: string): Promise<WaitingStatus> {
      const { row } = await readableConversation(db, actor, tenant, conversationId);
      const at = now();
      const place = await queuePosition(db, tenant.id, row.conversation_id, at);
      if (!place) throw notFound();
      const queue = place.queueId ? await getQueue(db, tenant.id, place.queueId) : undefined;
      const hours = queue?.businessHours ?? null;
      const open = await db
        .selectFrom('callback_requests')
        .select('request_id')
        .where('tenant_id', '=', tenant.id)
        .where('conversation_id', '=', row.conversation_id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return {
        status: place.status,
        position: place.position,
        ahead: place.ahead,
        expectedWaitSeconds: place.expectedWaitSeconds,
        open: queueOpen(hours, at),
        nextOpeningAt: nextOpeningAt(hours, at),
        callbackRequested: open !== undefined,
      };
    },
  };
}

export type QueuePositions = ReturnType<typeof createQueuePositions>;

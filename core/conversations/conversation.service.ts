import { type Kysely, sql } from 'kysely';
import type { AppAbility } from '../access/ability.ts';
import { accessFilter } from '../access/sql-filter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { contactConversations } from './contact-conversation.ts';
import {
  CONVERSATION_STATUSES,
  type Conversation,
  type ConversationStatus,
  type ConversationStore,
  type Message,
} from './conversation.ts';
import {
  abilityFor,
  CONVERSATION_FILTER_COLUMNS,
  type ConversationAccess,
  conversationSubject,
  messageSubject,
  requireStaff,
} from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import { CONVERSATION_FIELDS, toConversation } from './conversation-write.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';

export type { ConversationAccess };

export interface ConversationServiceDeps {
  readonly db: Kysely<Database>;
  readonly store: ConversationStore;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

export interface StaffListFilter {
  readonly status?: ConversationStatus;
  readonly queueId?: string;
  readonly limit?: number;
  /** `nextCursor(previous page)`. */
  readonly cursor?: string;
}

/** A staff read returns one page: this many messages at most; read on with the last seq. */
export const READ_PAGE = 1000;
const LIST_DEFAULT = 50;
const LIST_MAX = 200;

const notFound = () => new AppError('not_found', 'No such conversation.');

/**
 * Conversations for staff and for the contacts themselves (DESIGN §2.2, §2.4). Every method
 * authorizes first with the actor's CASL ability; a conversation the actor may not read is
 * "not found", exactly like one that does not exist. Staff reads and writes of messages, claims
 * and a contact's transcript download are audited, and the data is returned only once the audit
 * record has committed (fail closed).
 */
export function createConversationService(deps: ConversationServiceDeps) {
  const { db, store, audit, pseudonymKey } = deps;
  const now = deps.now ?? (() => new Date());
  const shared = conversationAudit(deps);
  const { purposeOf, load, record } = shared;
  const contactSide = contactConversations({ store, now, shared });

  /** The conversation, if the actor may read its messages; a refusal on an existing one is recorded. */
  async function readable(access: ConversationAccess, conversationId: string, ability: AppAbility) {
    const row = await load(access, conversationId);
    if (!row) throw notFound();
    if (!ability.can('read', messageSubject(row, { internal: false }))) {
      await record(access, row, 'read', 'staff', true);
      throw notFound();
    }
    return row;
  }

  return {
    /** Conversations the actor may read, oldest first; metadata only, so not audited. */
    async listForStaff(access: ConversationAccess, filter: StaffListFilter = {}): Promise<Conversation[]> {
      requireStaff(access);
      if (
        filter.status !== undefined &&
        !(CONVERSATION_STATUSES as readonly string[]).includes(filter.status)
      )
        throw new AppError('validation_failed', 'Unknown status.', {
          issues: [{ path: 'status', message: `expected one of: ${CONVERSATION_STATUSES.join(', ')}` }],
        });
      const limit = Math.min(Math.max(Math.trunc(filter.limit ?? LIST_DEFAULT), 1), LIST_MAX);
      let query = db
        .selectFrom('conversations')
        .select(CONVERSATION_FIELDS)
        .where('tenant_id', '=', access.tenantId)
        .where(accessFilter(abilityFor(access), 'read', 'Conversation', CONVERSATION_FILTER_COLUMNS));
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.queueId) query = query.where('queue_id', '=', filter.queueId);
      if (filter.cursor) {
        const after = decodeCursor(filter.cursor);
        query = query.where(
          sql<boolean>`(created_at, conversation_id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
        );
      }
      const rows = await query.orderBy('created_at').orderBy('conversation_id').limit(limit).execute();
      return rows.map(toConversation);
    },

    /** The cursor of the page after `page` (pass it as `filter.cursor`). */
    nextCursor: (page: readonly Conversation[]) => {
      const last = page.at(-1);
      return last && encodeCursor({ createdAt: last.createdAt, id: last.id });
    },

    async readMessages(access: ConversationAccess, conversationId: string, afterSeq = 0): Promise<Message[]> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await readable(access, conversationId, ability);
      const includeInternal = ability.can('read', messageSubject(row, { internal: true }));
      const messages = await store.after(access.tenantId, row.conversation_id, afterSeq, {
        limit: READ_PAGE,
        includeInternal,
      });
      await record(access, row, 'read', 'staff');
      return messages;
    },

    async sendAsStaff(
      access: ConversationAccess,
      conversationId: string,
      input: { clientMessageId?: string; body: string; internal?: boolean },
    ): Promise<{ message: Message; duplicate: boolean }> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await readable(access, conversationId, ability);
      const internal = input.internal === true;
      if (!ability.can('create', messageSubject(row, { internal, authorKind: 'staff' }))) {
        await record(access, row, 'create', 'staff', true);
        throw new AppError(
          'forbidden',
          `Not allowed to ${internal ? 'add a note to' : 'reply in'} this conversation.`,
        );
      }
      const purpose = await purposeOf(access, 'staff');
      return store.appendRecorded(
        access.tenantId,
        row.conversation_id,
        {
          ...(input.clientMessageId === undefined ? {} : { clientMessageId: input.clientMessageId }),
          authorKind: 'staff',
          authorId: access.actor.id,
          internal,
          body: input.body,
        },
        async (trx, message) =>
          audit.record(
            trx,
            await conversationEvent(pseudonymKey, access, row, 'create', purpose, {
              resource: { type: 'Message', id: message.id },
            }),
          ),
      );
    },

    /** An agent takes a waiting conversation; of two at once, one wins and the other gets 409. */
    async claim(access: ConversationAccess, conversationId: string): Promise<Conversation> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await load(access, conversationId);
      if (!row) throw notFound();
      // Judged as it was while waiting: whoever might have claimed it learns it is taken (409).
      const waiting = { ...row, status: 'queued' as const, assignee_id: null };
      if (!ability.can('assign', conversationSubject(waiting))) {
        const visible = ability.can('read', conversationSubject(row));
        await record(access, row, 'update', 'staff', true);
        if (!visible) throw notFound();
        throw new AppError('forbidden', 'Not allowed to take this conversation.');
      }
      const taken = () =>
        new AppError('conflict', 'The conversation is not waiting any more: someone took it.');
      if (row.status !== 'queued') throw taken();
      const purpose = await purposeOf(access, 'staff');
      const claimed = await store.updateIf(
        access.tenantId,
        row.conversation_id,
        { status: 'queued' },
        { status: 'assigned', assigneeId: access.actor.id },
        async (trx) =>
          audit.record(trx, await conversationEvent(pseudonymKey, access, row, 'update', purpose)),
      );
      if (!claimed) throw taken();
      return claimed;
    },

    ...contactSide,
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;

import type { Kysely } from 'kysely';
import type { PurposeOfUse } from '../../compliance/index.ts';
import { authorize, pickPermitted } from '../access/authorize.ts';
import { isQueueId } from '../access/queues.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { ConversationService } from './conversation.service.ts';
import type { Conversation, ConversationStore, Message, NewMessage } from './conversation.ts';
import {
  abilityFor,
  type ConversationAccess,
  conversationSubject,
  messageSubject,
  requireStaff,
} from './conversation-access.ts';
import { conversationAudit, conversationEvent } from './conversation-audit.ts';
import { type ConversationRow, toConversation } from './conversation-write.ts';
import { csatRequest } from './csat.service.ts';
import { isUuid } from './message-sealing.ts';
import {
  handTo,
  type InboxRow,
  inboxRows,
  lockConversation,
  markClosed,
  requeue,
} from './workspace.store.ts';
import {
  CSAT_DISPOSITIONS,
  type Disposition,
  INBOX_VIEWS,
  type InboxItem,
  type InboxView,
  isDisposition,
  RECENT_DAYS,
  type TransferTarget,
} from './workspace.ts';

export interface WorkspaceServiceDeps {
  readonly db: Kysely<Database>;
  readonly store: ConversationStore;
  readonly service: Pick<ConversationService, 'sendAsStaff'>;
  readonly bus: Pick<EventBus, 'publishCommitted'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

const INBOX_DEFAULT = 50;
const INBOX_MAX = 200;
const DAY_MS = 24 * 3600 * 1000;

const notFound = () => new AppError('not_found', 'No such conversation.');
const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is invalid.', { issues: [{ path, message }] });

/** The inbox entry as the access rules see it: the attributes rules test, and what may be shown. */
function inboxSubject(row: InboxRow) {
  return {
    tenantId: row.tenant_id,
    id: row.conversation_id,
    contactId: row.contact_id,
    assigneeId: row.assignee_id,
    queueId: row.queue_id,
    status: row.status,
    channel: row.channel,
    careTeam: row.care_team,
    schoolId: row.school_id,
    priority: row.priority,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    locale: row.locale,
    handoffReason: row.handoff_reason,
    queuedAt: row.queued_at,
    slaFirstResponseDue: row.sla_first_response_due,
    slaResolutionDue: row.sla_resolution_due,
    lastMessageAt: row.last_message_at,
    unreadCount: row.unread_count,
    disposition: row.disposition,
    closedBy: row.closed_by,
  };
}

// What an inbox entry may carry; the attributes used only for the decision (the contact, the care
// team, the school) never leave.
const INBOX_FIELDS = [
  'status',
  'channel',
  'locale',
  'queueId',
  'assigneeId',
  'priority',
  'handoffReason',
  'queuedAt',
  'slaFirstResponseDue',
  'slaResolutionDue',
  'lastMessageAt',
  'unreadCount',
  'disposition',
  'closedBy',
  'createdAt',
  'closedAt',
] as const;

/**
 * The agent workspace (docs/conversations.md §6): the inbox, internal notes, transfer to a queue
 * or a colleague, and close with a disposition and a satisfaction request. Every method
 * authorizes first with the actor's CASL ability; a conversation the actor may not read is "not
 * found", and refusals on existing ones are recorded. Every change is audited in its transaction.
 */
export function createWorkspaceService(deps: WorkspaceServiceDeps) {
  const { db, store, audit, pseudonymKey, bus } = deps;
  const now = deps.now ?? (() => new Date());
  const { load, record, purposeOf } = conversationAudit(deps);

  /** The conversation, if the actor may read it; refusal on an existing one recorded as `action`. */
  async function visible(access: ConversationAccess, conversationId: string, action: 'update' | 'create') {
    const row = await load(access, conversationId);
    if (!row) throw notFound();
    if (!abilityFor(access).can('read', conversationSubject(row))) {
      await record(access, row, action, 'staff', true);
      throw notFound();
    }
    return row;
  }

  async function refuse(access: ConversationAccess, row: ConversationRow, message: string): Promise<never> {
    await record(access, row, 'update', 'staff', true);
    throw new AppError('forbidden', message);
  }

  const noteOf = (access: ConversationAccess, body: string): NewMessage => ({
    authorKind: 'staff',
    authorId: access.actor.id,
    internal: true,
    body,
  });

  // The purpose is resolved before the transaction: PGlite has one connection.
  const messageEvent = (
    access: ConversationAccess,
    row: ConversationRow,
    message: Message,
    purpose: PurposeOfUse,
  ) =>
    conversationEvent(pseudonymKey, access, row, 'create', purpose, {
      resource: { type: 'Message', id: message.id },
    });

  async function current(access: ConversationAccess, conversationId: string): Promise<Conversation> {
    const row = await load(access, conversationId);
    if (!row) throw notFound();
    return toConversation(row);
  }

  return {
    /** One view of the caller's inbox; metadata only (no bodies, no names), so not audited. */
    async inbox(
      access: ConversationAccess,
      view: InboxView,
      options: { readonly limit?: number } = {},
    ): Promise<InboxItem[]> {
      requireStaff(access);
      const ability = abilityFor(access);
      authorize(ability, 'read', 'Conversation');
      if (!(INBOX_VIEWS as readonly string[]).includes(view))
        throw invalid('view', `expected one of: ${INBOX_VIEWS.join(', ')}`);
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? INBOX_DEFAULT), 1), INBOX_MAX);
      const rows = await inboxRows(db, {
        tenantId: access.tenantId,
        actorId: access.actor.id,
        ability,
        view,
        limit,
        since: new Date(now().getTime() - RECENT_DAYS * DAY_MS),
      });
      return rows.map((row) => {
        const permitted: Record<string, unknown> = pickPermitted(ability, 'Conversation', inboxSubject(row));
        const item: Record<string, unknown> = { id: row.conversation_id };
        for (const field of INBOX_FIELDS) if (field in permitted) item[field] = permitted[field];
        return item as unknown as InboxItem;
      });
    },

    /** An internal note: stored sealed like every message, never shown to the contact. */
    addNote(
      access: ConversationAccess,
      conversationId: string,
      input: { readonly body: string; readonly clientMessageId?: string },
    ): Promise<{ message: Message; duplicate: boolean }> {
      return deps.service.sendAsStaff(access, conversationId, { ...input, internal: true });
    },

    /**
     * To a queue: waiting again, unassigned, keeping its place, so the assignment loop (or an agent
     * of a pick queue) takes it. To a colleague: assigned at once, if routing's guards allow (409
     * otherwise). Only the assigned agent or a supervisor of its queue may; an optional note goes
     * with it as an internal message.
     */
    async transfer(
      access: ConversationAccess,
      conversationId: string,
      target: TransferTarget,
      note?: string,
    ): Promise<Conversation> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await visible(access, conversationId, 'update');
      const toQueue = 'toQueueId' in target;
      if (toQueue ? !isQueueId(target.toQueueId) : !isUuid(target.toUserId))
        throw invalid(toQueue ? 'toQueueId' : 'toUserId', toQueue ? 'not a queue id' : 'expected a uuid');
      // Judged before the permission, which holds only while it is open: the reader learns why.
      if (row.status !== 'queued' && row.status !== 'assigned')
        throw new AppError('conflict', 'Only a waiting or assigned conversation can be transferred.');
      const subject = conversationSubject(row);
      if (!ability.can('update', subject, toQueue ? 'queueId' : 'assigneeId'))
        await refuse(access, row, 'Only the assigned agent or a supervisor of its queue may transfer it.');
      if (
        note !== undefined &&
        !ability.can('create', messageSubject(row, { internal: true, authorKind: 'staff' }))
      )
        await refuse(access, row, 'Not allowed to add a note to this conversation.');
      const purpose = await purposeOf(access, 'staff');
      const event = await conversationEvent(pseudonymKey, access, row, 'update', purpose);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const locked = await lockConversation(trx, access.tenantId, row.conversation_id);
        if (
          !locked ||
          locked.status !== row.status ||
          locked.assignee_id !== row.assignee_id ||
          locked.queue_id !== row.queue_id
        )
          throw new AppError('conflict', 'The conversation changed meanwhile; reload it.');
        if (locked.status !== 'queued' && locked.status !== 'assigned')
          throw new AppError('conflict', 'Only a waiting or assigned conversation can be transferred.');
        if ('toQueueId' in target) {
          if (locked.status === 'queued' && locked.queue_id === target.toQueueId)
            throw new AppError('conflict', 'The conversation already waits in that queue.');
          await requeue(trx, access.tenantId, row.conversation_id, locked, target.toQueueId, at);
        } else {
          if (locked.status === 'assigned' && locked.assignee_id === target.toUserId)
            throw new AppError('conflict', 'That colleague already holds the conversation.');
          await handTo(trx, access.tenantId, row.conversation_id, locked, target.toUserId, at);
        }
        await audit.record(trx, event);
      });
      // Inboxes and the contact's widget follow the change (core/routing leaves this to callers).
      bus.publishCommitted({
        tenantId: access.tenantId,
        conversationId: row.conversation_id,
        kind: 'status',
      });
      if (note !== undefined) {
        await store.appendRecorded(
          access.tenantId,
          row.conversation_id,
          noteOf(access, note),
          async (trx, m) => audit.record(trx, await messageEvent(access, row, m, purpose)),
        );
      }
      return current(access, row.conversation_id);
    },

    /**
     * Closes with a disposition: the note (internal), the satisfaction request (for the
     * dispositions that ask) and the close are one write; who closed it and why, the agent's load
     * and the audit records are in its transaction. The contact sees the status change and the
     * request. A conversation whose contact was erased is closed without messages.
     */
    async close(
      access: ConversationAccess,
      conversationId: string,
      input: { readonly disposition: Disposition; readonly note?: string },
    ): Promise<{ conversation: Conversation; csatRequested: boolean }> {
      requireStaff(access);
      const ability = abilityFor(access);
      const row = await visible(access, conversationId, 'update');
      if (!isDisposition(input.disposition)) throw invalid('disposition', 'not a disposition');
      // Judged before the permission, which holds only while it is open: the reader learns why.
      if (row.status === 'closed') throw new AppError('conflict', 'The conversation is already closed.');
      if (!ability.can('update', conversationSubject(row), 'status'))
        await refuse(access, row, 'Only the assigned agent or a supervisor of its queue may close it.');
      const { note } = input;
      if (
        note !== undefined &&
        !ability.can('create', messageSubject(row, { internal: true, authorKind: 'staff' }))
      )
        await refuse(access, row, 'Not allowed to add a note to this conversation.');
      const erased = await db
        .selectFrom('contacts')
        .select('erased_at')
        .where('tenant_id', '=', access.tenantId)
        .where('contact_id', '=', row.contact_id)
        .executeTakeFirst();
      const writable = !erased?.erased_at;
      const askRating = writable && CSAT_DISPOSITIONS.includes(input.disposition);
      const messages: NewMessage[] = [];
      if (writable && note !== undefined) messages.push(noteOf(access, note));
      if (askRating) messages.push(csatRequest(row.locale));
      const purpose = await purposeOf(access, 'staff');
      const closing = await conversationEvent(pseudonymKey, access, row, 'update', purpose);
      let closed = false;
      const finish = async (trx: Parameters<typeof markClosed>[0], written: readonly Message[]) => {
        await markClosed(trx, {
          tenantId: access.tenantId,
          conversationId: row.conversation_id,
          closedBy: access.actor.id,
          disposition: input.disposition,
          askRating,
          expected: { assigneeId: row.assignee_id, queueId: row.queue_id },
        });
        await audit.record(trx, closing);
        for (const message of written.filter((m) => m.authorKind === 'staff'))
          await audit.record(trx, await messageEvent(access, row, message, purpose));
        closed = true;
      };
      if (messages.length > 0) {
        await store.appendMany(
          access.tenantId,
          row.conversation_id,
          messages,
          { patch: { status: 'closed' } },
          finish,
        );
      } else {
        await store.updateIf(
          access.tenantId,
          row.conversation_id,
          { status: row.status },
          { status: 'closed' },
          (trx) => finish(trx, []),
        );
      }
      // A replay of an earlier close (its request already stored) or a lost race changes nothing.
      if (!closed) throw new AppError('conflict', 'The conversation is already closed.');
      return { conversation: await current(access, row.conversation_id), csatRequested: askRating };
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;

import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { CHAT_LOCALES, type ConversationStore } from './conversation.ts';
import { CONVERSATION_FIELDS, type ConversationRow, toConversation } from './conversation-write.ts';
import { createConversationWriter, noSuchConversation } from './conversation-writer.ts';
import { type ConversationKeyring, isUuid, openMessage, openState } from './message-sealing.ts';

export interface ConversationStoreDeps {
  readonly db: Kysely<Database>;
  readonly keyring: ConversationKeyring;
  readonly bus: EventBus;
  readonly now?: () => Date;
}

const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;
const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;

/**
 * Conversations and their messages (docs/conversations.md). Every write is one statement that
 * numbers, stores and notifies together; messages are sealed before it runs (no connection is
 * held while a key is looked up) and opened after reads. Reads give erased messages, not errors,
 * once the contact's key is destroyed.
 */
export function createConversationStore(deps: ConversationStoreDeps): ConversationStore {
  const { db, keyring } = deps;
  const now = deps.now ?? (() => new Date());
  const writer = createConversationWriter(deps);

  return {
    async open(tenantId, input) {
      if (!isUuid(input.contactId)) throw new AppError('not_found', 'No such contact.');
      if (!CHANNEL.test(input.channel) || !(CHAT_LOCALES as readonly string[]).includes(input.locale)) {
        throw new AppError('validation_failed', 'The conversation is invalid.', {
          issues: [{ path: CHANNEL.test(input.channel) ? 'locale' : 'channel', message: 'not supported' }],
        });
      }
      const at = now();
      // Only for a contact that exists and is not erased; the check and the insert are one statement.
      const { rows } = await sql<ConversationRow>`
        insert into conversations (tenant_id, conversation_id, contact_id, channel, status, locale, created_at, updated_at)
        select ${tenantId}::uuid, ${randomUUID()}::uuid, ${input.contactId}::uuid, ${input.channel}, 'bot',
               ${input.locale}, ${at}::timestamptz, ${at}::timestamptz
        where exists (select 1 from contacts where tenant_id = ${tenantId} and contact_id = ${input.contactId}
                      and erased_at is null)
        returning ${sql.join(CONVERSATION_FIELDS.map((f) => sql.ref(f)))}`.execute(db);
      if (!rows[0]) throw new AppError('not_found', 'No such contact.');
      const opened = toConversation(rows[0]);
      writer.remember(opened);
      return opened;
    },

    async get(tenantId, conversationId) {
      if (!isUuid(conversationId)) return undefined;
      const row = await db
        .selectFrom('conversations')
        .select(CONVERSATION_FIELDS)
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!row) return undefined;
      const conversation = toConversation(row);
      writer.remember(conversation);
      return conversation;
    },

    async listForContact(tenantId, contactId) {
      if (!isUuid(contactId)) return [];
      const rows = await db
        .selectFrom('conversations')
        .select(CONVERSATION_FIELDS)
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .orderBy('created_at')
        .orderBy('conversation_id')
        .execute();
      return rows.map(toConversation);
    },

    append: (tenantId, conversationId, message) => writer.appendOne(tenantId, conversationId, message),
    appendRecorded: (tenantId, conversationId, message, record) =>
      writer.appendOne(tenantId, conversationId, message, record),
    appendMany: writer.appendMany,

    async after(tenantId, conversationId, afterSeq, options = {}) {
      if (!isUuid(conversationId)) return [];
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE), 1), MAX_PAGE);
      let query = db
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .where('seq', '>', Math.max(0, Math.trunc(afterSeq) || 0));
      if (!options.includeInternal) query = query.where('internal', '=', false);
      const rows = await query.orderBy('seq').limit(limit).execute();
      return Promise.all(rows.map((row) => openMessage(keyring, row)));
    },

    async update(tenantId, conversationId, patch) {
      const updated = await writer.change(tenantId, conversationId, undefined, patch);
      if (!updated) throw noSuchConversation();
      return updated;
    },

    updateIf: (tenantId, conversationId, expected, patch, record) =>
      writer.change(tenantId, conversationId, expected, patch, record),

    async getWithDialogueState(tenantId, conversationId) {
      if (!isUuid(conversationId)) return undefined;
      const row = await db
        .selectFrom('conversations')
        .select([...CONVERSATION_FIELDS, 'dialogue_state'])
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!row) return undefined;
      const conversation = toConversation(row);
      writer.remember(conversation);
      const dialogueState = await openState(
        keyring,
        { tenantId, contactId: row.contact_id, conversationId },
        row.dialogue_state,
      );
      return { conversation, dialogueState };
    },

    async loadDialogueState(tenantId, conversationId) {
      if (!isUuid(conversationId)) return undefined;
      const row = await db
        .selectFrom('conversations')
        .select(['contact_id', 'dialogue_state'])
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!row) return undefined;
      return openState(keyring, { tenantId, contactId: row.contact_id, conversationId }, row.dialogue_state);
    },
  };
}

import { AppError } from '../errors/app-error.ts';
import type { Conversation, ConversationStore, Message } from './conversation.ts';
import {
  abilityFor,
  type ConversationAccess,
  conversationSubject,
  messageSubject,
  requireContact,
} from './conversation-access.ts';
import type { ConversationAudit } from './conversation-audit.ts';
import { type ConversationRow, toConversation } from './conversation-write.ts';
import { formatTranscript, type TranscriptFormat } from './transcript.ts';

/** A contact's reads return one page: this many messages at most; read on with the last seq. */
const READ_PAGE = 1000;

const notFound = () => new AppError('not_found', 'No such conversation.');

/**
 * The contact's side of the conversation service: their own conversations only (CASL: the
 * `contact` and `guardian` rules), never internal notes; anything else is "not found". Reading
 * one's own conversation is not a disclosure; downloading the transcript is recorded as an export.
 */
export function contactConversations(deps: {
  readonly store: ConversationStore;
  readonly now: () => Date;
  readonly shared: ConversationAudit;
}) {
  const { store, now } = deps;
  const { load, record } = deps.shared;

  /** The contact's own conversation, or not found. */
  async function own(access: ConversationAccess, conversationId: string) {
    requireContact(access);
    const row = await load(access, conversationId);
    if (!row || !abilityFor(access).can('read', conversationSubject(row))) throw notFound();
    return row;
  }

  async function everything(row: ConversationRow): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const page = await store.after(row.tenant_id, row.conversation_id, all.at(-1)?.seq ?? 0, {
        limit: READ_PAGE,
      });
      all.push(...page);
      if (page.length < READ_PAGE) return all;
    }
  }

  return {
    async contactConversation(access: ConversationAccess, conversationId: string): Promise<Conversation> {
      return toConversation(await own(access, conversationId));
    },

    /** The contact's messages after `afterSeq` (at most READ_PAGE), never internal notes. */
    async contactMessages(
      access: ConversationAccess,
      conversationId: string,
      afterSeq = 0,
    ): Promise<Message[]> {
      const row = await own(access, conversationId);
      if (!abilityFor(access).can('read', messageSubject(row, { internal: false }))) throw notFound();
      return store.after(access.tenantId, row.conversation_id, afterSeq, {
        limit: READ_PAGE,
        includeInternal: false,
      });
    },

    /** The contact downloads their whole conversation, internal notes excluded; recorded as an export. */
    async transcript(
      access: ConversationAccess,
      conversationId: string,
      format: TranscriptFormat,
    ): Promise<{ contentType: string; body: string }> {
      if (format !== 'json' && format !== 'text')
        throw new AppError('validation_failed', 'Unknown transcript format.', {
          issues: [{ path: 'format', message: 'expected json or text' }],
        });
      const row = await own(access, conversationId);
      if (!abilityFor(access).can('read', messageSubject(row, { internal: false }))) throw notFound();
      const messages = (await everything(row)).filter((m) => !m.internal);
      const transcript = formatTranscript(toConversation(row), messages, format, now());
      await record(access, row, 'export', 'contact');
      return transcript;
    },
  };
}

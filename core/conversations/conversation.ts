import type { Transaction } from 'kysely';
import { CONVERSATION_STATUSES } from '../access/subjects.ts';
import type { Database } from '../db/schema.ts';

/**
 * A conversation between a contact and the tenant: the assistant first (`bot`), then a queue
 * (`queued`), an agent (`assigned`), and `closed`. Its messages are numbered 1, 2, 3… without gaps
 * and sealed under the contact's own key, so erasing the contact erases what they said.
 */
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export { CONVERSATION_STATUSES };
export const AUTHOR_KINDS = ['contact', 'bot', 'staff', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export const CHAT_LOCALES = ['zh-CN', 'en'] as const;
export type ChatLocale = (typeof CHAT_LOCALES)[number];

export interface Conversation {
  readonly tenantId: string;
  readonly id: string;
  readonly contactId: string;
  readonly channel: string;
  readonly status: ConversationStatus;
  readonly locale: ChatLocale;
  readonly queueId: string | null;
  readonly assigneeId: string | null;
  readonly lastSeq: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly closedAt: Date | null;
}

/** What the assistant attaches to a reply; sealed like the body (a title may echo the question). */
export interface MessageMeta {
  readonly kind?: string;
  readonly citation?: { readonly articleId: string; readonly title: string };
  readonly suggestions?: readonly string[];
}

export interface Message {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly id: string;
  readonly clientMessageId: string | null;
  readonly authorKind: AuthorKind;
  readonly authorId: string | null;
  readonly internal: boolean;
  readonly body: string;
  readonly meta: MessageMeta | null;
  readonly createdAt: Date;
  /**
   * Present, and true, only when the contact has been erased (their key destroyed): the message
   * keeps its place (seq, author kind, time) but `body` is '' and `meta` is null.
   */
  readonly erased?: true;
}

export interface NewMessage {
  readonly clientMessageId?: string;
  readonly authorKind: AuthorKind;
  readonly authorId?: string | null;
  readonly internal?: boolean;
  readonly body: string;
  readonly meta?: MessageMeta;
}

export interface ConversationPatch {
  readonly status?: ConversationStatus;
  readonly queueId?: string | null;
  readonly assigneeId?: string | null;
  readonly locale?: ChatLocale;
  /** Routing order among waiting conversations (core/routing `PRIORITY`); an emergency is 100. */
  readonly priority?: number;
  /** Why the conversation went to a human: `requested`, `safety`, `fallback` (a code, no text). */
  readonly handoffReason?: string;
}

/** Runs inside the write's transaction once its rows are stored: the audit record, typically. */
export type InTransaction<T> = (trx: Transaction<Database>, written: T) => Promise<void>;

/**
 * System-level store (no authorization): the channels and the assistant loop authorize first,
 * staff go through the conversation service. Every write notifies the event bus on commit.
 */
export interface ConversationStore {
  open(
    tenantId: string,
    input: { contactId: string; channel: string; locale: ChatLocale },
  ): Promise<Conversation>;
  get(tenantId: string, conversationId: string): Promise<Conversation | undefined>;
  listForContact(tenantId: string, contactId: string): Promise<Conversation[]>;
  /**
   * Idempotent on clientMessageId: a repeat returns the stored message with duplicate: true and
   * stores nothing. Refuses (AppError 'conflict') a closed conversation, or one whose contact was
   * erased. The seq bump, the idempotency check, the insert and the notification are one statement.
   */
  append(
    tenantId: string,
    conversationId: string,
    message: NewMessage,
  ): Promise<{ message: Message; duplicate: boolean }>;
  /** `append`, with `record` run in the same transaction (staff writes are audited with them). */
  appendRecorded(
    tenantId: string,
    conversationId: string,
    message: NewMessage,
    record: InTransaction<Message>,
  ): Promise<{ message: Message; duplicate: boolean }>;
  /**
   * Several messages (the assistant's replies) plus an optional patch and new dialogue state, in
   * ONE statement. A message whose clientMessageId is already stored is not stored again: its
   * stored version takes its place in the result. When every message is such a repeat, the call
   * is a replay and the change is not applied again. `dialogueState: null` clears the state.
   * `record` runs in the write's transaction (not on a replay): a close with its notes is audited so.
   */
  appendMany(
    tenantId: string,
    conversationId: string,
    messages: readonly NewMessage[],
    change?: { patch?: ConversationPatch; dialogueState?: unknown },
    record?: InTransaction<Message[]>,
  ): Promise<Message[]>;
  /** Messages with seq > afterSeq, ascending, at most limit (default 200), opened. Includes internal notes only when includeInternal. */
  after(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    options?: { limit?: number; includeInternal?: boolean },
  ): Promise<Message[]>;
  update(tenantId: string, conversationId: string, patch: ConversationPatch): Promise<Conversation>;
  /**
   * `update` only while the conversation is still as `expected` (a claim: only while queued), with
   * `record` in the same transaction; undefined when it no longer was (someone else won).
   */
  updateIf(
    tenantId: string,
    conversationId: string,
    expected: { readonly status: ConversationStatus },
    patch: ConversationPatch,
    record?: InTransaction<Conversation>,
  ): Promise<Conversation | undefined>;
  /** The conversation and its opened dialogue state in one read (the assistant's turn). */
  getWithDialogueState(
    tenantId: string,
    conversationId: string,
  ): Promise<{ conversation: Conversation; dialogueState: unknown | undefined } | undefined>;
  loadDialogueState(tenantId: string, conversationId: string): Promise<unknown | undefined>;
}

import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { CannedReplyTable } from './canned-replies.table.ts';
import type { conversationColumns, messageColumns } from './conversation.columns.ts';
import type { AuthorKind, ChatLocale, ConversationStatus } from './conversation.ts';
import type { CsatResponseTable } from './csat.table.ts';

type Sealed<C> = ColumnType<Buffer, SealedOf<C>, SealedOf<C>>;
type OptionalSealed<C> = ColumnType<Buffer | null, SealedOf<C> | null, SealedOf<C> | null>;

/** `conversations`, keyed by (tenant_id, conversation_id); `last_seq` numbers its messages. */
export interface ConversationTable {
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  channel: string;
  status: ConversationStatus;
  locale: ChatLocale;
  queue_id: string | null;
  assignee_id: string | null;
  care_team: ColumnType<string[], string[] | undefined, string[]>;
  school_id: string | null;
  priority: Generated<number>;
  last_seq: Generated<number>;
  dialogue_state: OptionalSealed<(typeof conversationColumns.columns)['dialogue_state']>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
  // Routing (core/routing/routing.migrations.ts).
  required_skills: ColumnType<string[], string[] | undefined, string[]>;
  queued_at: Date | null;
  assigned_at: Date | null;
  first_response_at: Date | null;
  handoff_reason: string | null;
  sla_first_response_due: Date | null;
  sla_resolution_due: Date | null;
  // Workspace (workspace.migrations.ts).
  closed_by: string | null;
  disposition: string | null;
  csat_requested_at: Date | null;
  // SLA events (core/routing/sla-events.migrations.ts): set once each by the SLA check.
  sla_near_breach_at: Date | null;
  sla_breached_at: Date | null;
}

/**
 * `messages`, keyed by (tenant_id, conversation_id, seq). The ciphertexts are bound to
 * `message_id` (unique per tenant) and sealed under the key of `contact_id`.
 */
export interface MessageTable {
  tenant_id: string;
  conversation_id: string;
  seq: number;
  message_id: string;
  client_message_id: string | null;
  contact_id: string;
  author_kind: AuthorKind;
  author_id: string | null;
  internal: Generated<boolean>;
  body: Sealed<(typeof messageColumns.columns)['body']>;
  meta: OptionalSealed<(typeof messageColumns.columns)['meta']>;
  created_at: Generated<Date>;
}

export interface ConversationDatabase {
  conversations: ConversationTable;
  messages: MessageTable;
  canned_replies: CannedReplyTable;
  csat_responses: CsatResponseTable;
}

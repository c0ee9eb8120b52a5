import { isQueueId } from '../access/queues.ts';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../conversations/conversation.ts';

/**
 * Assignment notices: a conversation was given to a staff member, or taken from them. The database
 * raises them itself — a trigger on `conversations` (core/routing/routing-notices.migrations.ts)
 * notifies in the transaction that changed the assignment — so every writer is covered (the
 * assignment loop, claims, supervisors' reassignments, transfers, closing, going offline) and a
 * rolled-back change notifies nobody. They travel on the conversation events' channel
 * (`custos_conversation_events`), so one LISTEN connection per process carries both, and the
 * conversation decoder ignores them (their kind is not one of its own).
 *
 *   {"v":1,"k":"assigned"|"unassigned","t":<tenant>,"c":<conversation>,"u":<staff user>,
 *    "q":<queue>|null,"pr":<priority>,"r":<handoff reason>|null,"s":<status after>,"p":"db"}
 *
 * Ids and codes only, never text or a contact: anyone who may LISTEN sees them. `p` is `db` (no
 * process wrote them), so no process takes one for the echo of its own.
 */
export const AGENT_NOTICE_KINDS = ['assigned', 'unassigned'] as const;
export type AgentNoticeKind = (typeof AGENT_NOTICE_KINDS)[number];

/** The `p` of a notice: raised by the database, not by a process. */
export const DATABASE_ORIGIN = 'db';

export interface AgentNotice {
  readonly kind: AgentNoticeKind;
  readonly tenantId: string;
  /** The staff member the conversation was given to (`assigned`) or taken from (`unassigned`). */
  readonly userId: string;
  readonly conversationId: string;
  readonly queueId: string | null;
  readonly priority: number;
  /** Why the bot handed off (`user-request`, `safety`, …), a code. */
  readonly handoffReason: string | null;
  /** The conversation's status after the change (`unassigned`: `queued` when requeued, `closed`, …). */
  readonly status: ConversationStatus;
}

export type AgentNoticeListener = (notice: AgentNotice) => void;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON = /^[a-z][a-z0-9_-]{0,47}$/;
/** Far above any notice (about 250 bytes); anything longer is not one. */
const MAX_BYTES = 1000;

/** The notice a payload carries; undefined for anything that is not a well-formed notice. */
export function decodeAgentNotice(payload: string): AgentNotice | undefined {
  if (payload.length >= MAX_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, k, t, c, u, q, pr, r, s, p } = value as Record<string, unknown>;
  if (v !== 1 || p !== DATABASE_ORIGIN) return undefined;
  if (!(AGENT_NOTICE_KINDS as readonly unknown[]).includes(k)) return undefined;
  if (![t, c, u].every((id) => typeof id === 'string' && UUID.test(id))) return undefined;
  if (!(q === null || isQueueId(q))) return undefined;
  if (!(r === null || (typeof r === 'string' && REASON.test(r)))) return undefined;
  if (!(typeof pr === 'number' && Number.isSafeInteger(pr))) return undefined;
  if (!(CONVERSATION_STATUSES as readonly unknown[]).includes(s)) return undefined;
  return {
    kind: k as AgentNoticeKind,
    tenantId: t as string,
    userId: u as string,
    conversationId: c as string,
    queueId: q,
    priority: pr,
    handoffReason: r,
    status: s as ConversationStatus,
  };
}

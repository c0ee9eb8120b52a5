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
 *
 * SLA notices (core/routing/sla-events.ts) travel the same way, one per recipient — the agent
 * holding the conversation and each supervisor of its queue — raised in the transaction that
 * marks the conversation, so a mark rolled back tells nobody:
 *
 *   {"v":1,"k":"sla","t":<tenant>,"c":<conversation>,"u":<staff user>,"q":<queue>|null,
 *    "pr":<priority>,"s":<status>,"sk":"near-breach"|"breached","d":<due, ISO 8601>,"p":"db"}
 */
export const AGENT_NOTICE_KINDS = ['assigned', 'unassigned', 'sla'] as const;
export type AgentNoticeKind = 'assigned' | 'unassigned';
export const SLA_NOTICE_KINDS = ['near-breach', 'breached'] as const;
export type SlaNoticeKind = (typeof SLA_NOTICE_KINDS)[number];

/** The `p` of a notice: raised by the database, not by a process. */
export const DATABASE_ORIGIN = 'db';

/** A notice for one staff member's sockets: an assignment change, or an SLA event. */
export type AgentNotice = AssignmentNotice | SlaNotice;

export interface AssignmentNotice {
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

/** A conversation's first-response target is near (the last 20 %) or passed, unanswered. */
export interface SlaNotice {
  readonly kind: 'sla';
  readonly tenantId: string;
  /** The recipient: the agent holding the conversation, or a supervisor of its queue. */
  readonly userId: string;
  readonly conversationId: string;
  readonly queueId: string | null;
  readonly priority: number;
  /** `queued` or `assigned`: waiting in the queue, or held by an agent who has not answered. */
  readonly status: ConversationStatus;
  readonly slaKind: SlaNoticeKind;
  /** When the first response is (was) due. */
  readonly dueAt: Date;
}

export type AgentNoticeListener = (notice: AgentNotice) => void;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REASON = /^[a-z][a-z0-9_-]{0,47}$/;
/** An instant as the SLA check writes it (`Date.toISOString`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
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
  const { v, k, t, c, u, q, pr, r, s, p, sk, d } = value as Record<string, unknown>;
  if (v !== 1 || p !== DATABASE_ORIGIN) return undefined;
  if (!(AGENT_NOTICE_KINDS as readonly unknown[]).includes(k)) return undefined;
  if (![t, c, u].every((id) => typeof id === 'string' && UUID.test(id))) return undefined;
  if (!(q === null || isQueueId(q))) return undefined;
  if (!(typeof pr === 'number' && Number.isSafeInteger(pr))) return undefined;
  if (!(CONVERSATION_STATUSES as readonly unknown[]).includes(s)) return undefined;
  if (k === 'sla') {
    if (!(SLA_NOTICE_KINDS as readonly unknown[]).includes(sk)) return undefined;
    const dueAt = typeof d === 'string' && INSTANT.test(d) ? new Date(d) : undefined;
    if (!dueAt || Number.isNaN(dueAt.getTime())) return undefined;
    return {
      kind: 'sla',
      tenantId: t as string,
      userId: u as string,
      conversationId: c as string,
      queueId: q,
      priority: pr,
      status: s as ConversationStatus,
      slaKind: sk as SlaNoticeKind,
      dueAt,
    };
  }
  if (!(r === null || (typeof r === 'string' && REASON.test(r)))) return undefined;
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

/**
 * The payload of an SLA notice, as the SLA check sends it inside its marking transaction. `p` is
 * `db` like the trigger's: every process, the sender's included, delivers it from its LISTEN.
 */
export function encodeSlaNotice(notice: Omit<SlaNotice, 'kind'>): string {
  return JSON.stringify({
    v: 1,
    k: 'sla',
    t: notice.tenantId,
    c: notice.conversationId,
    u: notice.userId,
    q: notice.queueId,
    pr: notice.priority,
    s: notice.status,
    sk: notice.slaKind,
    d: notice.dueAt.toISOString(),
    p: DATABASE_ORIGIN,
  });
}

import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { ConversationEvent } from '../realtime/event-bus.ts';
import type { ConversationTable } from './conversation.table.ts';
import {
  CHAT_LOCALES,
  CONVERSATION_STATUSES,
  type Conversation,
  type ConversationPatch,
  type ConversationStatus,
} from './conversation.ts';
import { isUuid, type SealedMessage } from './message-sealing.ts';

/** Every column but the sealed state: what a `Conversation` (and its authorization) is made of. */
export const CONVERSATION_FIELDS = [
  'tenant_id',
  'conversation_id',
  'contact_id',
  'channel',
  'status',
  'locale',
  'queue_id',
  'assignee_id',
  'care_team',
  'school_id',
  'priority',
  'last_seq',
  'created_at',
  'updated_at',
  'closed_at',
] as const;
export type ConversationRow = Pick<Selectable<ConversationTable>, (typeof CONVERSATION_FIELDS)[number]>;

export const toConversation = (row: ConversationRow): Conversation => ({
  tenantId: row.tenant_id,
  id: row.conversation_id,
  contactId: row.contact_id,
  channel: row.channel,
  status: row.status,
  locale: row.locale,
  queueId: row.queue_id,
  assigneeId: row.assignee_id,
  lastSeq: row.last_seq,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
});

const invalidPatch = (path: string, message: string) =>
  new AppError('validation_failed', 'The conversation change is invalid.', { issues: [{ path, message }] });

export function checkPatch(patch: ConversationPatch): void {
  if (patch.status !== undefined && !(CONVERSATION_STATUSES as readonly string[]).includes(patch.status))
    throw invalidPatch('status', `expected one of: ${CONVERSATION_STATUSES.join(', ')}`);
  if (patch.locale !== undefined && !(CHAT_LOCALES as readonly string[]).includes(patch.locale))
    throw invalidPatch('locale', `expected one of: ${CHAT_LOCALES.join(', ')}`);
  if (
    patch.priority !== undefined &&
    !(Number.isInteger(patch.priority) && patch.priority >= 0 && patch.priority <= 1000)
  )
    throw invalidPatch('priority', 'expected an integer from 0 to 1000');
  if (patch.handoffReason !== undefined && !/^[a-z][a-z0-9-]{0,31}$/.test(patch.handoffReason))
    throw invalidPatch('handoffReason', 'expected a code like safety');
  if (patch.assigneeId !== undefined && patch.assigneeId !== null && !isUuid(patch.assigneeId))
    throw invalidPatch('assigneeId', 'expected a uuid or null');
  const { queueId } = patch;
  if (
    queueId !== undefined &&
    queueId !== null &&
    (typeof queueId !== 'string' || !/^[\w.:-]{1,64}$/.test(queueId))
  )
    throw invalidPatch('queueId', 'expected an id of 1 to 64 letters, digits, _ . : -');
}

/** One write to a conversation: messages to number and store, a patch, a new sealed state. */
export interface WritePlan {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly contactId: string;
  readonly messages: readonly SealedMessage[];
  readonly patch?: ConversationPatch | undefined;
  /** undefined leaves the state as it is; null clears it. */
  readonly dialogueState?: Buffer | null | undefined;
  /** Only while the conversation has this status (a claim). */
  readonly expectedStatus?: ConversationStatus | undefined;
  readonly at: Date;
}

export interface Written {
  readonly row: ConversationRow;
  /** What to publish once the write has committed. */
  readonly events: readonly ConversationEvent[];
}

function assignments(plan: WritePlan): RawBuilder<unknown>[] {
  const set = [sql`last_seq = last_seq + ${plan.messages.length}`, sql`updated_at = ${plan.at}`];
  const { patch } = plan;
  if (patch?.status !== undefined) {
    set.push(sql`status = ${patch.status}`);
    // The wait is counted from the first time in a queue: a requeue keeps its place.
    if (patch.status === 'queued') set.push(sql`queued_at = coalesce(queued_at, ${plan.at}::timestamptz)`);
    set.push(
      patch.status === 'closed'
        ? sql`closed_at = coalesce(closed_at, ${plan.at}::timestamptz)`
        : sql`closed_at = null`,
    );
  }
  if (patch?.queueId !== undefined) set.push(sql`queue_id = ${patch.queueId}`);
  if (patch?.assigneeId !== undefined) set.push(sql`assignee_id = ${patch.assigneeId}::uuid`);
  if (patch?.locale !== undefined) set.push(sql`locale = ${patch.locale}`);
  if (patch?.priority !== undefined) set.push(sql`priority = greatest(priority, ${patch.priority}::int)`);
  if (patch?.handoffReason !== undefined) set.push(sql`handoff_reason = ${patch.handoffReason}`);
  if (plan.dialogueState !== undefined) set.push(sql`dialogue_state = ${plan.dialogueState}::bytea`);
  return set;
}

function insertMessages(plan: WritePlan): RawBuilder<unknown> {
  const n = plan.messages.length;
  const rows = plan.messages.map(
    (m, i) =>
      sql`(${i + 1}::int, ${m.id}::uuid, ${m.input.clientMessageId ?? null}::text, ${m.input.authorKind}::text,
           ${m.input.authorId ?? null}::uuid, ${m.input.internal === true}::boolean, ${m.body}::bytea, ${m.meta}::bytea)`,
  );
  return sql`, ins as (
    insert into messages (tenant_id, conversation_id, seq, message_id, client_message_id, contact_id,
                          author_kind, author_id, internal, body, meta, created_at)
    select ${plan.tenantId}::uuid, ${plan.conversationId}::uuid, bump.last_seq - ${n} + v.ord, v.message_id,
           v.client_message_id, ${plan.contactId}::uuid, v.author_kind, v.author_id, v.internal, v.body, v.meta,
           ${plan.at}::timestamptz
    from bump, (values ${sql.join(rows)})
      as v(ord, message_id, client_message_id, author_kind, author_id, internal, body, meta)
    returning seq)`;
}

/**
 * The whole write as ONE statement: bump `last_seq` under the row lock (so concurrent writers of
 * a conversation queue up and get consecutive numbers, and commit in that order) and insert the
 * messages numbered from the old value. Returns undefined when the conversation is missing, is
 * not this contact's, not in `expectedStatus`, closed (for messages), its contact erased (for
 * anything sealed) or one of the client ids already stored; the caller finds out which. A client
 * id stored by a concurrent statement after this one's snapshot fails it (unique violation), and
 * the bump with it: no gap. The events to publish once it has committed come with the result.
 */
export async function writeConversation(db: Kysely<Database>, plan: WritePlan): Promise<Written | undefined> {
  const { tenantId, conversationId, contactId } = plan;
  const events: ConversationEvent[] = [];
  const last = plan.messages.at(-1);
  if (last) events.push({ tenantId, conversationId, kind: 'message', authorKind: last.input.authorKind });
  if (plan.patch && Object.values(plan.patch).some((v) => v !== undefined))
    events.push({ tenantId, conversationId, kind: 'status' });
  const conditions = [
    sql`tenant_id = ${tenantId}`,
    sql`conversation_id = ${conversationId}`,
    sql`contact_id = ${contactId}`,
  ];
  // A client id already stored: nothing is written, and the caller answers with the stored one.
  const clientIds = plan.messages.flatMap((m) =>
    m.input.clientMessageId === undefined ? [] : [m.input.clientMessageId],
  );
  if (clientIds.length > 0)
    conditions.push(sql`not exists (select 1 from messages m where m.tenant_id = ${tenantId}
          and m.conversation_id = ${conversationId} and m.client_message_id in (${sql.join(clientIds)}))`);
  // Nothing new is sealed for an erased person (their key is gone); a status change still goes.
  if (plan.messages.length > 0 || plan.dialogueState)
    conditions.push(sql`not exists (select 1 from contacts k where k.tenant_id = ${tenantId}
          and k.contact_id = ${contactId} and k.erased_at is not null)`);
  if (plan.messages.length > 0) conditions.push(sql`status <> 'closed'`);
  if (plan.expectedStatus) conditions.push(sql`status = ${plan.expectedStatus}`);
  const returned = sql.join(CONVERSATION_FIELDS.map((f) => sql.ref(f)));
  const { rows } = await sql<ConversationRow>`
    with bump as (
      update conversations set ${sql.join(assignments(plan))}
      where ${sql.join(conditions, sql` and `)}
      returning ${returned}
    )${plan.messages.length > 0 ? insertMessages(plan) : sql``}
    select ${sql.join(CONVERSATION_FIELDS.map((f) => sql.ref(`bump.${f}`)))} from bump`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const numbered = events.map((event) =>
    event.kind === 'message' ? { ...event, seq: row.last_seq } : event,
  );
  return { row, events: numbered };
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

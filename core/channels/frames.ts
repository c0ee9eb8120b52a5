import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../access/subjects.ts';
import { MAX_CAPACITY } from '../routing/presence.store.ts';

/**
 * The widget protocol, version 1: JSON text frames over one WebSocket (docs/channels.md). The
 * client speaks first (`hello` with its credential); every later frame is checked against these
 * schemas, and anything else gets an `error` frame naming the problem while the connection stays
 * open. Message ids are the client's (`clientMessageId`) for idempotency and the server's
 * (`seq`, per conversation) for ordering and resume.
 */
export const PROTOCOL_VERSION = 1;

/** Longest message text a person may send (UTF-16 units), the NLU engine's own bound. */
export const MAX_TEXT_LENGTH = 4096;

const conversationId = z.uuid();
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const clientMessageId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/**
 * A staff member's own presence, as the body of `PUT …/routing/presence` (routing.schemas.ts);
 * the routing service checks it again and decides who may change capacity and skills.
 */
const presence = {
  status: z.enum(['online', 'away', 'offline']),
  capacity: z.number().int().min(0).max(MAX_CAPACITY).optional(),
  skills: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/, 'short lower-case codes'))
    .max(50)
    .optional(),
};

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().min(1).max(4096),
    conversationId: conversationId.optional(),
    after: seq.optional(),
    /** Staff: set their presence as they connect (the answer is a `presence` frame). */
    presence: z.strictObject(presence).optional(),
  }),
  z.object({ type: z.literal('subscribe'), conversationId, after: seq.optional() }),
  z.object({ type: z.literal('unsubscribe'), conversationId }),
  z.object({
    type: z.literal('send'),
    conversationId: conversationId.optional(),
    clientMessageId,
    text: z.string().min(1),
    internal: z.boolean().optional(),
  }),
  z.object({ type: z.literal('typing'), conversationId: conversationId.optional(), on: z.boolean() }),
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }),
  z.strictObject({ type: z.literal('presence'), ...presence }),
]);

export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];

/** What a message looks like on the wire: no author id, no internal bookkeeping. */
export interface WireMessage {
  readonly id: string;
  readonly seq: number;
  readonly clientMessageId: string | null;
  readonly authorKind: 'contact' | 'bot' | 'staff' | 'system';
  readonly text: string;
  readonly internal?: true;
  readonly kind?: string;
  readonly citation?: { readonly articleId: string; readonly title: string };
  readonly suggestions?: string[];
  readonly createdAt: string;
}

/** The frame (its type, and its clientMessageId when it had one) an error answers. */
export interface FrameRef {
  readonly type?: string;
  readonly clientMessageId?: string;
}

/**
 * A conversation given to the staff member of the socket, or taken from them (by the assignment
 * loop, a claim, a supervisor, a transfer, closing, going offline), on whichever process it
 * happened. An allow-list: ids and codes, never a message or anything of the contact; to read the
 * conversation the agent subscribes to it (one audited read).
 */
export const assignmentFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('assigned'),
    conversationId,
    queueId: z.string().nullable(),
    priority: z.number().int(),
    handoffReason: z.string().nullable(),
  }),
  z.strictObject({
    type: z.literal('unassigned'),
    conversationId,
    queueId: z.string().nullable(),
    priority: z.number().int(),
    handoffReason: z.string().nullable(),
    /** Where the conversation went: `queued` (requeued), `assigned` (to someone else), `closed`… */
    status: z.enum(CONVERSATION_STATUSES),
  }),
]);
export type AssignmentFrame = z.infer<typeof assignmentFrameSchema>;

/**
 * A conversation's first-response target is near (`near-breach`: the last 20 % of the time) or
 * passed unanswered (`breached`), told once per kind to the agent holding it and to the
 * supervisors of its queue (core/routing/sla-events.ts). Ids, a code and the due time only.
 */
export const slaFrameSchema = z.strictObject({
  type: z.literal('sla'),
  conversationId,
  queueId: z.string().nullable(),
  kind: z.enum(['near-breach', 'breached']),
  /** ISO 8601, UTC. */
  dueAt: z.iso.datetime(),
});
export type SlaFrame = z.infer<typeof slaFrameSchema>;

export const FRAME_ERROR_CODES = [
  'malformed_frame',
  'unauthenticated',
  'too_large',
  'rate_limited',
  'not_found',
  'conflict',
  'forbidden',
  'validation_failed',
  'internal',
] as const;
export type FrameErrorCode = (typeof FRAME_ERROR_CODES)[number];

export type ServerFrame =
  | {
      readonly type: 'welcome';
      readonly protocol: number;
      readonly conversationId?: string;
      readonly heartbeatMs: number;
    }
  | {
      readonly type: 'subscribed';
      readonly conversationId: string;
      readonly status: string;
      readonly lastSeq: number;
    }
  | { readonly type: 'message'; readonly conversationId: string; readonly message: WireMessage }
  | {
      readonly type: 'ack';
      readonly clientMessageId: string;
      readonly conversationId: string;
      readonly messageId: string;
      readonly seq: number;
      readonly duplicate: boolean;
    }
  | {
      readonly type: 'typing';
      readonly conversationId: string;
      readonly authorKind: string;
      readonly on: boolean;
    }
  | { readonly type: 'status'; readonly conversationId: string; readonly status: string }
  | { readonly type: 'pong'; readonly id?: string }
  | AssignmentFrame
  | SlaFrame
  | {
      /** The staff member's presence, after a `presence` frame or a `hello` that set it. */
      readonly type: 'presence';
      readonly status: string;
      readonly capacity: number;
      readonly active: number;
      readonly skills: readonly string[];
    }
  | {
      readonly type: 'error';
      readonly code: FrameErrorCode;
      readonly detail: string;
      /** The frame the error answers: its type, and its clientMessageId when it had one. */
      readonly ref?: FrameRef;
      readonly retryAfterMs?: number;
    };

/** Parses one text frame; the error names the problem without echoing the frame. */
export function parseClientFrame(
  text: string,
): { ok: true; frame: ClientFrame } | { ok: false; detail: string; type?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'A frame must be a JSON object.' };
  }
  const parsed = clientFrameSchema.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const type =
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
      ? ((value as { type: string }).type.slice(0, 32) as string)
      : undefined;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
  const detail = issue ? `Invalid frame${where}: ${issue.message}.` : 'Invalid frame.';
  return type === undefined ? { ok: false, detail } : { ok: false, detail, type };
}

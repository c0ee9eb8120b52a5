import { z } from '@hono/zod-openapi';
import { QUEUE_ID } from '../access/queues.ts';
import { MAX_TEXT_LENGTH } from '../channels/frames.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { MAX_REPLY_BODY, MAX_TITLE, SHORTCUT, TEMPLATE_VARIABLES } from './canned-replies.ts';
import { MAX_CSAT_COMMENT } from './csat.service.ts';
import { DISPOSITIONS, INBOX_VIEWS } from './workspace.ts';

const time = z.iso.datetime();
const clientMessageId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/)
  .optional()
  .openapi({ description: 'Idempotency key: a retry with the same id stores nothing twice' });
const note = z.string().trim().min(1).max(MAX_TEXT_LENGTH);

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const conversationParamsSchema = tenantParamsSchema.extend({ conversationId: z.uuid() });
export const replyParamsSchema = tenantParamsSchema.extend({ replyId: z.uuid() });
export const sendReplyParamsSchema = conversationParamsSchema.extend({ replyId: z.uuid() });

export const inboxQuerySchema = z.object({
  view: z.enum(INBOX_VIEWS).default('assigned').openapi({
    description:
      '`assigned`: mine, open; `queue`: waiting where I could take them; `recent`: closed by me, last 7 days',
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const inboxItemSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['bot', 'queued', 'assigned', 'closed']).optional(),
    channel: z.string().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    queueId: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
    priority: z.int().optional(),
    handoffReason: z.string().nullable().optional(),
    queuedAt: time.nullable().optional().openapi({ description: 'Waiting since (kept across transfers)' }),
    slaFirstResponseDue: time.nullable().optional(),
    slaResolutionDue: time.nullable().optional(),
    lastMessageAt: time.nullable().optional(),
    unreadCount: z
      .int()
      .optional()
      .openapi({ description: "The contact's messages since the last staff reply" }),
    disposition: z.enum(DISPOSITIONS).nullable().optional(),
    closedBy: z.string().nullable().optional(),
    createdAt: time.optional(),
    closedAt: time.nullable().optional(),
  })
  .openapi('InboxItem', { description: 'Metadata only; fields the caller may not see are absent' });

export const inboxSchema = z
  .object({ view: z.enum(INBOX_VIEWS), items: z.array(inboxItemSchema) })
  .openapi('Inbox');

export const noteInputSchema = z
  .strictObject({ clientMessageId, body: note })
  .openapi('NoteInput', { description: 'An internal note: staff only, never shown to the contact' });

export const transferInputSchema = z
  .strictObject({
    toQueueId: z
      .string()
      .regex(QUEUE_ID)
      .optional()
      .openapi({ description: 'Back to waiting, in this queue' }),
    toUserId: z.uuid().optional().openapi({ description: 'Straight to this colleague' }),
    note: note.optional().openapi({ description: 'Goes with it as an internal note' }),
  })
  .refine((body) => (body.toQueueId === undefined) !== (body.toUserId === undefined), {
    message: 'give exactly one of toQueueId and toUserId',
    path: ['toQueueId'],
  })
  .openapi('TransferInput');

export const closeInputSchema = z
  .strictObject({
    disposition: z.enum(DISPOSITIONS),
    note: note.optional().openapi({ description: 'Kept as an internal note' }),
  })
  .openapi('CloseInput');

export const csatInputSchema = z
  .strictObject({
    score: z.int().min(1).max(5).openapi({ description: '1 (very dissatisfied) to 5 (very satisfied)' }),
    comment: z.string().trim().max(MAX_CSAT_COMMENT).optional(),
  })
  .openapi('CsatInput');

export const csatSchema = z
  .object({
    conversationId: z.uuid(),
    score: z.int(),
    commented: z.boolean(),
    createdAt: time,
  })
  .openapi('CsatAnswer');

const bodies = z
  .strictObject({
    'zh-CN': z.string().min(1).max(MAX_REPLY_BODY).optional(),
    en: z.string().min(1).max(MAX_REPLY_BODY).optional(),
  })
  .openapi({
    description: `The text per locale, with variables: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
    example: {
      'zh-CN': '{{contact.firstName}}您好，我是{{agent.displayName}}。',
      en: 'Hello {{contact.firstName}}.',
    },
  });

export const cannedReplyInputSchema = z
  .strictObject({
    shortcut: z.string().regex(SHORTCUT).openapi({ example: 'greeting' }),
    title: z.string().trim().min(1).max(MAX_TITLE),
    bodies,
  })
  .openapi('CannedReplyInput');

export const cannedReplySchema = z
  .object({
    id: z.uuid(),
    shortcut: z.string(),
    title: z.string(),
    bodies: z.object({ 'zh-CN': z.string().optional(), en: z.string().optional() }),
    createdAt: time,
    updatedAt: time,
  })
  .openapi('CannedReply');

export const cannedReplyListSchema = z.object({ items: z.array(cannedReplySchema) }).openapi('CannedReplies');

export const sendReplyInputSchema = z
  .strictObject({
    clientMessageId,
    internal: z.boolean().optional().openapi({ description: 'Send as an internal note (a whisper)' }),
  })
  .openapi('SendCannedReply');

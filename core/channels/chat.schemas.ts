import { z } from '@hono/zod-openapi';
import type { Conversation } from '../conversations/conversation.ts';
import { allow } from '../http/openapi.ts';
import { MAX_TEXT_LENGTH } from './frames.ts';

export const localeSchema = z.enum(['zh-CN', 'en']);

export const visitRequestSchema = z
  .strictObject({
    locale: localeSchema.optional().openapi({ description: "The visitor's language; default the tenant's" }),
    channel: z.enum(['widget', 'rest']).optional().openapi({ description: 'Default widget' }),
  })
  .openapi('VisitRequest');

export const visitSchema = z
  .object({
    token: z
      .string()
      .openapi({ description: 'Widget credential: `Authorization: Bearer …` or the socket `hello`' }),
    tokenType: z.literal('Bearer'),
    expiresAt: z.iso.datetime(),
    conversationId: z.uuid(),
    locale: localeSchema,
    socketPath: z.string(),
  })
  .openapi('Visit');

export const conversationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['bot', 'queued', 'assigned', 'closed']),
    channel: z.string(),
    locale: localeSchema,
    queueId: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
    lastSeq: z.number().int(),
    createdAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
  })
  .openapi('Conversation');

export const wireMessageSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    clientMessageId: z.string().nullable(),
    authorKind: z.enum(['contact', 'bot', 'staff', 'system']),
    text: z.string(),
    internal: z.literal(true).optional(),
    kind: z.string().optional(),
    citation: z.object({ articleId: z.string(), title: z.string() }).optional(),
    suggestions: z.array(z.string()).optional(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Message');

export const sendSchema = z
  .strictObject({
    clientMessageId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._:-]+$/)
      .optional()
      .openapi({ description: 'Idempotency key: a retry with the same id stores nothing twice' }),
    text: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
    internal: z.boolean().optional().openapi({ description: 'Staff note, never shown to the contact' }),
  })
  .openapi('SendMessage');

export const sentSchema = z
  .object({ message: wireMessageSchema, duplicate: z.boolean() })
  .openapi('SentMessage');

/** Contacts see their conversation without its routing (queue, assignee). */
export function conversationDto(conversation: Conversation, forStaff: boolean) {
  return allow(conversationSchema, {
    id: conversation.id,
    status: conversation.status,
    channel: conversation.channel,
    locale: conversation.locale,
    ...(forStaff ? { queueId: conversation.queueId, assigneeId: conversation.assigneeId } : {}),
    lastSeq: conversation.lastSeq,
    createdAt: conversation.createdAt.toISOString(),
    closedAt: conversation.closedAt ? conversation.closedAt.toISOString() : null,
  });
}

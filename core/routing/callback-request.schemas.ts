import { z } from '@hono/zod-openapi';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { MAX_NOTE, PART_WORDS } from './callback-request.service.ts';

export const conversationParamsSchema = z.object({ slug: slugSchema, conversationId: z.uuid() });
export const requestParamsSchema = conversationParamsSchema.extend({ requestId: z.uuid() });

export const queuePositionSchema = z
  .object({
    status: z.enum(['bot', 'queued', 'assigned', 'closed']),
    position: z.int().nullable().openapi({ description: '1-based in assignment order; null unless queued' }),
    ahead: z.int().nullable(),
    expectedWaitSeconds: z
      .int()
      .nullable()
      .openapi({ description: 'null: unknown (too little history, or nobody online who could take it)' }),
    open: z.boolean().openapi({ description: 'Whether the queue is in its business hours now' }),
    nextOpeningAt: z.iso.datetime().nullable(),
    callbackRequested: z.boolean(),
  })
  .openapi('QueuePosition');

export const callbackRequestInputSchema = z
  .strictObject({
    preferredTime: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .openapi({
        example: 'afternoon',
        description: `An ISO 8601 time with its offset within 30 days, or one of: ${PART_WORDS.join(', ')}`,
      }),
    note: z
      .string()
      .trim()
      .max(MAX_NOTE)
      .optional()
      .openapi({ description: 'Sealed under the contact’s key' }),
  })
  .openapi('CallbackRequestInput');

export const callbackRequestSchema = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    queueId: z.string().nullable(),
    requestedAt: z.iso.datetime(),
    preferredPart: z.enum(['morning', 'afternoon', 'evening']).nullable(),
    preferredAt: z.iso.datetime().nullable(),
    note: z.string().nullable(),
    status: z.enum(['open', 'done']),
    doneAt: z.iso.datetime().nullable(),
  })
  .openapi('CallbackRequest');

export const callbackRequestListSchema = z
  .object({ items: z.array(callbackRequestSchema) })
  .openapi('CallbackRequestList');

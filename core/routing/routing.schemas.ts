import { z } from '@hono/zod-openapi';
import { QUEUE_ID } from '../access/queues.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { MAX_CAPACITY } from './presence.store.ts';

const queueId = z.string().regex(QUEUE_ID).openapi({ example: 'front-desk' });
const status = z.enum(['online', 'away', 'offline']);
const skill = z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/);
const text = z.string().trim().min(1).max(500);

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const queueParamsSchema = tenantParamsSchema.extend({ queueId });
export const conversationParamsSchema = tenantParamsSchema.extend({ conversationId: z.uuid() });

export const presenceInputSchema = z
  .strictObject({
    status,
    capacity: z
      .int()
      .min(0)
      .max(MAX_CAPACITY)
      .optional()
      .openapi({ description: 'Conversations at once; changed by supervisors and tenant admins only' }),
    skills: z
      .array(skill)
      .max(50)
      .optional()
      .openapi({ example: ['zh', 'billing'], description: 'Set by tenant admins only' }),
  })
  .openapi('PresenceInput');

export const presenceSchema = z
  .object({
    userId: z.uuid(),
    status,
    capacity: z.int(),
    active: z.int(),
    skills: z.array(z.string()),
    lastSeenAt: z.iso.datetime().nullable(),
  })
  .openapi('Presence');

export const overviewQuerySchema = z.object({
  queueId: queueId.optional().openapi({ description: 'Only this queue (one of yours)' }),
});

const agentLoadSchema = z.object({
  userId: z.uuid(),
  status,
  active: z.int(),
  capacity: z.int(),
});

export const overviewSchema = z
  .object({
    queues: z.array(
      z.object({
        queueId: z.string(),
        mode: z.enum(['auto', 'pick']),
        waiting: z.int(),
        emergenciesWaiting: z.int(),
        oldestQueuedAt: z.iso.datetime().nullable(),
        oldestWaitSeconds: z.int().nullable(),
        slaNearBreach: z.int(),
        slaBreached: z.int(),
        agentsOnline: z.int(),
        callbacksOpen: z.int(),
        agents: z.array(agentLoadSchema),
      }),
    ),
  })
  .openapi('RoutingOverview');

const seconds = z
  .int()
  .min(1)
  .max(30 * 24 * 3600)
  .nullable();
const message = z.strictObject({ 'zh-CN': text, en: text });
const businessHours = z
  .strictObject({
    timeZone: z.string().min(1).max(64).openapi({ example: 'Asia/Shanghai' }),
    weekly: z
      .array(z.strictObject({ weekday: z.int().min(1).max(7), start: z.string(), end: z.string() }))
      .min(1)
      .max(50),
    holidays: z.array(z.string()).max(400).default([]),
  })
  .openapi('BusinessHours', { description: 'Windows in the queue time zone; checked in full on save' });

export const queueSettingsInputSchema = z
  .strictObject({
    names: z
      .strictObject({ 'zh-CN': z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) })
      .openapi({ example: { 'zh-CN': '前台', en: 'Front desk' }, description: 'The name in each locale' }),
    mode: z
      .enum(['auto', 'pick'])
      .openapi({ description: '`auto` assigns by skills and load; `pick` lets agents claim' }),
    firstResponseSeconds: seconds.default(null),
    resolutionSeconds: seconds.default(null),
    businessHours: businessHours
      .nullable()
      .default(null)
      .openapi({ description: 'null: open around the clock' }),
    outOfHoursMessage: message.nullable().default(null),
  })
  .openapi('QueueSettingsInput');

export const queueSettingsSchema = z
  .object({
    queueId: z.string(),
    names: z.record(z.string(), z.string()),
    mode: z.enum(['auto', 'pick']),
    firstResponseSeconds: z.int().nullable(),
    resolutionSeconds: z.int().nullable(),
    businessHours: z
      .object({
        timeZone: z.string(),
        weekly: z.array(z.object({ weekday: z.int(), start: z.string(), end: z.string() })),
        holidays: z.array(z.string()),
      })
      .nullable(),
    outOfHoursMessage: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  })
  .openapi('QueueSettings');

export const assignInputSchema = z
  .strictObject({ userId: z.uuid().openapi({ description: 'The agent who takes the conversation' }) })
  .openapi('AssignInput');

export const assignmentSchema = z
  .object({
    conversationId: z.uuid(),
    userId: z.uuid(),
    previousUserId: z.uuid().nullable(),
  })
  .openapi('Assignment');

import { z } from '@hono/zod-openapi';
import { QUEUE_ID } from '../access/queues.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';

const date = (example: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
    .openapi({ example, description: "A local date in the tenant's time zone" });

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const dailyQuerySchema = z.object({
  from: date('2026-11-01'),
  to: date('2026-11-30'),
  queueId: z
    .string()
    .regex(QUEUE_ID)
    .optional()
    .openapi({ example: 'front-desk', description: 'Only this queue (for a supervisor: one of theirs)' }),
});

const count = z.int().min(0);
const durations = z.object({
  count,
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});

export const dailyMetricsSchema = z.object({
  date: z.string(),
  conversationsStarted: count,
  botContained: count,
  containmentRate: z.number().nullable(),
  handoffs: z.object({
    total: count,
    requested: count,
    safety: count,
    fallback: count,
    flow: count,
    other: count,
  }),
  firstResponse: durations,
  handleTime: durations,
  slaFirstResponse: z.object({ due: count, breached: count }),
  csat: z.object({
    responses: count,
    mean: z.number().nullable(),
    satisfiedShare: z.number().nullable(),
  }),
  dispositions: z.object({
    resolved: count,
    'no-response': count,
    escalated: count,
    'transferred-out': count,
    duplicate: count,
    spam: count,
  }),
  topIntents: z
    .array(z.object({ intent: z.string(), count }))
    .nullable()
    .openapi({
      description:
        'The most counted intents of the day’s contact messages (messages, not conversations), at most 10; null unless the report is tenant-wide',
    }),
});

export const dailyReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    queueId: z.string().nullable(),
    days: z.array(dailyMetricsSchema),
  })
  .openapi('DailyAnalytics');

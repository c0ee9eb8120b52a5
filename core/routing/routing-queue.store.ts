import type { Kysely } from 'kysely';
import { z } from 'zod';
import { QUEUE_ID } from '../access/queues.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { type BusinessHours, parseBusinessHours } from './business-hours.ts';
import type { QueueMode } from './routing.table.ts';

/** How a queue routes: `auto` assigns by skills and load, `pick` lets agents claim. */
export interface RoutingQueue {
  readonly queueId: string;
  readonly names: Readonly<Record<string, string>>;
  readonly mode: QueueMode;
  readonly firstResponseSeconds: number | null;
  readonly resolutionSeconds: number | null;
  /** null: open around the clock. */
  readonly businessHours: BusinessHours | null;
  readonly outOfHoursMessage: { readonly 'zh-CN': string; readonly en: string } | null;
}

const THIRTY_DAYS = 30 * 24 * 3600;
const seconds = z.number().int().min(1).max(THIRTY_DAYS).nullable();
const text = z.string().min(1).max(500);

const schema = z.object({
  queueId: z.string().regex(QUEUE_ID),
  names: z.record(z.enum(['zh-CN', 'en']), z.string().min(1).max(100)),
  mode: z.enum(['auto', 'pick']),
  firstResponseSeconds: seconds,
  resolutionSeconds: seconds,
  businessHours: z.unknown().nullable(),
  outOfHoursMessage: z.object({ 'zh-CN': text, en: text }).nullable(),
});

function parseQueue(value: unknown): RoutingQueue {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', 'The queue settings are invalid.', {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const q = result.data;
  return {
    ...q,
    names: q.names as Record<string, string>,
    businessHours: q.businessHours === null ? null : parseBusinessHours(q.businessHours),
  };
}

/** Creates or replaces a queue's routing settings. */
export async function saveQueue(
  db: Kysely<Database>,
  tenantId: string,
  input: RoutingQueue,
  now: Date = new Date(),
): Promise<RoutingQueue> {
  const queue = parseQueue(input);
  const values = {
    names: JSON.stringify(queue.names),
    mode: queue.mode,
    first_response_seconds: queue.firstResponseSeconds,
    resolution_seconds: queue.resolutionSeconds,
    business_hours: queue.businessHours ? JSON.stringify(queue.businessHours) : null,
    out_of_hours_message: queue.outOfHoursMessage ? JSON.stringify(queue.outOfHoursMessage) : null,
    updated_at: now,
  };
  await db
    .insertInto('routing_queues')
    .values({ tenant_id: tenantId, queue_id: queue.queueId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'queue_id']).doUpdateSet(values))
    .execute();
  return queue;
}

/** A queue's settings; a queue never configured routes `auto`, around the clock, with no SLA. */
export async function getQueue(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): Promise<RoutingQueue | undefined> {
  const row = await db
    .selectFrom('routing_queues')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('queue_id', '=', queueId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    queueId: row.queue_id,
    names: row.names,
    mode: row.mode,
    firstResponseSeconds: row.first_response_seconds,
    resolutionSeconds: row.resolution_seconds,
    businessHours: row.business_hours === null ? null : parseBusinessHours(row.business_hours),
    outOfHoursMessage: row.out_of_hours_message as RoutingQueue['outOfHoursMessage'],
  };
}

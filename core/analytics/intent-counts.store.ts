import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The pack contract's intent names (the table's CHECK): anything else is not counted. */
const INTENT = /^[a-z][a-z0-9_]{0,62}$/;

export interface IntentCount {
  readonly tenantId: string;
  readonly intent: string;
  /** When the message was classified; counted on its local date in `timeZone`. */
  readonly at: Date;
  readonly timeZone: string;
}

/**
 * One more contact message classified as `intent` on its local day: an upsert, so concurrent
 * turns of one tenant add up. Meant for the transaction that stores the assistant's replies, so
 * a turn replayed after a crash (its replies already stored) does not count again.
 */
export async function countIntent(
  trx: Transaction<Database> | Kysely<Database>,
  c: IntentCount,
): Promise<void> {
  if (!INTENT.test(c.intent)) return;
  await sql`
    insert into intent_daily_counts (tenant_id, day, intent, count)
    values (${c.tenantId}, (${c.at.toISOString()}::timestamptz at time zone ${c.timeZone})::date, ${c.intent}, 1)
    on conflict (tenant_id, day, intent) do update set count = intent_daily_counts.count + 1`.execute(trx);
}

export interface TopIntentRow {
  readonly day: string;
  readonly intent: string;
  readonly count: number;
}

/** The `limit` most counted intents of each local day from `from` to `to` (both included). */
export async function loadTopIntents(
  db: Kysely<Database>,
  q: { readonly tenantId: string; readonly from: string; readonly to: string; readonly limit: number },
): Promise<TopIntentRow[]> {
  const { rows } = await sql<TopIntentRow>`
    select day, intent, count from (
      select to_char(i.day, 'YYYY-MM-DD') as day, i.intent, i.count,
        row_number() over (partition by i.day order by i.count desc, i.intent) as rank
      from intent_daily_counts i
      where i.tenant_id = ${q.tenantId} and i.day between ${q.from}::date and ${q.to}::date) ranked
    where rank <= ${q.limit}
    order by day, count desc, intent`.execute(db);
  return rows;
}

import type { ColumnType } from 'kysely';

/** `intent_daily_counts`, keyed by (tenant_id, day, intent); `day` is a local date `YYYY-MM-DD`. */
export interface IntentDailyCountTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  intent: string;
  count: ColumnType<number, number | undefined, number>;
}

export interface IntentCountDatabase {
  intent_daily_counts: IntentDailyCountTable;
}

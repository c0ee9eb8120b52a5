import type { ColumnType, Generated } from 'kysely';

/** `canned_replies`, keyed by (tenant_id, reply_id); `shortcut` is unique per tenant. */
export interface CannedReplyTable {
  tenant_id: string;
  reply_id: string;
  shortcut: string;
  title: string;
  bodies: ColumnType<Record<string, string>, string, string>;
  created_by: string;
  updated_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

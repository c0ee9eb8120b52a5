import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { csatColumns } from './csat.columns.ts';

type Comment = SealedOf<(typeof csatColumns.columns)['comment']>;

/** `csat_responses`, keyed by (tenant_id, conversation_id): one answer per conversation. */
export interface CsatResponseTable {
  tenant_id: string;
  conversation_id: string;
  contact_id: string;
  queue_id: string | null;
  assignee_id: string | null;
  score: number;
  comment: ColumnType<Buffer | null, Comment | null, Comment | null>;
  created_at: Generated<Date>;
}

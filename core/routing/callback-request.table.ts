import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { callbackRequestColumns } from './callback-request.columns.ts';

type Note = SealedOf<(typeof callbackRequestColumns.columns)['note']>;

export type CallbackStatus = 'open' | 'done';
export type PreferredPart = 'morning' | 'afternoon' | 'evening';

/** `callback_requests`, keyed by (tenant_id, request_id); at most one open per conversation. */
export interface CallbackRequestTable {
  tenant_id: string;
  request_id: string;
  conversation_id: string;
  contact_id: string;
  queue_id: string | null;
  requested_at: Generated<Date>;
  preferred_part: PreferredPart | null;
  preferred_at: Date | null;
  note: ColumnType<Buffer | null, Note | null, Note | null>;
  status: ColumnType<CallbackStatus, CallbackStatus | undefined, CallbackStatus>;
  done_at: Date | null;
  done_by: string | null;
}

export interface CallbackRequestDatabase {
  callback_requests: CallbackRequestTable;
}

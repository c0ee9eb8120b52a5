import type { ColumnType, Generated } from 'kysely';
import type { AutoReply } from '../packs/conversation-pack.ts';
import type { FlowDefinition } from './flow.schema.ts';

/**
 * A tenant's saved flow versions. Rows are never updated: a running conversation is pinned to
 * the version it started on, so every version stays readable. Tenant configuration, not
 * personal data: stored in the clear.
 */
export interface DialogueFlowTable {
  tenant_id: string;
  flow_id: string;
  version: number;
  /** The whole definition, version included (a check ties it to the key columns). */
  definition: ColumnType<FlowDefinition, string, string>;
  created_at: Generated<Date>;
  /** The staff account (or service client) that saved it; an opaque id. */
  created_by: string;
}

/** A tenant's auto-reply rules, one row per saved version; the newest is in force. */
export interface DialogueRuleTable {
  tenant_id: string;
  version: number;
  rules: ColumnType<readonly AutoReply[], string, string>;
  created_at: Generated<Date>;
  created_by: string;
}

export interface DialogueFlowDatabase {
  dialogue_flows: DialogueFlowTable;
  dialogue_rules: DialogueRuleTable;
}

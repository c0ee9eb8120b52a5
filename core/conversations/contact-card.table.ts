import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { contactRevealColumns } from './contact-card.columns.ts';

type Reason = SealedOf<(typeof contactRevealColumns.columns)['reason_sealed']>;

/** `contact_reveals`, keyed by (tenant_id, reveal_id): who revealed which fields of whom, and why (sealed). */
export interface ContactRevealTable {
  tenant_id: string;
  reveal_id: string;
  conversation_id: string;
  contact_id: string;
  actor_id: string;
  actor_role: string;
  fields: string[];
  reason_sealed: ColumnType<Buffer, Reason, Reason>;
  /** base64url SHA-256 of `reason_sealed`: the `reveal` event's `detailsRef.sha256`. */
  reason_sha256: string;
  revealed_at: Generated<Date>;
}

export interface ContactRevealDatabase {
  contact_reveals: ContactRevealTable;
}

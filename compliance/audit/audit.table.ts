import type { Generated, Kysely } from 'kysely';

/**
 * The audit log's tables as the storage code sees them (the migrations in
 * audit.migrations.ts are the source of truth). Every key starts with `tenant_id` (DESIGN §5).
 * No column holds personal data: the subject is a pseudonym, ids are opaque.
 */

/** Intake: events recorded in the access transaction, waiting for a sequence number. */
export interface AuditPendingTable {
  tenant_id: string;
  pending_id: Generated<number>;
  /** RFC 8785 canonical JSON of the event without `seq` (validated when recorded). */
  body: Buffer;
  created_at: Generated<Date>;
}

/** One row per leaf: `leaf` is exactly the bytes that were hashed; the rest is for search. */
export interface AuditEventTable {
  tenant_id: string;
  seq: number;
  leaf: Buffer;
  pending_id: number;
  recorded_at: Date;
  actor_id: string;
  actor_kind: string;
  action: string;
  purpose: string;
  outcome: string;
  resource_type: string | null;
  resource_id: string | null;
  subject_pseudonym: string | null;
}

/** Complete subtrees of RFC 9162 §2.1.1, written once by the sequencer (the `NodeStore`). */
export interface AuditNodeTable {
  tenant_id: string;
  level: number;
  index: number;
  hash: Buffer;
}

/** Signed C2SP checkpoints, one per tree size the sequencer signed. */
export interface AuditCheckpointTable {
  tenant_id: string;
  tree_size: number;
  root: Buffer;
  note: string;
  signed_at: Generated<Date>;
}

export interface AuditDatabase {
  audit_pending: AuditPendingTable;
  audit_events: AuditEventTable;
  audit_nodes: AuditNodeTable;
  audit_checkpoints: AuditCheckpointTable;
}

/**
 * Kysely's schema parameter is invariant, so a `Kysely<Database>` with more tables is not a
 * `Kysely<AuditDatabase>`; the audit code only touches its own tables, which `DB` has.
 */
export function auditDb<DB extends AuditDatabase>(db: Kysely<DB>): Kysely<AuditDatabase> {
  return db as unknown as Kysely<AuditDatabase>;
}

import { type Kysely, sql } from 'kysely';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { InvalidTreeSize } from './errors.ts';
import { type AuditEvent, decodeLeaf } from './event.ts';
import { type Hash, hashLeaf } from './merkle.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { latestCheckpointRow, treeSize } from './sequencer.ts';
import { createSqlNodeStore } from './sql-node-store.ts';

/**
 * Reads for auditors: search, the latest signed checkpoint, and RFC 9162 proofs from the stored
 * nodes. Sizes for proofs must be sizes the log has reached; an auditor should use sizes from
 * checkpoints they hold (docs/compliance/audit-log.md §3.2, last paragraph).
 */
export interface AuditSearchFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly actorId?: string;
  readonly subjectPseudonym?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly action?: string;
  readonly outcome?: 'success' | 'failure';
}

export interface FoundEvent {
  readonly event: AuditEvent;
  readonly leafHash: Hash;
}

/** Keyset page in `seq` order after `afterSeq`; ask for one more than you show to know if more exist. */
export async function searchEvents<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
  filter: AuditSearchFilter,
  page: { readonly limit: number; readonly afterSeq?: number },
): Promise<FoundEvent[]> {
  let query = auditDb(database)
    .selectFrom('audit_events')
    .select('leaf')
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .limit(page.limit);
  if (page.afterSeq !== undefined) query = query.where('seq', '>', page.afterSeq);
  if (filter.from) query = query.where('recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('recorded_at', '<', filter.to);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.subjectPseudonym) query = query.where('subject_pseudonym', '=', filter.subjectPseudonym);
  if (filter.resourceType) query = query.where('resource_type', '=', filter.resourceType);
  if (filter.resourceId) query = query.where('resource_id', '=', filter.resourceId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  const rows = await query.execute();
  return rows.map((r) => ({ event: decodeLeaf(r.leaf), leafHash: hashLeaf(r.leaf) }));
}

export interface StoredCheckpoint {
  readonly size: number;
  /** The signed note, as stored: open it with the published verifier key. */
  readonly note: string;
}

export async function latestCheckpoint<DB extends AuditDatabase>(
  db: Kysely<DB>,
  tenantId: string,
): Promise<StoredCheckpoint | undefined> {
  const row = await latestCheckpointRow(auditDb(db), tenantId);
  return row && { size: row.tree_size, note: row.note };
}

/** Whether a checkpoint of exactly this size was signed (proof sizes should be such). */
export async function checkpointAt<DB extends AuditDatabase>(
  db: Kysely<DB>,
  tenantId: string,
  size: number,
): Promise<StoredCheckpoint | undefined> {
  const row = await auditDb(db)
    .selectFrom('audit_checkpoints')
    .select(['tree_size', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('tree_size', '=', size)
    .executeTakeFirst();
  return row && { size: row.tree_size, note: row.note };
}

async function assertReached(db: Kysely<AuditDatabase>, tenantId: string, size: number) {
  const current = await treeSize(db, tenantId);
  if (size > current) throw new InvalidTreeSize(`the log has ${current} entries, fewer than ${size}`);
}

export async function inclusionProofFor<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
  seq: number,
  size: number,
): Promise<{ leafHash: Hash; proof: Hash[] }> {
  const db = auditDb(database);
  if (seq >= size) throw new InvalidTreeSize('the entry must be inside the tree (seq < size)');
  await assertReached(db, tenantId, size);
  const { rows } = await sql<{ leaf: Buffer }>`
    select leaf from audit_events where tenant_id = ${tenantId} and seq = ${seq}`.execute(db);
  if (!rows[0]) throw new InvalidTreeSize(`no entry ${seq}`);
  return {
    leafHash: hashLeaf(rows[0].leaf),
    proof: await inclusionProof(createSqlNodeStore(db, tenantId), seq, size),
  };
}

export async function consistencyProofFor<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
  from: number,
  to: number,
): Promise<Hash[]> {
  const db = auditDb(database);
  if (from > to) throw new InvalidTreeSize('the first size must not exceed the second');
  await assertReached(db, tenantId, to);
  return consistencyProof(createSqlNodeStore(db, tenantId), from, to);
}

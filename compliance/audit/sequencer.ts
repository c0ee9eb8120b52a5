import { type Kysely, sql } from 'kysely';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { parseCanonical } from './canonical-json.ts';
import {
  assertConsistentCheckpoints,
  type Checkpoint,
  openCheckpoint,
  signCheckpoint,
} from './checkpoint.ts';
import { decodeLeaf, encodeLeaf } from './event.ts';
import { appendLeaves, frontierRoot } from './frontier.ts';
import { type LogKeys, logOrigin } from './log-keys.ts';
import { hashLeaf } from './merkle.ts';
import { readFrontier } from './node-store.ts';
import { consistencyProof } from './proofs.ts';
import { createSqlNodeStore, writeNodes } from './sql-node-store.ts';

/**
 * The sequencer turns recorded events into leaves. One batch is one transaction: take the
 * tenant's advisory lock, number the oldest pending events densely after the current tree size,
 * write their leaves and the complete subtrees they finish (RFC 9162 §2.1.1), remove them from
 * the intake, and sign a checkpoint for the new size after proving it consistent with the last
 * one. A crash anywhere rolls the whole batch back, so nothing is lost or numbered twice; the
 * lock is a transaction lock, so a dead process's lock dies with its connection and another
 * process carries on.
 */
export interface SequencerOptions {
  readonly keys: LogKeys;
  /** Events per transaction. */
  readonly batchSize?: number;
}

export type BatchOutcome =
  | { readonly status: 'busy' }
  | { readonly status: 'idle'; readonly treeSize: number }
  | { readonly status: 'sequenced'; readonly count: number; readonly treeSize: number };

// Advisory lock key space (class, object): 'AUDI' and a hash of the tenant id.
const LOCK_CLASS = 0x41554449;
const DEFAULT_BATCH = 1000;
const INSERT_CHUNK = 1000;

export async function treeSize<DB extends AuditDatabase>(db: Kysely<DB>, tenantId: string): Promise<number> {
  const row = await auditDb(db)
    .selectFrom('audit_events')
    .select(sql<number | null>`max(seq)`.as('last'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.last == null ? 0 : row.last + 1;
}

export async function latestCheckpointRow(db: Kysely<AuditDatabase>, tenantId: string) {
  return db
    .selectFrom('audit_checkpoints')
    .select(['tree_size', 'note'])
    .where('tenant_id', '=', tenantId)
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One batch for one tenant. */
export async function sequenceBatch<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
  options: SequencerOptions,
): Promise<BatchOutcome> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  return auditDb(database)
    .transaction()
    .execute(async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${tenantId})) as locked`.execute(trx);
      if (!rows[0]?.locked) return { status: 'busy' };
      const pending = await trx
        .selectFrom('audit_pending')
        .select(['pending_id', 'body'])
        .where('tenant_id', '=', tenantId)
        .orderBy('pending_id')
        .limit(batchSize)
        .execute();
      const size = await treeSize(trx, tenantId);
      if (pending.length === 0) return { status: 'idle', treeSize: size };

      const store = createSqlNodeStore(trx, tenantId);
      const leaves = pending.map((p, i) => {
        const body = parseCanonical(p.body) as Record<string, unknown>;
        return encodeLeaf({ ...body, seq: size + i } as never);
      });
      const { frontier, nodes } = appendLeaves(await readFrontier(store, size), leaves.map(hashLeaf));
      for (let start = 0; start < pending.length; start += INSERT_CHUNK) {
        const rows = pending
          .slice(start, start + INSERT_CHUNK)
          .map((p, j) => eventRow(leaves[start + j]!, p.pending_id));
        await trx.insertInto('audit_events').values(rows).execute();
      }
      await writeNodes(trx, tenantId, nodes);
      await trx
        .deleteFrom('audit_pending')
        .where('tenant_id', '=', tenantId)
        .where(
          'pending_id',
          'in',
          pending.map((p) => p.pending_id),
        )
        .execute();

      const checkpoint: Checkpoint = {
        origin: logOrigin(options.keys.signer.name, tenantId),
        size: frontier.size,
        root: frontierRoot(frontier),
      };
      await assertExtendsLatest(trx, tenantId, checkpoint, options.keys);
      await trx
        .insertInto('audit_checkpoints')
        .values({
          tenant_id: tenantId,
          tree_size: checkpoint.size,
          root: Buffer.from(checkpoint.root),
          note: signCheckpoint(checkpoint, [options.keys.signer]),
        })
        .execute();
      return { status: 'sequenced', count: pending.length, treeSize: frontier.size };
    });
}

/**
 * tlog-checkpoint: a log MUST NOT sign two inconsistent checkpoints. The previous one is opened
 * with the log's key (a forged row fails here) and connected to the new tree by an RFC 9162
 * §2.1.4 consistency proof from the stored nodes.
 */
async function assertExtendsLatest(
  trx: Kysely<AuditDatabase>,
  tenantId: string,
  checkpoint: Checkpoint,
  keys: LogKeys,
): Promise<void> {
  const latest = await latestCheckpointRow(trx, tenantId);
  if (!latest) return;
  const previous = openCheckpoint(latest.note, [keys.verifier], { origin: checkpoint.origin }).checkpoint;
  const proof = await consistencyProof(createSqlNodeStore(trx, tenantId), previous.size, checkpoint.size);
  assertConsistentCheckpoints(previous, checkpoint, proof);
}

/** The `audit_events` row of a leaf: the search columns are derived from it, never given. */
export function eventRow(leaf: Uint8Array, pendingId: number) {
  const event = decodeLeaf(leaf);
  return {
    tenant_id: event.tenantId,
    seq: event.seq,
    leaf: Buffer.from(leaf),
    pending_id: pendingId,
    recorded_at: new Date(event.time),
    actor_id: event.actor.id,
    actor_kind: event.actor.kind,
    action: event.action,
    purpose: event.purpose,
    outcome: event.outcome.result,
    resource_type: event.resource?.type ?? null,
    resource_id: event.resource?.id ?? null,
    subject_pseudonym: event.subject?.pseudonym ?? null,
  };
}

/** Every tenant with events waiting. */
export async function tenantsWithPendingEvents<DB extends AuditDatabase>(db: Kysely<DB>): Promise<string[]> {
  const rows = await auditDb(db).selectFrom('audit_pending').select('tenant_id').distinct().execute();
  return rows.map((r) => r.tenant_id);
}

/** A pass sequenced what it could, but some tenants' logs refused to grow (see `failures`). */
export class SequencingFailed extends Error {
  override readonly name = 'SequencingFailed';
  constructor(readonly failures: readonly { readonly tenantId: string; readonly error: unknown }[]) {
    super(
      `sequencing failed for ${failures.length} tenant(s): ${failures
        .map((f) => `${f.tenantId}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
        .join('; ')}`,
    );
  }
}

/**
 * Sequences everything pending now, tenant by tenant, batch by batch, and returns how many
 * events it numbered. One tenant's broken log (a checkpoint that does not open, say) stops that
 * tenant only; the others proceed, and the pass then throws `SequencingFailed` naming it.
 */
export async function sequenceAll<DB extends AuditDatabase>(
  db: Kysely<DB>,
  options: SequencerOptions,
): Promise<number> {
  let total = 0;
  const failures: { tenantId: string; error: unknown }[] = [];
  for (const tenantId of await tenantsWithPendingEvents(db)) {
    try {
      for (;;) {
        const outcome = await sequenceBatch(db, tenantId, options);
        if (outcome.status !== 'sequenced') break;
        total += outcome.count;
        if (outcome.count < (options.batchSize ?? DEFAULT_BATCH)) break;
      }
    } catch (error) {
      failures.push({ tenantId, error });
    }
  }
  if (failures.length > 0) throw new SequencingFailed(failures);
  return total;
}

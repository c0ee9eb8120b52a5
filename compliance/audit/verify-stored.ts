import { type Kysely, sql } from 'kysely';
import { type AuditDatabase, type AuditEventTable, auditDb } from './audit.table.ts';
import { assertConsistentCheckpoints, type Checkpoint, openCheckpoint } from './checkpoint.ts';
import { logOrigin } from './log-keys.ts';
import { equalHashes, hashLeaf } from './merkle.ts';
import { readRoot } from './node-store.ts';
import type { NoteVerifier } from './note-key.ts';
import { consistencyProof } from './proofs.ts';
import { treeSize } from './sequencer.ts';
import { createSqlNodeStore } from './sql-node-store.ts';
import { auditEventCheck, type Divergence, recomputeHashedPages } from './verify.ts';

/**
 * Online verification of one tenant's log (docs/compliance/audit-log.md §7.3): open every
 * stored checkpoint with the log's key, connect consecutive ones by consistency proofs, then
 * stream every leaf in `seq` order, recomputing leaf hashes and roots, and compare with the
 * checkpoints, the stored leaf nodes and the search columns. Reports the first sequence number
 * that does not match.
 */
export interface StoredLogReport {
  readonly ok: boolean;
  readonly tenantId: string;
  /** Leaves read (up to and including the first bad one). */
  readonly size: number;
  readonly checkpointsVerified: number;
  /** The first sequence number that does not match, when one leaf can be named. */
  readonly firstBadSequence?: number;
  readonly problem?: string;
}

export interface VerifyStoredOptions {
  readonly verifiers: readonly NoteVerifier[];
  /** The checkpoint key name; the tenant's origin is `<keyName>/<tenantId>`. */
  readonly keyName: string;
  readonly pageSize?: number;
  /** Also re-validate every leaf as a canonical event (slower). */
  readonly strict?: boolean;
}

/** An `audit_events` row with every search column. */
type FullRow = Omit<AuditEventTable, 'tenant_id' | 'pending_id'>;

/** A page row as the verifier checks it. */
interface LeafRow {
  seq: number;
  leaf: Buffer;
  /** hashLeaf(leaf), computed once here. */
  hash: Buffer;
  /** The stored level-0 node of this position, if any. */
  node: Buffer | null;
  full: FullRow;
}

const DEFAULT_PAGE = 10_000;

const SEARCH_COLUMNS = [
  'actor_id',
  'actor_kind',
  'action',
  'purpose',
  'outcome',
  'resource_type',
  'resource_id',
  'subject_pseudonym',
] as const;

/**
 * Every row in `seq` order, in pages of bounded `seq` ranges (PGlite has no cursors): each page
 * is two primary-key range scans, one for the events and one for their stored leaf hashes,
 * whatever the planner's statistics say. The next page is fetched while this one is checked.
 */
async function* leafPages(db: Kysely<AuditDatabase>, tenantId: string, pageSize: number) {
  const end = await treeSize(db, tenantId);
  const events = async (low: number, high: number): Promise<LeafRow[]> => {
    const { rows } = await sql<FullRow>`
        select seq, leaf, recorded_at, actor_id, actor_kind, action, purpose,
               outcome, resource_type, resource_id, subject_pseudonym
        from audit_events
        where tenant_id = ${tenantId} and seq >= ${low} and seq < ${high}
        order by seq`.execute(db);
    return rows.map((r) => ({ seq: r.seq, leaf: r.leaf, hash: hashLeaf(r.leaf), node: null, full: r }));
  };
  const page = async (low: number): Promise<LeafRow[]> => {
    const high = Math.min(end, low + pageSize);
    const [rows, nodes] = await Promise.all([
      events(low, high),
      db
        .selectFrom('audit_nodes')
        .select(['index', 'hash'])
        .where('tenant_id', '=', tenantId)
        .where('level', '=', 0)
        .where('index', '>=', low)
        .where('index', '<', high)
        .orderBy('index')
        .execute(),
    ]);
    // Both lists are in position order: walk them together.
    let n = 0;
    for (const row of rows) {
      while (n < nodes.length && nodes[n]!.index < row.seq) n += 1;
      if (n < nodes.length && nodes[n]!.index === row.seq) row.node = nodes[n]!.hash;
    }
    return rows;
  };
  let next = end > 0 ? page(0) : undefined;
  for (let low = 0; next; low += pageSize) {
    const rows = await next;
    next = low + pageSize < end ? page(low + pageSize) : undefined;
    next?.catch(() => undefined);
    yield rows;
  }
}

// The fields the search columns are copied from, as JSON.parse sees them.
interface LeafFields {
  seq?: unknown;
  tenantId?: unknown;
  time?: string;
  actor?: { id?: unknown; kind?: unknown };
  action?: unknown;
  purpose?: unknown;
  outcome?: { result?: unknown };
  resource?: { type?: unknown; id?: unknown };
  subject?: { pseudonym?: unknown };
}

function searchColumns(
  leaf: Buffer,
): { recordedAt: number; columns: Record<(typeof SEARCH_COLUMNS)[number], unknown> } & LeafFields {
  let e: LeafFields;
  try {
    e = JSON.parse(leaf.toString('utf8')) as LeafFields;
  } catch {
    throw new Error('leaf is not JSON');
  }
  const columns = {
    actor_id: e.actor?.id,
    actor_kind: e.actor?.kind,
    action: e.action,
    purpose: e.purpose,
    outcome: e.outcome?.result,
    resource_type: e.resource?.type ?? null,
    resource_id: e.resource?.id ?? null,
    subject_pseudonym: e.subject?.pseudonym ?? null,
  };
  return { ...e, recordedAt: Date.parse(e.time ?? ''), columns };
}

/**
 * The per-leaf checks. The leaf hash against the stored one, position and tenant, and the
 * search columns against the leaf; `strict` also re-validates the leaf as a canonical event
 * (§2), which costs a schema check per leaf and finds nothing the hashes would not.
 */
function checkRow(
  row: LeafRow,
  sequence: number,
  tenantId: string,
  strict: ((leaf: Uint8Array, seq: number) => void) | undefined,
) {
  if (row.seq !== sequence) throw new Error(`row ${row.seq} stands where ${sequence} belongs`);
  if (!row.node) throw new Error('no stored leaf hash');
  if (!equalHashes(row.hash, row.node)) throw new Error('leaf does not match its stored hash');
  strict?.(row.leaf, sequence);
  const leaf = searchColumns(row.leaf);
  if (leaf.seq !== sequence) throw new Error(`event carries sequence number ${String(leaf.seq)}`);
  if (leaf.tenantId !== tenantId) throw new Error('event belongs to another tenant');
  if (leaf.recordedAt !== row.full.recorded_at.getTime())
    throw new Error('recorded_at differs from the leaf');
  for (const column of SEARCH_COLUMNS) {
    if (leaf.columns[column] !== row.full[column]) throw new Error(`${column} differs from the leaf`);
  }
}

/** Opens every stored checkpoint; keeps those that open, and names the first that does not. */
async function openCheckpoints(
  db: Kysely<AuditDatabase>,
  tenantId: string,
  options: VerifyStoredOptions,
): Promise<{ checkpoints: Checkpoint[]; problem?: string }> {
  const rows = await db
    .selectFrom('audit_checkpoints')
    .select(['tree_size', 'root', 'note'])
    .where('tenant_id', '=', tenantId)
    .orderBy('tree_size')
    .execute();
  const origin = logOrigin(options.keyName, tenantId);
  const checkpoints: Checkpoint[] = [];
  let problem: string | undefined;
  for (const row of rows) {
    try {
      const { checkpoint } = openCheckpoint(row.note, options.verifiers, { origin });
      if (checkpoint.size !== row.tree_size || !equalHashes(checkpoint.root, row.root)) {
        throw new Error('the signed note does not match its row');
      }
      checkpoints.push(checkpoint);
    } catch (error) {
      problem ??= `checkpoint of size ${row.tree_size}: ${(error as Error).message}`;
    }
  }
  return problem === undefined ? { checkpoints } : { checkpoints, problem };
}

/**
 * The proofs the log serves are built from the stored nodes: the root of every checkpointed
 * size, and the consistency proofs between them, must come out of the store as signed.
 */
async function checkStoredTree(
  db: Kysely<AuditDatabase>,
  tenantId: string,
  checkpoints: readonly Checkpoint[],
  size: number,
  root: Uint8Array,
): Promise<string | undefined> {
  const store = createSqlNodeStore(db, tenantId);
  try {
    if (!equalHashes(await readRoot(store, size), root))
      return `tree of size ${size}: stored nodes give another root`;
    for (let i = 1; i < checkpoints.length; i++) {
      const [earlier, newer] = [checkpoints[i - 1]!, checkpoints[i]!];
      assertConsistentCheckpoints(earlier, newer, await consistencyProof(store, earlier.size, newer.size));
    }
  } catch (error) {
    return `tree of size ${size}: ${(error as Error).message}`;
  }
  return undefined;
}

function describe(divergence: Divergence): { firstBadSequence: number; problem: string } {
  switch (divergence.kind) {
    case 'leaf':
      return {
        firstBadSequence: divergence.sequence,
        problem: `seq ${divergence.sequence}: ${divergence.reason}`,
      };
    case 'root':
      return {
        firstBadSequence: divergence.sequence,
        problem: `root after ${divergence.checkpointSize} leaves differs from its checkpoint: a leaf in seq ${divergence.firstSuspect}..${divergence.sequence} changed`,
      };
    case 'length':
      return {
        firstBadSequence: divergence.actualSize,
        problem: `the log ends at ${divergence.actualSize} leaves but a checkpoint covers ${divergence.expectedSize}`,
      };
  }
}

export async function verifyStoredLog<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
  options: VerifyStoredOptions,
): Promise<StoredLogReport> {
  const db = auditDb(database);
  const opened = await openCheckpoints(db, tenantId, options);
  const strict = options.strict ? auditEventCheck(tenantId) : undefined;
  const result = await recomputeHashedPages(leafPages(db, tenantId, options.pageSize ?? DEFAULT_PAGE), {
    checkpoints: opened.checkpoints,
    check: (row, sequence) => checkRow(row, sequence, tenantId, strict),
  });
  const base = { tenantId, size: result.size, checkpointsVerified: opened.checkpoints.length };
  if (result.divergence) return { ok: false, ...base, ...describe(result.divergence) };
  if (opened.problem) return { ok: false, ...base, problem: opened.problem };
  const problem = await checkStoredTree(db, tenantId, opened.checkpoints, result.size, result.root);
  if (problem) return { ok: false, ...base, problem };
  return { ok: true, ...base };
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { EncryptedTable } from './encrypted-table.ts';
import { KeyDestroyed } from './errors.ts';
import { resealField } from './field.ts';
import type { KeyKind, KeyRecord, KeyStore } from './key-store.ts';
import { DEFAULT_ACTIVE_KEY_TTL_MS, type Keyring } from './keyring.ts';
import type { KeyRotationDatabase, RotationScope } from './rotation.table.ts';
import { createRotationJobRepository, type JobPatch, type RotationJob } from './rotation-job.repository.ts';
import {
  countRowsOnRetiredKeys,
  replaceIfUnchanged,
  retiredKeysInUse,
  rowsOnRetiredKeys,
} from './sealed-values.ts';

/**
 * Data-key rotation without downtime (docs/compliance/encryption.md §8):
 *
 *   rotate     every key of the scope created before the job becomes retired, a new version
 *              active (one transaction each, audited); children of a retired tenant key are
 *              rewrapped under the new one
 *   reencrypt  walks every registered table in row-id order, in batches, re-sealing values
 *              whose key is retired; each batch commits its rows and the cursor together, with
 *              a per-row optimistic check so a concurrent writer is never overwritten; the walk
 *              repeats until no value names a retired key
 *   retire     waits out the grace (other processes may still hold the old key as active for
 *              the keyring's active-key TTL), checks again, destroys every retired key no value
 *              names (audited), and finishes
 *
 * Readers never fail: a retired key still decrypts, and only keys no row names are destroyed.
 * One runner at a time holds the job's lease; after a crash, the next run resumes at the cursor
 * once the lease has expired.
 */
export interface RotationDeps<DB extends KeyRotationDatabase> {
  readonly db: Kysely<DB>;
  readonly keyring: Pick<
    Keyring<unknown>,
    'rotateKey' | 'rewrapChildren' | 'destroyKey' | 'encryptionKey' | 'decryptionKey'
  >;
  readonly store: Pick<KeyStore, 'list' | 'findActive'>;
  readonly tables: readonly EncryptedTable[];
  /** Defaults to twice the keyring's default active-key TTL. */
  readonly graceMs?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  readonly owner?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onProgress?: (job: RotationJob) => void | Promise<void>;
  /** Stops after the current batch, releasing the lease; the job resumes on the next run. */
  readonly signal?: AbortSignal;
}

export const DEFAULT_ROTATION_GRACE_MS = 2 * DEFAULT_ACTIVE_KEY_TTL_MS;
const BATCH = 200;
const LEASE_MS = 60_000;

/** Key kinds a scope rotates (tenant keys included) and the data kinds among them. */
export function kindsOf(scope: RotationScope): { rotated: KeyKind[]; data: KeyKind[] } {
  const rotated: KeyKind[] =
    scope === 'tenant'
      ? ['tenant', 'tenant_data']
      : scope === 'subjects'
        ? ['subject']
        : ['tenant', 'tenant_data', 'subject'];
  return { rotated, data: rotated.filter((k) => k !== 'tenant') };
}

/** The tenant's unfinished rotation of `scope`, or a new one. */
export function startRotation<DB extends KeyRotationDatabase>(
  deps: Pick<RotationDeps<DB>, 'db' | 'now'>,
  tenantId: string,
  scope: RotationScope,
): Promise<RotationJob> {
  const now = deps.now ?? Date.now;
  return createRotationJobRepository(deps.db).startOrResume(tenantId, scope, new Date(now()));
}

/** Runs (or resumes) `job` until it finishes or `signal` stops it; returns its last state. */
export async function runRotation<DB extends KeyRotationDatabase>(
  deps: RotationDeps<DB>,
  start: RotationJob,
): Promise<RotationJob> {
  const { keyring, store, tables } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const grace = deps.graceMs ?? DEFAULT_ROTATION_GRACE_MS;
  const batchSize = deps.batchSize ?? BATCH;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const owner = deps.owner ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const jobs = createRotationJobRepository(deps.db);
  const { tenantId } = start;
  const kinds = kindsOf(start.scope);
  const db = deps.db as unknown as Kysely<KeyRotationDatabase>;
  const at = () => new Date(now());
  const lease = () => ({ updated_at: at(), lease_expires_at: new Date(now() + leaseMs) });

  let job = await jobs.claim(start, owner, at(), new Date(now() + leaseMs));
  const save = async (patch: JobPatch, executor?: Kysely<KeyRotationDatabase>) => {
    job = await jobs.save(executor, job, owner, { ...patch, ...lease() });
    await deps.onProgress?.(job);
    return job;
  };
  const stopped = () => deps.signal?.aborted === true;
  const release = () => jobs.save(undefined, job, owner, { lease_owner: null, lease_expires_at: null });
  const firstTable = () => ({ cursor_table: tables[0]?.table ?? null, cursor_after: null });
  const retired = async (kind: KeyKind) => store.list({ tenantId, kind, status: 'retired' });

  async function rotatePhase(): Promise<void> {
    // A key created before the job started is an old version; one created since is new.
    const old = (r: KeyRecord | undefined): r is KeyRecord => r !== undefined && r.createdAt < job.startedAt;
    let rotated = 0;
    for (const kind of kinds.rotated) {
      const candidates =
        kind === 'subject'
          ? await store.list({ tenantId, kind, status: 'active' })
          : [await store.findActive({ tenantId, kind, subjectId: null })];
      for (const record of candidates) {
        if (!old(record)) continue;
        await keyring.rotateKey({ tenantId, kind, subjectId: record.subjectId });
        rotated++;
        if (rotated % batchSize === 0) {
          await save({ keys_rotated: job.keysRotated + batchSize });
          if (stopped()) return;
        }
      }
    }
    // Data keys wrapped under a retired tenant key move under the active one (created above).
    if (kinds.rotated.includes('tenant'))
      for (const t of await retired('tenant')) await keyring.rewrapChildren(t.id);
    const remaining = await countRowsOnRetiredKeys(db, tables, tenantId, kinds.data);
    await save({
      phase: 'reencrypt',
      phase_at: at(),
      keys_rotated: job.keysRotated + (rotated % batchSize),
      rows_total: remaining,
      rows_done: 0,
      passes: 1,
      ...firstTable(),
    });
  }

  async function reencryptBatch(table: EncryptedTable, after: string | null): Promise<string | null> {
    const rows = await rowsOnRetiredKeys(db, table, tenantId, kinds.data, after, batchSize);
    if (rows.length === 0) return null;
    // Re-seal outside the transaction: the keyring reads keys on its own connection.
    type Change = { column: string; from: Buffer; to: Uint8Array };
    const updates: { rowId: string; changes: Change[] }[] = [];
    for (const row of rows) {
      const changes: Change[] = [];
      for (const column of table.sealed) {
        const from = row.values[column.column];
        if (!from) continue;
        const context = {
          tenantId,
          rowId: row.rowId,
          ...(row.subjectId ? { subjectId: row.subjectId } : {}),
        };
        try {
          const to = await resealField(keyring, column, context, from);
          if (to) changes.push({ column: column.column, from, to });
        } catch (error) {
          if (error instanceof KeyDestroyed) continue; // erased while we walked: nothing to keep
          throw error;
        }
      }
      updates.push({ rowId: row.rowId, changes });
    }
    const last = rows.at(-1)!.rowId;
    await db.transaction().execute(async (trx) => {
      let done = 0;
      for (const u of updates) if (await replaceIfUnchanged(trx, table, tenantId, u.rowId, u.changes)) done++;
      job = await jobs.save(trx, job, owner, {
        rows_done: job.rowsDone + done,
        cursor_table: table.table,
        cursor_after: last,
        ...lease(),
      });
    });
    await deps.onProgress?.(job);
    return last;
  }

  async function reencryptPhase(): Promise<void> {
    let index = Math.max(
      0,
      tables.findIndex((t) => t.table === job.cursor?.table),
    );
    let after = tables[index]?.table === job.cursor?.table ? (job.cursor?.after ?? null) : null;
    while (index < tables.length) {
      if (stopped()) return;
      const next = await reencryptBatch(tables[index]!, after);
      if (next === null) {
        index++;
        after = null;
      } else after = next;
    }
    const remaining = await countRowsOnRetiredKeys(db, tables, tenantId, kinds.data);
    if (remaining > 0) {
      // Written under a retired key by a process that had not seen the rotation yet, or
      // skipped because a writer changed the row under us: walk again.
      await sleep(Math.min(100, grace));
      await save({ passes: job.passes + 1, rows_total: job.rowsDone + remaining, ...firstTable() });
      return;
    }
    await save({ phase: 'retire', phase_at: at(), cursor_table: null, cursor_after: null });
  }

  async function retirePhase(): Promise<void> {
    const until = job.phaseAt.getTime() + grace;
    while (now() < until) {
      if (stopped()) return;
      await sleep(Math.min(until - now(), leaseMs / 3));
      await save({});
    }
    const remaining = await countRowsOnRetiredKeys(db, tables, tenantId, kinds.data);
    if (remaining > 0) {
      await save({
        phase: 'reencrypt',
        passes: job.passes + 1,
        rows_total: job.rowsDone + remaining,
        ...firstTable(),
      });
      return;
    }
    const inUse = await retiredKeysInUse(db, tables, tenantId, kinds.data);
    let destroyed = 0;
    for (const kind of kinds.data) {
      for (const record of await retired(kind)) {
        if (inUse.has(record.id)) continue;
        await keyring.destroyKey(record.id);
        destroyed++;
      }
    }
    let waiting = false;
    if (kinds.rotated.includes('tenant')) {
      for (const old of await retired('tenant')) {
        // Children a lagging process created under the old tenant key while it was still active there.
        await keyring.rewrapChildren(old.id);
        const live = (await store.list({ tenantId, parentId: old.id })).filter(
          (c) => c.status !== 'destroyed',
        );
        if (live.length > 0) waiting = true;
        else {
          await keyring.destroyKey(old.id);
          destroyed++;
        }
      }
    }
    if (waiting) {
      await save({ phase_at: at(), keys_destroyed: job.keysDestroyed + destroyed });
      return;
    }
    await save({
      phase: 'finished',
      finished_at: at(),
      keys_destroyed: job.keysDestroyed + destroyed,
      lease_owner: null,
      lease_expires_at: null,
    });
  }

  try {
    while (job.phase !== 'finished') {
      if (stopped()) {
        job = await release();
        return job;
      }
      if (job.phase === 'rotate') await rotatePhase();
      else if (job.phase === 'reencrypt') await reencryptPhase();
      else await retirePhase();
    }
    return job;
  } catch (error) {
    // Let the next run start at once rather than wait out the lease; a crash leaves it to expire.
    await release().catch(() => undefined);
    throw error;
  }
}

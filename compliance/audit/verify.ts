import { type Checkpoint, openCheckpoint } from './checkpoint.ts';
import { decodeLeaf } from './event.ts';
import { TreeBuilder } from './frontier.ts';
import { equalHashes, type Hash, hashLeaf } from './merkle.ts';
import type { NoteVerifier } from './note-key.ts';

/**
 * Offline verification of a whole log: stream the leaves in order, recompute every leaf hash
 * and the root incrementally (O(log n) memory: the frontier), and compare with stored or
 * signed checkpoints as the stream passes their sizes. The first divergence ends the run:
 * after it every later root differs too, and the auditor needs the earliest point.
 */
export type LeafSource = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export type Divergence =
  /** The root after `checkpointSize` leaves is not the checkpoint's. Some leaf in
   * [`firstSuspect`, `sequence`] was changed, removed or inserted; earlier ones are proven. */
  | {
      readonly kind: 'root';
      readonly sequence: number;
      readonly firstSuspect: number;
      readonly checkpointSize: number;
      readonly expected: Hash;
      readonly actual: Hash;
    }
  /** `checkLeaf` rejected the leaf at `sequence` (not canonical, wrong sequence number…). */
  | { readonly kind: 'leaf'; readonly sequence: number; readonly reason: string }
  /** The log ended before a checkpoint's size, or (for a signed export) ran past it. */
  | { readonly kind: 'length'; readonly expectedSize: number; readonly actualSize: number };

export interface LogVerification {
  readonly ok: boolean;
  /** Leaves read; on divergence, up to and including the diverging one. */
  readonly size: number;
  /** Root of those leaves. */
  readonly root: Hash;
  readonly checkpointsMatched: number;
  readonly divergence?: Divergence;
}

export interface VerifyOptions {
  /** Stored checkpoints of this log, in any order; each is compared when the log reaches its size. */
  readonly checkpoints?: readonly Pick<Checkpoint, 'size' | 'root'>[];
  /** Extra per-leaf check; throw to report a divergence at that sequence number. */
  readonly checkLeaf?: (leaf: Uint8Array, sequence: number) => void;
}

class Recomputation {
  readonly #builder = TreeBuilder.empty();
  readonly #checkpoints: readonly Pick<Checkpoint, 'size' | 'root'>[];
  readonly #checkLeaf: VerifyOptions['checkLeaf'];
  #next = 0;
  #lastGood = 0;
  divergence: Divergence | undefined;

  constructor(options: VerifyOptions) {
    this.#checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.size - b.size);
    this.#checkLeaf = options.checkLeaf;
    this.#compare();
  }

  get size(): number {
    return this.#builder.size;
  }

  /** Returns false once diverged. `leafHash`, when the caller has it, must be `hashLeaf(leaf)`. */
  push(leaf: Uint8Array, leafHash?: Hash): boolean {
    const sequence = this.#builder.size;
    if (this.#checkLeaf) {
      try {
        this.#checkLeaf(leaf, sequence);
      } catch (e) {
        return this.reject(sequence, e);
      }
    }
    this.#builder.push(leafHash ?? hashLeaf(leaf));
    return this.#compare();
  }

  /** Records a per-leaf divergence at `sequence`; returns false. */
  reject(sequence: number, error: unknown): false {
    this.divergence = {
      kind: 'leaf',
      sequence,
      reason: error instanceof Error ? error.message : String(error),
    };
    return false;
  }

  #compare(): boolean {
    const size = this.#builder.size;
    while (this.#next < this.#checkpoints.length && this.#checkpoints[this.#next]!.size === size) {
      const checkpoint = this.#checkpoints[this.#next]!;
      const root = this.#builder.root();
      if (!equalHashes(root, checkpoint.root)) {
        this.divergence = {
          kind: 'root',
          sequence: size - 1,
          firstSuspect: this.#lastGood,
          checkpointSize: size,
          expected: checkpoint.root,
          actual: root,
        };
        return false;
      }
      this.#lastGood = size;
      this.#next += 1;
    }
    return true;
  }

  finish(): LogVerification {
    const size = this.#builder.size;
    const pending = this.#checkpoints[this.#next];
    if (!this.divergence && pending) {
      this.divergence = { kind: 'length', expectedSize: pending.size, actualSize: size };
    }
    const result = { size, root: this.#builder.root(), checkpointsMatched: this.#next };
    return this.divergence ? { ok: false, ...result, divergence: this.divergence } : { ok: true, ...result };
  }
}

export function recomputeLogSync(leaves: Iterable<Uint8Array>, options: VerifyOptions = {}): LogVerification {
  const run = new Recomputation(options);
  if (!run.divergence) {
    for (const leaf of leaves) if (!run.push(leaf)) break;
  }
  return run.finish();
}

/** As `recomputeLogSync`, for any source; a synchronous iterable skips the per-leaf await. */
export async function recomputeLog(
  leaves: LeafSource,
  options: VerifyOptions = {},
): Promise<LogVerification> {
  if (Symbol.iterator in leaves) return recomputeLogSync(leaves, options);
  const run = new Recomputation(options);
  if (!run.divergence) {
    for await (const leaf of leaves) if (!run.push(leaf)) break;
  }
  return run.finish();
}

/** A leaf and its RFC 9162 leaf hash, computed once by the caller. */
export interface HashedLeaf {
  readonly leaf: Uint8Array;
  readonly hash: Hash;
}

/**
 * As `recomputeLog`, over pages of leaves whose hashes the caller has already computed (online
 * verification hashes each leaf once, to compare it with the stored one and to fold it into
 * the tree). `check` sees each item at its position; throw to report a divergence there.
 */
export async function recomputeHashedPages<T extends HashedLeaf>(
  pages: AsyncIterable<readonly T[]>,
  options: {
    readonly checkpoints?: VerifyOptions['checkpoints'];
    readonly check?: (item: T, sequence: number) => void;
  } = {},
): Promise<LogVerification> {
  const run = new Recomputation({ checkpoints: options.checkpoints });
  const check = options.check;
  if (!run.divergence) {
    reading: for await (const page of pages) {
      for (const item of page) {
        if (check) {
          try {
            check(item, run.size);
          } catch (error) {
            run.reject(run.size, error);
            break reading;
          }
        }
        if (!run.push(item.leaf, item.hash)) break reading;
      }
    }
  }
  return run.finish();
}

/** A `checkLeaf` that decodes each leaf as a canonical audit event of `tenantId` at its position. */
export function auditEventCheck(tenantId: string): (leaf: Uint8Array, sequence: number) => void {
  return (leaf, sequence) => {
    const event = decodeLeaf(leaf);
    if (event.seq !== sequence) throw new Error(`event carries sequence number ${event.seq}`);
    if (event.tenantId !== tenantId) throw new Error('event belongs to another tenant');
  };
}

/**
 * Verifies an export: the signed checkpoint must open with `verifiers` (and match `origin`),
 * and the leaves must be exactly the `checkpoint.size` leaves whose root it signs.
 */
export async function verifyExport(
  leaves: LeafSource,
  signedCheckpoint: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: VerifyOptions & { readonly origin?: string } = {},
): Promise<LogVerification & { checkpoint: Checkpoint }> {
  const { checkpoint } = openCheckpoint(signedCheckpoint, verifiers, { origin: options.origin });
  const checkpoints = [...(options.checkpoints ?? []), checkpoint];
  const limited = takeAtMost(leaves, checkpoint.size + 1);
  const result = await recomputeLog(limited, { ...options, checkpoints });
  if (result.ok && result.size !== checkpoint.size) {
    const divergence: Divergence = { kind: 'length', expectedSize: checkpoint.size, actualSize: result.size };
    return { ...result, ok: false, divergence, checkpoint };
  }
  return { ...result, checkpoint };
}

/** Stops reading after `limit` leaves, so an over-long export is detected without reading it all. */
function takeAtMost(leaves: LeafSource, limit: number): LeafSource {
  if (Symbol.iterator in leaves) {
    return (function* () {
      let n = 0;
      for (const leaf of leaves) {
        if (n++ >= limit) return;
        yield leaf;
      }
    })();
  }
  return (async function* () {
    let n = 0;
    for await (const leaf of leaves) {
      if (n++ >= limit) return;
      yield leaf;
    }
  })();
}

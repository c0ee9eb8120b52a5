import { MissingNode } from './errors.ts';
import type { Frontier, StoredNode } from './frontier.ts';
import { frontierNodeIds, frontierRoot } from './frontier.ts';
import type { Hash, NodeId } from './merkle.ts';

/**
 * Where the hashes of complete subtrees live. A database backs it with an insert-only table
 * `(tenant_id, level, index, hash)` keyed by all three (index up to 2^53 needs a bigint), fed
 * by the `nodes` that `appendLeaves` returns. Roots and proofs for any size ask for O(log n)
 * nodes in one batch, so one indexed query answers each.
 */
export interface NodeStore {
  /**
   * The hashes of the given complete subtrees, in the order asked. Must throw `MissingNode`
   * rather than return fewer, and must never answer for a subtree that is not yet complete.
   */
  readNodes(ids: readonly NodeId[]): Promise<readonly Hash[]>;
}

/** A node store in memory: tests, small exports, and an offline verifier rebuilding a log. */
export class MemoryNodeStore implements NodeStore {
  readonly #levels: Hash[][] = [];
  #reads = 0;

  write(nodes: readonly StoredNode[]): void {
    for (const { level, index, hash } of nodes) {
      this.#levels[level] ??= [];
      this.#levels[level][index] = hash;
    }
  }

  async readNodes(ids: readonly NodeId[]): Promise<readonly Hash[]> {
    this.#reads += ids.length;
    return ids.map(({ level, index }) => {
      const hash = this.#levels[level]?.[index];
      if (!hash) throw new MissingNode(level, index);
      return hash;
    });
  }

  /** How many node hashes have been read: lets tests check the O(log n) bound. */
  get reads(): number {
    return this.#reads;
  }
}

/** The frontier of the first `size` leaves, read back from the store (≤ 53 nodes). */
export async function readFrontier(store: NodeStore, size: number): Promise<Frontier> {
  const ids = frontierNodeIds(size);
  return { size, hashes: ids.length === 0 ? [] : await store.readNodes(ids) };
}

/** RFC 9162 §2.1.1 MTH(D[size]) for any size the store covers, from ≤ 53 stored subtrees. */
export async function readRoot(store: NodeStore, size: number): Promise<Hash> {
  return frontierRoot(await readFrontier(store, size));
}

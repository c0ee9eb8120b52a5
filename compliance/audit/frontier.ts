import {
  assertTreeSize,
  foldRight,
  HASH_BYTES,
  type Hash,
  hashChildren,
  MAX_TREE_SIZE,
  type NodeId,
  rangeNodes,
} from './merkle.ts';

/**
 * The right edge of a Merkle tree of `size` leaves: the hashes of the complete subtrees that
 * make up [0, size), largest first (`rangeNodes(0, size)`). At most 53 hashes, and enough to
 * append leaves and compute the root (RFC 9162 §2.1.1) without reading anything else — the
 * "compact range" of transparency-dev/merkle.
 */
export interface Frontier {
  readonly size: number;
  readonly hashes: readonly Hash[];
}

/** A complete subtree hash to persist, e.g. as a row (tenant_id, level, index, hash). */
export interface StoredNode extends NodeId {
  readonly hash: Hash;
}

export const EMPTY_FRONTIER: Frontier = { size: 0, hashes: [] };

export function frontierRoot(frontier: Frontier): Hash {
  return foldRight(frontier.hashes);
}

/** The node ids whose hashes form the frontier of a tree of `size` leaves. */
export function frontierNodeIds(size: number): NodeId[] {
  assertTreeSize(size);
  return size === 0 ? [] : rangeNodes(0, size);
}

/**
 * Appends leaf hashes. Returns the new frontier and every complete subtree that the append
 * finished — each leaf (level 0) and each parent whose right child is now complete — so that
 * a store of complete subtrees stays sufficient for any root or proof. Nodes never change once
 * complete, so the store can be insert-only. Pure: the input frontier is not modified.
 */
export function appendLeaves(
  frontier: Frontier,
  leafHashes: readonly Hash[],
): { frontier: Frontier; nodes: StoredNode[] } {
  const builder = TreeBuilder.from(frontier);
  const nodes: StoredNode[] = [];
  const onNode = (level: number, index: number, hash: Hash) => nodes.push({ level, index, hash });
  for (const leafHash of leafHashes) builder.push(leafHash, onNode);
  return { frontier: builder.frontier(), nodes };
}

export type NodeListener = (level: number, index: number, hash: Hash) => void;

/** The mutable form of a frontier, for streaming many leaves with O(log n) memory. */
export class TreeBuilder {
  #size: number;
  readonly #stack: Hash[];

  private constructor(size: number, stack: Hash[]) {
    this.#size = size;
    this.#stack = stack;
  }

  static empty(): TreeBuilder {
    return new TreeBuilder(0, []);
  }

  static from(frontier: Frontier): TreeBuilder {
    assertTreeSize(frontier.size);
    const expected = frontierNodeIds(frontier.size).length;
    if (frontier.hashes.length !== expected || frontier.hashes.some((h) => h.length !== HASH_BYTES)) {
      throw new RangeError(`a frontier of size ${frontier.size} has ${expected} hashes of 32 bytes`);
    }
    return new TreeBuilder(frontier.size, [...frontier.hashes]);
  }

  get size(): number {
    return this.#size;
  }

  /** RFC 9162 §2.1.1, incrementally: merge while the new subtree is a right child. */
  push(leafHash: Hash, onNode?: NodeListener): void {
    if (leafHash.length !== HASH_BYTES) throw new RangeError('leaf hashes are 32 bytes');
    if (this.#size >= MAX_TREE_SIZE) throw new RangeError('the tree is full (2^53 leaves)');
    let hash = leafHash;
    let index = this.#size;
    let level = 0;
    onNode?.(level, index, hash);
    while (index % 2 === 1) {
      hash = hashChildren(this.#stack.pop()!, hash);
      index = (index - 1) / 2;
      level += 1;
      onNode?.(level, index, hash);
    }
    this.#stack.push(hash);
    this.#size += 1;
  }

  root(): Hash {
    return foldRight(this.#stack);
  }

  frontier(): Frontier {
    return { size: this.#size, hashes: [...this.#stack] };
  }
}

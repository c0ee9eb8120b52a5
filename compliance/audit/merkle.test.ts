import { describe, expect, it } from 'vitest';
import { appendLeaves, EMPTY_FRONTIER, frontierNodeIds, frontierRoot, TreeBuilder } from './frontier.ts';
import {
  EMPTY_ROOT,
  hashChildren,
  hashLeaf,
  isPowerOfTwo,
  largestPowerOfTwoAtMost,
  MAX_TREE_SIZE,
  rangeNodes,
  splitPoint,
} from './merkle.ts';
import { MemoryNodeStore, readFrontier, readRoot } from './node-store.ts';
import { naiveMth, sha256 } from './testdata/naive.ts';
import { emptyRoot, leaves, roots } from './testdata/rfc6962.ts';

const manyLeaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`));

describe('RFC 9162 §2.1.1 Merkle Tree Hash', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(Buffer.from(EMPTY_ROOT)).toEqual(emptyRoot);
    expect(frontierRoot(EMPTY_FRONTIER)).toEqual(emptyRoot);
  });

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    expect(hashLeaf(Buffer.from('abc'))).toEqual(sha256(Buffer.from('\x00abc', 'latin1')));
    const [a, b] = [hashLeaf(Buffer.of(1)), hashLeaf(Buffer.of(2))];
    expect(hashChildren(a, b)).toEqual(sha256(Buffer.of(1), a, b));
    expect(() => hashChildren(a, a.subarray(1))).toThrow(RangeError);
  });

  it('hashes leaves of any length, across the reused input buffer and the streaming fallback', () => {
    for (const length of [0, 1, 1023, 1024, 5000, 65_535, 65_536, 200_000, 3]) {
      const data = Buffer.alloc(length, length % 251);
      expect(hashLeaf(data)).toEqual(sha256(Buffer.of(0), data));
    }
  });

  it.each(roots.map((root, i) => [i + 1, root] as const))(
    'matches the Certificate Transparency root for %i leaves',
    (size, root) => {
      expect(naiveMth(leaves.slice(0, size))).toEqual(root);
      const { frontier } = appendLeaves(EMPTY_FRONTIER, leaves.slice(0, size).map(hashLeaf));
      expect(Buffer.from(frontierRoot(frontier))).toEqual(root);
    },
  );

  it('computes the same root incrementally as the recursive definition for sizes 0..70', () => {
    const builder = TreeBuilder.empty();
    for (let n = 0; n <= manyLeaves.length; n++) {
      expect(Buffer.from(builder.root())).toEqual(naiveMth(manyLeaves.slice(0, n)));
      if (n < manyLeaves.length) builder.push(hashLeaf(manyLeaves[n]!));
    }
  });
});

describe('appendLeaves and the node store', () => {
  it('returns every complete subtree exactly once, each equal to MTH of its range', () => {
    const seen = new Set<string>();
    let frontier = EMPTY_FRONTIER;
    // Uneven batches, so that merges cross batch boundaries.
    for (const batch of [1, 2, 3, 5, 8, 13, 21, 17]) {
      const start = frontier.size;
      const result = appendLeaves(frontier, manyLeaves.slice(start, start + batch).map(hashLeaf));
      for (const node of result.nodes) {
        const key = `${node.level}/${node.index}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        const first = node.index * 2 ** node.level;
        expect(first + 2 ** node.level).toBeLessThanOrEqual(result.frontier.size);
        expect(Buffer.from(node.hash)).toEqual(naiveMth(manyLeaves.slice(first, first + 2 ** node.level)));
      }
      frontier = result.frontier;
    }
    // n leaves have exactly 2n - popcount(n) complete subtrees.
    const n = frontier.size;
    expect(seen.size).toBe(2 * n - frontierNodeIds(n).length);
  });

  it('does not modify the frontier it is given', () => {
    const { frontier } = appendLeaves(EMPTY_FRONTIER, manyLeaves.slice(0, 3).map(hashLeaf));
    const before = frontier.hashes.map((h) => Buffer.from(h).toString('hex'));
    appendLeaves(frontier, manyLeaves.slice(3, 9).map(hashLeaf));
    expect(frontier.size).toBe(3);
    expect(frontier.hashes.map((h) => Buffer.from(h).toString('hex'))).toEqual(before);
  });

  it('answers the root of every size from at most popcount(size) stored subtrees', async () => {
    const store = new MemoryNodeStore();
    const { nodes } = appendLeaves(EMPTY_FRONTIER, manyLeaves.map(hashLeaf));
    store.write(nodes);
    for (let n = 0; n <= manyLeaves.length; n++) {
      const before = store.reads;
      expect(Buffer.from(await readRoot(store, n))).toEqual(naiveMth(manyLeaves.slice(0, n)));
      expect(store.reads - before).toBe(frontierNodeIds(n).length);
    }
  });

  it('resumes from a frontier read back from the store', async () => {
    const store = new MemoryNodeStore();
    const first = appendLeaves(EMPTY_FRONTIER, manyLeaves.slice(0, 37).map(hashLeaf));
    store.write(first.nodes);
    const resumed = await readFrontier(store, 37);
    const second = appendLeaves(resumed, manyLeaves.slice(37).map(hashLeaf));
    expect(Buffer.from(frontierRoot(second.frontier))).toEqual(naiveMth(manyLeaves));
  });

  it('rejects a frontier whose hashes do not match its size', () => {
    const { frontier } = appendLeaves(EMPTY_FRONTIER, manyLeaves.slice(0, 3).map(hashLeaf));
    expect(() => TreeBuilder.from({ size: 4, hashes: frontier.hashes })).toThrow(RangeError);
    expect(() =>
      TreeBuilder.from({ size: 3, hashes: [Buffer.alloc(31), ...frontier.hashes.slice(1)] }),
    ).toThrow(RangeError);
  });
});

describe('index arithmetic up to 2^53', () => {
  it('finds split points exactly where log2 rounds', () => {
    expect(splitPoint(2)).toBe(1);
    expect(splitPoint(5)).toBe(4);
    expect(splitPoint(8)).toBe(4);
    // Math.log2(2^53 - 1) rounds to 53: the estimate must be corrected.
    expect(largestPowerOfTwoAtMost(2 ** 53 - 1)).toBe(2 ** 52);
    expect(splitPoint(2 ** 53)).toBe(2 ** 52);
    expect(splitPoint(2 ** 52 + 1)).toBe(2 ** 52);
    expect(isPowerOfTwo(2 ** 53)).toBe(true);
    expect(isPowerOfTwo(2 ** 53 - 1)).toBe(false);
    expect(isPowerOfTwo(2 ** 52 + 2 ** 30)).toBe(false);
  });

  it('decomposes [0, 2^53 - 1) into its 53 complete subtrees', () => {
    const ids = frontierNodeIds(2 ** 53 - 1);
    expect(ids).toHaveLength(53);
    ids.forEach(({ level, index }, i) => {
      expect(level).toBe(52 - i);
      // The subtree at level ℓ starts at 2^53 - 2^(ℓ+1), so its index is 2^(53-ℓ) - 2.
      expect(index).toBe(2 ** (53 - level) - 2);
    });
    expect(frontierNodeIds(MAX_TREE_SIZE)).toEqual([{ level: 53, index: 0 }]);
    expect(rangeNodes(2 ** 53 - 8, 2 ** 53 - 1)).toEqual([
      { level: 2, index: 2 ** 51 - 2 },
      { level: 1, index: 2 ** 52 - 2 },
      { level: 0, index: 2 ** 53 - 2 },
    ]);
  });

  it('rejects sizes beyond 2^53 and unaligned ranges', () => {
    expect(() => frontierNodeIds(2 ** 53 + 2)).toThrow();
    expect(() => frontierNodeIds(1.5)).toThrow();
    expect(() => frontierNodeIds(-1)).toThrow();
    expect(() => rangeNodes(2, 5)).toThrow();
  });

  it('completes a tree of 2^53 leaves by merging 53 levels', () => {
    // All leaves equal: the subtree at level ℓ then has the same hash everywhere.
    const uniform = [hashLeaf(Buffer.from('x'))];
    for (let l = 1; l <= 53; l++) uniform.push(hashChildren(uniform[l - 1]!, uniform[l - 1]!));
    const ids = frontierNodeIds(2 ** 53 - 1);
    const { frontier, nodes } = appendLeaves(
      { size: 2 ** 53 - 1, hashes: ids.map((id) => uniform[id.level]!) },
      [uniform[0]!],
    );
    expect(frontier.size).toBe(2 ** 53);
    expect(nodes.map(({ level, index }) => [level, index])).toEqual(
      uniform.map((_, l) => [l, 2 ** (53 - l) - 1]),
    );
    expect(frontierRoot(frontier)).toEqual(uniform[53]);
    expect(() => appendLeaves(frontier, [uniform[0]!])).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLeaves, EMPTY_FRONTIER } from './frontier.ts';
import { type Hash, hashChildren, hashLeaf, type NodeId } from './merkle.ts';
import { MemoryNodeStore, type NodeStore, readRoot } from './node-store.ts';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof-verify.ts';
import { consistencyPlan, consistencyProof, inclusionPlan, inclusionProof } from './proofs.ts';
import { naiveMth, naivePath, naiveProof, sha256 } from './testdata/naive.ts';
import { consistencyProofs, emptyRoot, inclusionProofs, leaves, roots } from './testdata/rfc6962.ts';

const hex = (hashes: readonly Hash[]) => hashes.map((h) => Buffer.from(h).toString('hex'));

function storeOf(data: readonly Uint8Array[]): MemoryNodeStore {
  const store = new MemoryNodeStore();
  store.write(appendLeaves(EMPTY_FRONTIER, data.map(hashLeaf)).nodes);
  return store;
}

const ctStore = storeOf(leaves);
const data64 = Array.from({ length: 64 }, (_, i) => sha256(Buffer.from([i])).subarray(0, i % 7));
const store64 = storeOf(data64);
const roots64 = Array.from({ length: 65 }, (_, n) => naiveMth(data64.slice(0, n)));

// Mutations in the style of transparency-dev/merkle proof/verify_test.go and its testdata. Like
// that corpus, it does not move a size by one: trees of size n and n ± 1 can have paths of the
// same shape, and the hashes do not commit to the size. The size is bound to the root by the
// checkpoint signature instead (checkpoint.test.ts).
const someHash = Buffer.from('abacaba000000000000000000000000000000000000000000060061e00123456', 'hex');
const flip = (h: Hash, bit: number) => {
  const copy = Buffer.from(h);
  copy[0]! ^= 1 << bit;
  return copy;
};
const xor2 = (x: number) => (x % 4 >= 2 ? x - 2 : x + 2);

function proofMutations(proof: readonly Hash[], extras: readonly Hash[]): [string, Hash[]][] {
  const out: [string, Hash[]][] = [
    ['trailing empty garbage', [...proof, Buffer.alloc(0)]],
    ['preceding empty garbage', [Buffer.alloc(0), ...proof]],
    ['trailing 32-byte garbage', [...proof, someHash]],
    ['preceding 32-byte garbage', [someHash, ...proof]],
    ...extras.flatMap((h, i): [string, Hash[]][] => [
      [`trailing extra ${i}`, [...proof, h]],
      [`preceding extra ${i}`, [h, ...proof]],
    ]),
  ];
  proof.forEach((_, i) => {
    for (const bit of [3, 4]) {
      out.push([`proof[${i}] bit ${bit} flipped`, proof.map((h, j) => (j === i ? flip(h, bit) : h))]);
    }
    out.push([`proof[${i}] removed`, proof.filter((_, j) => j !== i)]);
    out.push([`proof[${i}] duplicated`, [...proof.slice(0, i + 1), ...proof.slice(i)]]);
    out.push([`proof[${i}] truncated to 31 bytes`, proof.map((h, j) => (j === i ? h.subarray(0, 31) : h))]);
    if (i + 1 < proof.length) {
      const swapped = [...proof];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      out.push([`proof[${i}] and proof[${i + 1}] swapped`, swapped]);
    }
  });
  if (proof.length > 0) {
    out.push(['empty proof', []]);
    out.push(['inserted component', [proof[0]!, someHash, ...proof.slice(1)]]);
    if (proof.length > 1) out.push(['reversed', [...proof].reverse()]);
  }
  return out;
}

function inclusionCorpus(index: number, size: number, leafHash: Hash, proof: Hash[], root: Hash) {
  const probes: [string, number, number, Hash, Hash[], Hash][] = [
    ['index - 1', index - 1, size, leafHash, proof, root],
    ['index + 1', index + 1, size, leafHash, proof, root],
    ['index ^ 2', xor2(index), size, leafHash, proof, root],
    ['size * 2', index, size * 2, leafHash, proof, root],
    ['size / 2', index, Math.floor(size / 2), leafHash, proof, root],
    ['wrong leaf (short)', index, size, Buffer.from('WrongLeaf'), proof, root],
    ['wrong leaf', index, size, flip(leafHash, 0), proof, root],
    ['leaf data instead of leaf hash', index, size, sha256(leafHash), proof, root],
    ['empty root', index, size, leafHash, proof, emptyRoot],
    ['random root', index, size, leafHash, proof, someHash],
    ['root with a flipped bit', index, size, leafHash, proof, flip(root, 5)],
  ];
  for (const [desc, mutated] of proofMutations(proof, [root, leafHash])) {
    probes.push([desc, index, size, leafHash, mutated, root]);
  }
  return probes;
}

function consistencyCorpus(size1: number, size2: number, proof: Hash[], root1: Hash, root2: Hash) {
  const probes: [string, number, number, Hash[], Hash, Hash][] = [
    ['size1 - 1', size1 - 1, size2, proof, root1, root2],
    ['size1 + 1', size1 + 1, size2, proof, root1, root2],
    ['size1 ^ 2', xor2(size1), size2, proof, root1, root2],
    ['size2 * 2', size1, size2 * 2, proof, root1, root2],
    ['size2 / 2', size1, Math.floor(size2 / 2), proof, root1, root2],
    ['wrong root1 (short)', size1, size2, proof, Buffer.from('WrongRoot'), root2],
    ['wrong root2 (short)', size1, size2, proof, root1, Buffer.from('WrongRoot')],
    ['root1 with a flipped bit', size1, size2, proof, flip(root1, 2), root2],
    ['root2 with a flipped bit', size1, size2, proof, root1, flip(root2, 2)],
    ['swapped roots', size1, size2, proof, root2, root1],
    ['swapped sizes and roots', size2, size1, proof, root2, root1],
  ];
  for (const [desc, mutated] of proofMutations(proof, [root1, root2])) {
    probes.push([desc, size1, size2, mutated, root1, root2]);
  }
  return probes;
}

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it.each(inclusionProofs)(
    'generates and verifies the published path for leaf $index of $size',
    async (v) => {
      const proof = await inclusionProof(ctStore, v.index, v.size);
      expect(hex(proof)).toEqual(hex(v.proof));
      const leafHash = hashLeaf(leaves[v.index]!);
      expect(verifyInclusion(leafHash, v.index, v.size, v.proof, roots[v.size - 1]!)).toBe(true);
    },
  );

  it.each(inclusionProofs.filter((v) => v.size > 1))(
    'rejects every mutation of the published path for leaf $index of $size',
    (v) => {
      const leafHash = hashLeaf(leaves[v.index]!);
      const accepted = inclusionCorpus(v.index, v.size, leafHash, v.proof, roots[v.size - 1]!).filter(
        ([, i, n, leaf, proof, root]) => verifyInclusion(leaf, i, n, proof, root),
      );
      expect(accepted.map(([desc]) => desc)).toEqual([]);
    },
  );

  it('rejects degenerate probes (transparency-dev TestVerifyInclusion)', () => {
    for (const [index, size] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(verifyInclusion(someHash, index, size, [], Buffer.alloc(0))).toBe(false);
      expect(verifyInclusion(Buffer.alloc(0), index, size, [], emptyRoot)).toBe(false);
      expect(verifyInclusion(someHash, index, size, [], emptyRoot)).toBe(false);
    }
    const single = hashLeaf(Buffer.from('data'));
    expect(verifyInclusion(single, 0, 1, [], single)).toBe(true);
    expect(verifyInclusion(single, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(single, -1, 1, [], single)).toBe(false);
    expect(verifyInclusion(single, 0.5, 1, [], single)).toBe(false);
  });

  it('for every leaf of every size 1..64: matches PATH(m, D[n]), verifies, and rejects every mutation', async () => {
    let probes = 0;
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(store64, m, n);
        expect(hex(proof)).toEqual(hex(naivePath(m, data64.slice(0, n))));
        const leafHash = hashLeaf(data64[m]!);
        expect(verifyInclusion(leafHash, m, n, proof, roots64[n]!)).toBe(true);
        for (const [desc, i, size, leaf, bad, root] of inclusionCorpus(m, n, leafHash, proof, roots64[n]!)) {
          probes++;
          if (verifyInclusion(leaf, i, size, bad, root))
            throw new Error(`accepted ${desc} for leaf ${m} of ${n}`);
        }
      }
    }
    expect(probes).toBeGreaterThan(50_000);
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it.each(consistencyProofs)(
    'generates and verifies the published proof from $size1 to $size2',
    async (v) => {
      const proof = await consistencyProof(ctStore, v.size1, v.size2);
      expect(hex(proof)).toEqual(hex(v.proof));
      expect(verifyConsistency(v.size1, v.size2, v.proof, roots[v.size1 - 1]!, roots[v.size2 - 1]!)).toBe(
        true,
      );
    },
  );

  it.each(consistencyProofs.filter((v) => v.proof.length > 0))(
    'rejects every mutation of the published proof from $size1 to $size2',
    (v) => {
      const corpus = consistencyCorpus(v.size1, v.size2, v.proof, roots[v.size1 - 1]!, roots[v.size2 - 1]!);
      const accepted = corpus.filter(([, s1, s2, proof, r1, r2]) => verifyConsistency(s1, s2, proof, r1, r2));
      expect(accepted.map(([desc]) => desc)).toEqual([]);
    },
  );

  it('handles the edge sizes strictly (transparency-dev TestVerifyConsistency)', () => {
    const [r1, r2] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    expect(verifyConsistency(0, 0, [], emptyRoot, emptyRoot)).toBe(true);
    expect(verifyConsistency(1, 1, [], r2, r2)).toBe(true);
    expect(verifyConsistency(0, 1, [], emptyRoot, r2)).toBe(true);
    // Stricter than transparency-dev: size 0 must come with the empty-tree root.
    expect(verifyConsistency(0, 1, [], r1, r2)).toBe(false);
    expect(verifyConsistency(0, 0, [], r1, r2)).toBe(false);
    expect(verifyConsistency(1, 1, [], r1, r2)).toBe(false);
    expect(verifyConsistency(1, 0, [], r1, r2)).toBe(false); // time travel
    expect(verifyConsistency(2, 1, [], r1, r2)).toBe(false);
    expect(verifyConsistency(1, 2, [], r1, r2)).toBe(false); // empty proof
    expect(verifyConsistency(0, 0, [emptyRoot], emptyRoot, emptyRoot)).toBe(false); // proof where none is due
    expect(verifyConsistency(0, 1, [emptyRoot], emptyRoot, emptyRoot)).toBe(false);
    expect(verifyConsistency(1, 1, [emptyRoot], emptyRoot, emptyRoot)).toBe(false);
  });

  it('for every pair of sizes 1 ≤ m ≤ n ≤ 64: matches PROOF(m, D[n]), verifies, and rejects every mutation', async () => {
    let probes = 0;
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(store64, m, n);
        expect(hex(proof)).toEqual(hex(m === n ? [] : naiveProof(m, data64.slice(0, n))));
        expect(verifyConsistency(m, n, proof, roots64[m]!, roots64[n]!)).toBe(true);
        if (m === n) continue;
        for (const [desc, s1, s2, bad, r1, r2] of consistencyCorpus(m, n, proof, roots64[m]!, roots64[n]!)) {
          probes++;
          if (verifyConsistency(s1, s2, bad, r1, r2)) throw new Error(`accepted ${desc} from ${m} to ${n}`);
        }
      }
    }
    expect(probes).toBeGreaterThan(50_000);
  });

  it('reads O(log n) nodes per proof', async () => {
    const store = storeOf(Array.from({ length: 1000 }, (_, i) => Buffer.from([i % 256, i >> 8])));
    for (const [m, n] of [
      [999, 1000],
      [0, 1000],
      [511, 1000],
      [1, 999],
      [777, 999],
    ] as const) {
      const bound = 2 * Math.ceil(Math.log2(n)) + 2;
      let before = store.reads;
      await inclusionProof(store, m, n);
      expect(store.reads - before).toBeLessThanOrEqual(bound);
      before = store.reads;
      await consistencyProof(store, m + 1, n);
      expect(store.reads - before).toBeLessThanOrEqual(bound);
    }
  });
});

describe('proofs (property)', () => {
  const size = 300;
  const data = Array.from({ length: size }, (_, i) => Buffer.from(`entry ${i}`));
  const store = storeOf(data);

  it('every inclusion and consistency proof verifies, and any single-bit change fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: size })
          .chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.integer({ min: 1, max: n }))),
        fc.nat(),
        fc.nat(255),
        async ([n, m, s1], pick, bit) => {
          const root = await readRoot(store, n);
          const proof = await inclusionProof(store, m, n);
          const leafHash = hashLeaf(data[m]!);
          expect(rootFromInclusionProof(leafHash, m, n, proof)).toEqual(root);
          const root1 = await readRoot(store, s1);
          const cproof = await consistencyProof(store, s1, n);
          expect(verifyConsistency(s1, n, cproof, root1, root)).toBe(true);
          // Flip one bit anywhere in the proof (or in the leaf when the proof is empty).
          if (proof.length > 0) {
            const bad = proof.map((h) => Buffer.from(h));
            bad[pick % bad.length]![Math.floor(bit / 8)]! ^= 1 << (bit % 8);
            expect(verifyInclusion(leafHash, m, n, bad, root)).toBe(false);
          }
          if (cproof.length > 0) {
            const bad = cproof.map((h) => Buffer.from(h));
            bad[pick % bad.length]![Math.floor(bit / 8)]! ^= 1 << (bit % 8);
            expect(verifyConsistency(s1, n, bad, root1, root)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('proofs near 2^53', () => {
  // A tree whose leaves are all equal: every subtree at level ℓ has the same hash, so a store
  // can answer for trees of any size without holding them.
  const uniform = [hashLeaf(Buffer.from('x'))];
  for (let l = 1; l <= 53; l++) uniform.push(hashChildren(uniform[l - 1]!, uniform[l - 1]!));
  const uniformStore = (size: number): NodeStore => ({
    async readNodes(ids: readonly NodeId[]) {
      return ids.map(({ level, index }) => {
        // Only complete subtrees of the tree of `size` leaves may be asked for.
        if (!Number.isSafeInteger(index) || (index + 1) * 2 ** level > size) throw new Error('incomplete');
        return uniform[level]!;
      });
    },
  });

  it('plans the sibling path of the last leaf of 2^53', () => {
    const plan = inclusionPlan(2 ** 53 - 1, 2 ** 53);
    expect(plan).toEqual(uniform.slice(0, 53).map((_, l) => [{ level: l, index: 2 ** (53 - l) - 2 }]));
    expect(consistencyPlan(2 ** 53 - 1, 2 ** 53).flat()).toHaveLength(54);
    expect(() => inclusionPlan(2 ** 53, 2 ** 53)).toThrow();
    expect(() => inclusionPlan(0, 2 ** 53 + 2)).toThrow();
  });

  it.each([
    [2 ** 53 - 1, 2 ** 53],
    [2 ** 53 - 2, 2 ** 53 - 1],
    [2 ** 52 + 12_345, 2 ** 53 - 7],
    [0, 2 ** 53],
    [2 ** 31, 2 ** 32 + 1],
  ])('generates and verifies inclusion of leaf %d in a tree of %d', async (index, size) => {
    const store = uniformStore(size);
    const proof = await inclusionProof(store, index, size);
    const root = await readRoot(store, size);
    expect(verifyInclusion(uniform[0]!, index, size, proof, root)).toBe(true);
    expect(verifyInclusion(uniform[0]!, index, size, proof.slice(1), root)).toBe(false);
  });

  it.each([
    [2 ** 53 - 3, 2 ** 53],
    [2 ** 52 + 1, 2 ** 53 - 1],
    [2 ** 52, 2 ** 53],
    [2 ** 32 - 1, 2 ** 32 + 1],
  ])('generates and verifies consistency from %d to %d', async (size1, size2) => {
    const store = uniformStore(size2);
    const proof = await consistencyProof(store, size1, size2);
    const [root1, root2] = [await readRoot(store, size1), await readRoot(store, size2)];
    expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
    expect(verifyConsistency(size1, size2, [...proof, root2], root1, root2)).toBe(false);
  });
});

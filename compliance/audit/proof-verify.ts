import {
  EMPTY_ROOT,
  equalHashes,
  HASH_BYTES,
  type Hash,
  hashChildren,
  isPowerOfTwo,
  isTreeSize,
} from './merkle.ts';

/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 write it, with "right-shift"
 * as halving and "LSB(x) is set" as `x % 2 === 1`, so that it stays exact up to 2^53. Every
 * hash must be 32 bytes: a short or long element fails the proof rather than being hashed.
 * The functions answer true or false; there is no partial success.
 */

const isHash = (h: Hash) => h.length === HASH_BYTES;
const half = (x: number) => Math.floor(x / 2);
const odd = (x: number) => x % 2 === 1;

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or undefined if it cannot be one. */
export function rootFromInclusionProof(
  leafHash: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
): Hash | undefined {
  // Step 1: leaf_index < tree_size.
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) return undefined;
  if (!isHash(leafHash) || !proof.every(isHash)) return undefined;
  // Steps 2–3.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) return undefined; // 4a: the proof is longer than the path.
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r); // 4b.i
      if (!odd(fn)) {
        // 4b.ii: skip the levels where this node has no right sibling.
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p); // 4b, otherwise
    }
    fn = half(fn); // 4c
    sn = half(sn);
  }
  // Step 5: sn = 0, or the proof was shorter than the path.
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2 step 5: the recomputed root equals `root`. */
export function verifyInclusion(
  leafHash: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && isHash(root) && equalHashes(computed, root);
}

/**
 * RFC 9162 §2.1.4.2. Beyond the RFC (which defines proofs for 0 < first < second): equal sizes
 * need an empty proof and equal roots, and first = 0 needs an empty proof and the empty-tree
 * root, so that no size pair is ever accepted on the strength of a proof alone.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): boolean {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) return false;
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && equalHashes(root1, root2);
  if (size1 === 0) return proof.length === 0 && equalHashes(root1, EMPTY_ROOT);
  // Step 1.
  if (proof.length === 0) return false;
  // Step 2: a power-of-two first tree is itself a node of the second, and its root is omitted.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Step 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // Step 4.
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false; // 6a
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr); // 6b.i
      sr = hashChildren(c, sr); // 6b.ii
      if (!odd(fn)) {
        // 6b.iii
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c); // 6b, otherwise
    }
    fn = half(fn); // 6c
    sn = half(sn);
  }
  // Step 7.
  return sn === 0 && equalHashes(fr, root1) && equalHashes(sr, root2);
}

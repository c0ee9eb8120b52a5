import { InvalidTreeSize } from './errors.ts';
import { assertTreeSize, foldRight, type Hash, type NodeId, rangeNodes, splitPoint } from './merkle.ts';
import type { NodeStore } from './node-store.ts';

/**
 * Proof generation (RFC 9162 §2.1.3.1 inclusion, §2.1.4.1 consistency) from stored complete
 * subtrees. Each proof element is MTH(D[a:b]) of a range that the RFC's recursion visits; a
 * range is either one complete subtree or, on the tree's right edge, the right fold of the
 * few complete subtrees that compose it. Planning is pure index arithmetic; the store is then
 * asked once, for O(log n) nodes.
 */

/** One entry per proof element: the complete subtrees whose right fold is that element. */
export type ProofPlan = readonly (readonly NodeId[])[];

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), unrolled from the root down, returned leaf side first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  assertTreeSize(size);
  assertTreeSize(index, 'leaf index');
  if (index >= size) throw new InvalidTreeSize('leaf index must be smaller than the tree size');
  const elements: NodeId[][] = [];
  let lo = 0;
  let hi = size;
  let m = index;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      // PATH(m, D[0:k]) : MTH(D[k:n])
      elements.push(rangeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      // PATH(m - k, D[k:n]) : MTH(D[0:k])
      elements.push(rangeNodes(lo, lo + k));
      lo += k;
      m -= k;
    }
  }
  return elements.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), unrolled. Empty when m = n or
 * m = 0 (the RFC defines proofs for 0 < m < n only; those two cases need none).
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  assertTreeSize(size1, 'first tree size');
  assertTreeSize(size2, 'second tree size');
  if (size1 > size2) throw new InvalidTreeSize('the first tree must not be larger than the second');
  if (size1 === 0 || size1 === size2) return [];
  const elements: NodeId[][] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let b = true;
  for (;;) {
    if (m === hi - lo) {
      // SUBPROOF(m, D[m], b): [] if b, else [MTH(D[m])]
      if (!b) elements.push(rangeNodes(lo, hi));
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      elements.push(rangeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      elements.push(rangeNodes(lo, lo + k));
      lo += k;
      m -= k;
      b = false;
    }
  }
  return elements.reverse();
}

/** The distinct nodes a plan needs, for one batched read. */
export function planNodes(plan: ProofPlan): NodeId[] {
  const seen = new Set<string>();
  const ids: NodeId[] = [];
  for (const id of plan.flat()) {
    const key = `${id.level}/${id.index}`;
    if (!seen.has(key)) {
      seen.add(key);
      ids.push(id);
    }
  }
  return ids;
}

export async function resolvePlan(store: NodeStore, plan: ProofPlan): Promise<Hash[]> {
  const ids = planNodes(plan);
  const hashes = ids.length === 0 ? [] : await store.readNodes(ids);
  const byId = new Map(ids.map((id, i) => [`${id.level}/${id.index}`, hashes[i]!]));
  return plan.map((element) => foldRight(element.map((id) => byId.get(`${id.level}/${id.index}`)!)));
}

export function inclusionProof(store: NodeStore, index: number, size: number): Promise<Hash[]> {
  return resolvePlan(store, inclusionPlan(index, size));
}

export function consistencyProof(store: NodeStore, size1: number, size2: number): Promise<Hash[]> {
  return resolvePlan(store, consistencyPlan(size1, size2));
}

import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 written out literally — recursive MTH, PATH and PROOF over the leaf data — as
 * the reference the stored-subtree implementation is checked against. Quadratic; tests only.
 */
export const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** §2.1.1 MTH(D[n]). */
export function naiveMth(data: readonly Uint8Array[]): Buffer {
  if (data.length === 0) return sha256();
  if (data.length === 1) return sha256(Buffer.of(0), data[0]!);
  const k = split(data.length);
  return sha256(Buffer.of(1), naiveMth(data.slice(0, k)), naiveMth(data.slice(k)));
}

/** §2.1.3.1 PATH(m, D[n]). */
export function naivePath(m: number, data: readonly Uint8Array[]): Buffer[] {
  if (data.length <= 1) return [];
  const k = split(data.length);
  return m < k
    ? [...naivePath(m, data.slice(0, k)), naiveMth(data.slice(k))]
    : [...naivePath(m - k, data.slice(k)), naiveMth(data.slice(0, k))];
}

/** §2.1.4.1 SUBPROOF(m, D[n], b). */
function subproof(m: number, data: readonly Uint8Array[], b: boolean): Buffer[] {
  if (m === data.length) return b ? [] : [naiveMth(data)];
  const k = split(data.length);
  return m <= k
    ? [...subproof(m, data.slice(0, k), b), naiveMth(data.slice(k))]
    : [...subproof(m - k, data.slice(k), false), naiveMth(data.slice(0, k))];
}

/** §2.1.4.1 PROOF(m, D[n]) for 0 < m ≤ n. */
export function naiveProof(m: number, data: readonly Uint8Array[]): Buffer[] {
  return subproof(m, data, true);
}

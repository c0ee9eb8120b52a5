/**
 * Choosing L, the length of a blind index, by the rule of CipherSweet's planner
 * (paragonie/ciphersweet `FieldIndexPlanner`):
 *
 *   C(L) = R / 2^min(L, K)        R = estimated rows, K = log2(estimated distinct values)
 *
 * C is the expected number of rows that share one index value. For a column with many more
 * distinct values than index values (L < K), that is the expected number of false-positive
 * candidates a lookup returns. A safe L satisfies
 *
 *   2 ≤ C(L) ≤ √R
 *
 * C ≥ 2: every index value is shared, so the index does not single out one row — the
 *        attacker with the database learns "these rows might be equal", not "are equal".
 * C ≤ √R: a lookup still returns few enough candidates to decrypt and compare.
 *
 * Beyond L = ⌈K⌉ extra bits add no selectivity and only separate the few values that still
 * collided, so the largest safe L is capped there. We recommend the largest safe L (the fewest
 * candidates per lookup). Unlike CipherSweet's planner, whose upper bound may leave C just
 * below 2, every L in [minBits, maxBits] here meets both inequalities.
 */
export interface BlindIndexPlanInput {
  /** Rows the column is expected to hold over the life of the index (plan for growth). */
  readonly rows: number;
  /** Distinct values expected in the column (or the size of its input domain, if smaller). */
  readonly distinctValues: number;
}

export interface BlindIndexPlan {
  /** The recommended L: the largest safe length. */
  readonly bits: number;
  readonly minBits: number;
  readonly maxBits: number;
  /** C(bits). */
  readonly expectedCoincidences: number;
}

export class BlindIndexPlanningError extends RangeError {
  override readonly name = 'BlindIndexPlanningError';
}

export function expectedCoincidences(input: BlindIndexPlanInput, bits: number): number {
  return input.rows / 2 ** Math.min(bits, Math.log2(input.distinctValues));
}

export function blindIndexBits(input: BlindIndexPlanInput): BlindIndexPlan {
  const { rows, distinctValues } = input;
  if (!(Number.isFinite(rows) && rows >= 1 && Number.isFinite(distinctValues) && distinctValues >= 1)) {
    throw new BlindIndexPlanningError('rows and distinctValues must be finite numbers ≥ 1');
  }
  const plateau = Math.max(1, Math.ceil(Math.log2(distinctValues)));
  const safe: number[] = [];
  for (let bits = 1; bits <= Math.min(256, plateau); bits++) {
    const c = expectedCoincidences(input, bits);
    if (c >= 2 && c <= Math.sqrt(rows)) safe.push(bits);
  }
  if (safe.length === 0) {
    throw new BlindIndexPlanningError(
      `no index length keeps 2 ≤ rows/2^L ≤ √rows for ${rows} rows and ${distinctValues} distinct values; ` +
        'the column is too small or too low in entropy for a blind index (consider a compound index)',
    );
  }
  const minBits = safe[0]!;
  const maxBits = safe[safe.length - 1]!;
  return { bits: maxBits, minBits, maxBits, expectedCoincidences: expectedCoincidences(input, maxBits) };
}

/** A tuning example: the best in-scope probability, and whether the example is truly in scope and right. */
export interface ScoredExample {
  readonly confidence: number;
  readonly outOfScope: boolean;
  /** In scope and the top in-scope class is the true one. */
  readonly correct: boolean;
}

/**
 * Picks the out-of-scope threshold on a tuning split: the highest threshold that rejects at
 * most `maxInScopeLoss` of the in-scope examples the classifier gets right. Bounding the loss
 * of good answers, rather than maximising a blend of accuracy and recall, keeps the choice
 * stable when the tuning split has few out-of-scope examples, and states the trade-off in the
 * terms an operator cares about: how many right answers may become "let me get a human".
 */
export function tuneThreshold(examples: readonly ScoredExample[], maxInScopeLoss: number): number {
  const right = examples
    .filter((e) => !e.outOfScope && e.correct)
    .map((e) => e.confidence)
    .sort((a, b) => a - b);
  if (right.length === 0) return 0;
  const allowed = Math.floor(right.length * maxInScopeLoss);
  // Rejecting is `confidence < threshold`, so the threshold is the first kept confidence.
  return right[allowed] as number;
}

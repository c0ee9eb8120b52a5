/** How much a clear winner adds over a tie: a tie keeps this share of the match. */
export const TIE_SHARE = 0.6;

/**
 * Confidence in 0..1 that an article answers the query (docs/knowledge.md §Confidence):
 * `match × (TIE_SHARE + (1 − TIE_SHARE) × margin)`, where
 * - match = min(1, score / reference): how much of the query the article covers, against an
 *   article that has every query term once in a question variant (`referenceScore`);
 * - margin = (score − runnerUp) / score for the best hit, 0 for the others: a best hit far ahead of
 *   the next is more likely the answer than one of two near-equal candidates.
 */
export function confidenceOf(score: number, reference: number, runnerUp: number | undefined): number {
  if (score <= 0 || reference <= 0) return 0;
  const match = Math.min(1, score / reference);
  const margin = runnerUp === undefined ? 1 : Math.max(0, score - runnerUp) / score;
  return match * (TIE_SHARE + (1 - TIE_SHARE) * margin);
}

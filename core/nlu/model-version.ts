import { createHash } from 'node:crypto';
import type { ModelMetadata } from './intent-model.ts';
import type { LinearWeights } from './softmax-regression.ts';
import type { Vocabulary } from './vectorizer.ts';

/**
 * A model's version is a hash of everything that decides its answers (not of when it was
 * made): retraining the same data with the same seed yields the same version, and any
 * difference in weights, labels or threshold yields a new one.
 */
export function contentVersion(
  metadata: Omit<ModelMetadata, 'version' | 'createdAt'> & { createdAt?: string },
  vocabulary: Vocabulary,
  weights: LinearWeights,
): string {
  const { createdAt: _ignored, ...decisive } = metadata;
  const hash = createHash('sha256');
  hash.update(JSON.stringify(decisive));
  hash.update(vocabulary.rows.keys());
  hash.update(vocabulary.idf);
  hash.update(weights.weights);
  hash.update(weights.bias);
  return `nlu-${hash.digest('hex').slice(0, 16)}`;
}

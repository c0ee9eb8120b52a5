import { createHash } from 'node:crypto';
import { DEFAULT_FEATURES, extractFeatures, type FeatureConfig } from './features.ts';
import {
  createIntentClassifier,
  type IntentModel,
  type ModelMetadata,
  OUT_OF_SCOPE,
} from './intent-model.ts';
import { contentVersion } from './model-version.ts';
import { normalizeText } from './normalize.ts';
import { tuneThreshold } from './oos-threshold.ts';
import { getSegmenter } from './segmenter.ts';
import { trainSoftmax } from './softmax-regression.ts';
import { buildVocabulary, vectorize } from './vectorizer.ts';

export interface TrainingExample {
  readonly text: string;
  /** Use OUT_OF_SCOPE for explicit examples of what the assistant should not handle. */
  readonly intent: string;
}

export interface TrainOptions {
  readonly seed?: number;
  readonly epochs?: number;
  readonly l2?: number;
  readonly learningRate?: number;
  readonly features?: Partial<FeatureConfig>;
  /** A held-out split to calibrate the out-of-scope threshold; without it the threshold is 0. */
  readonly tune?: readonly TrainingExample[];
  /** Share of correctly answered in-scope tuning examples the threshold may reject. */
  readonly maxInScopeLoss?: number;
  /** A fixed threshold, overriding tuning. */
  readonly threshold?: number;
  /** For reproducible artefacts in tests; defaults to the current time. */
  readonly now?: Date;
}

// Chosen on carved splits of the public benchmarks (see docs/nlu.md), not on their test sets.
export const DEFAULT_TRAINING = {
  seed: 1,
  epochs: 5,
  l2: 1e-4,
  learningRate: 0.3,
  maxInScopeLoss: 0.005,
} as const;

export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
}

/** Trains the intent classifier: normalise, featurise, fit, then calibrate the threshold. */
export function trainIntentModel(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): IntentModel {
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  if (labels.filter((l) => l !== OUT_OF_SCOPE).length < 2)
    throw new TrainingDataError('training data needs at least two in-scope intents');
  const training = {
    seed: options.seed ?? DEFAULT_TRAINING.seed,
    epochs: options.epochs ?? DEFAULT_TRAINING.epochs,
    l2: options.l2 ?? DEFAULT_TRAINING.l2,
    learningRate: options.learningRate ?? DEFAULT_TRAINING.learningRate,
  };
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const segmenter = getSegmenter(features.userWords);
  const counts = examples.map((e) => extractFeatures(normalizeText(e.text).text, segmenter, features));
  // A feature seen once in a large corpus is mostly noise and costs a row of weights; in a
  // small pack every feature counts.
  const vocabulary = buildVocabulary(counts, examples.length >= 1000 ? 2 : 1);
  const index = new Map(labels.map((l, i) => [l, i]));
  const xs = counts.map((c) => vectorize(c, vocabulary));
  const ys = Int32Array.from(examples, (e) => index.get(e.intent) as number);
  const weights = trainSoftmax(xs, ys, labels.length, vocabulary.idf.length, training);

  const draft: IntentModel = {
    metadata: {
      version: '',
      createdAt: (options.now ?? new Date()).toISOString(),
      trainingDataHash: hashExamples(examples),
      examples: examples.length,
      features,
      training,
      labels,
      threshold: 0,
    },
    vocabulary,
    weights,
  };
  const threshold =
    options.threshold ??
    (options.tune && options.tune.length > 0
      ? calibrate(draft, options.tune, options.maxInScopeLoss ?? DEFAULT_TRAINING.maxInScopeLoss)
      : 0);
  const metadata: Omit<ModelMetadata, 'version'> = { ...draft.metadata, threshold };
  return { ...draft, metadata: { ...metadata, version: contentVersion(metadata, vocabulary, weights) } };
}

function calibrate(model: IntentModel, tune: readonly TrainingExample[], maxInScopeLoss: number): number {
  const classifier = createIntentClassifier(model);
  const scored = tune.map((e) => {
    const p = classifier.predict(normalizeText(e.text).text);
    const rejectedByClass = p.intent === OUT_OF_SCOPE;
    return {
      confidence: rejectedByClass ? 0 : p.best.confidence,
      outOfScope: e.intent === OUT_OF_SCOPE,
      correct: e.intent !== OUT_OF_SCOPE && !rejectedByClass && p.best.intent === e.intent,
    };
  });
  return tuneThreshold(scored, maxInScopeLoss);
}

/** Order-sensitive SHA-256 of the training data, so a model can be traced to its inputs. */
export function hashExamples(examples: readonly TrainingExample[]): string {
  const hash = createHash('sha256');
  for (const e of examples) hash.update(`${e.intent}\u0000${e.text}\u0001`);
  return hash.digest('hex');
}

import { emitFeatures, type FeatureConfig } from './features.ts';
import { getSegmenter } from './segmenter.ts';
import { type LinearWeights, softmaxInPlace } from './softmax-regression.ts';
import { RowCounter, type Vocabulary } from './vectorizer.ts';

/** The intent returned instead of a low-confidence guess. */
export const OUT_OF_SCOPE = 'out_of_scope';

export interface ModelMetadata {
  /** Content address of the artefact: equal ids mean equal predictions. */
  readonly version: string;
  readonly createdAt: string;
  /** SHA-256 over the canonical training examples (text and intent, in order). */
  readonly trainingDataHash: string;
  readonly examples: number;
  readonly features: FeatureConfig;
  readonly training: {
    readonly epochs: number;
    readonly l2: number;
    readonly learningRate: number;
    readonly seed: number;
    /**
     * One-vs-rest linear SVMs whose logits, times `weight`, are added to the softmax's, the sum
     * divided by `temperature`; null = none.
     */
    readonly svm: {
      readonly c: number;
      readonly passes: number;
      readonly weight: number;
      readonly temperature: number;
    } | null;
  };
  /** Labels in class order; may include OUT_OF_SCOPE when trained with explicit examples of it. */
  readonly labels: readonly string[];
  /** Below this top-class probability the result is OUT_OF_SCOPE; 0 disables the check. */
  readonly threshold: number;
}

/** A trained model as data: what is persisted and loaded. */
export interface IntentModel {
  readonly metadata: ModelMetadata;
  readonly vocabulary: Vocabulary;
  readonly weights: LinearWeights;
}

export interface IntentPrediction {
  readonly intent: string;
  readonly confidence: number;
  /** The best in-scope class and its probability, even when the answer is out of scope. */
  readonly best: { readonly intent: string; readonly confidence: number };
}

export interface IntentClassifier {
  readonly metadata: ModelMetadata;
  /** Classifies already-normalised text. Synchronous, so a parse never sees two models. */
  predict(text: string): IntentPrediction;
}

export function createIntentClassifier(model: IntentModel): IntentClassifier {
  const { labels, threshold, features } = model.metadata;
  const segmenter = getSegmenter(features.userWords);
  const counter = new RowCounter(model.vocabulary);
  const scores = new Float64Array(labels.length);
  const oosClass = labels.indexOf(OUT_OF_SCOPE);
  return {
    metadata: model.metadata,
    predict(text) {
      emitFeatures(text, segmenter, features, counter.add);
      const known = counter.score(model.weights.weights, model.weights.bias, scores);
      const p = softmaxInPlace(scores);
      let top = -1;
      for (let k = 0; k < labels.length; k++) {
        if (k !== oosClass && (top < 0 || (p[k] as number) > (p[top] as number))) top = k;
      }
      const best = { intent: labels[top] as string, confidence: p[top] as number };
      const oos = oosClass < 0 ? 0 : (p[oosClass] as number);
      // No feature known to the model: any class would be a guess from the bias alone.
      if (known === 0) return { intent: OUT_OF_SCOPE, confidence: 1, best };
      if (oos > best.confidence || best.confidence < threshold) {
        return { intent: OUT_OF_SCOPE, confidence: Math.max(oos, 1 - best.confidence), best };
      }
      return { intent: best.intent, confidence: best.confidence, best };
    },
  };
}

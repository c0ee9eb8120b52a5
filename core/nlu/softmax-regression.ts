import { createRandom, shuffle } from './prng.ts';
import type { SparseVector } from './vectorizer.ts';

/** Weights of a multinomial logistic regression; row-major, one row of `classes` per feature. */
export interface LinearWeights {
  readonly classes: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

export interface SoftmaxOptions {
  readonly epochs: number;
  /** L2 penalty per example on the weights touched by that example. */
  readonly l2: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Optional per-class loss weights (for imbalanced classes). */
  readonly classWeights?: Float32Array;
}

/**
 * Multinomial logistic regression by AdaGrad over shuffled examples. AdaGrad suits hashed text
 * features: rare n-grams keep a large step, frequent ones settle. The L2 penalty is applied
 * lazily, only to rows an example touches, which keeps an update O(nnz × classes).
 */
const SKIP_BELOW = 1e-3;

export function trainSoftmax(
  xs: readonly SparseVector[],
  ys: Int32Array,
  classes: number,
  features: number,
  options: SoftmaxOptions,
): LinearWeights {
  const weights = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  const g2 = new Float32Array(features * classes);
  const b2 = new Float32Array(classes);
  const p = new Float64Array(classes);
  const touched = new Int32Array(classes);
  const order = Array.from(xs.keys());
  const random = createRandom(options.seed);
  const { learningRate: lr, l2 } = options;
  const eps = 1e-8;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const x = xs[i] as SparseVector;
      const y = ys[i] as number;
      const cw = options.classWeights ? (options.classWeights[y] as number) : 1;
      logits({ classes, weights, bias }, x, p);
      softmaxInPlace(p);
      p[y] = (p[y] as number) - 1;
      for (let k = 0; k < classes; k++) {
        const g = (p[k] as number) * cw;
        b2[k] = (b2[k] as number) + g * g;
        bias[k] = (bias[k] as number) - (lr * g) / Math.sqrt((b2[k] as number) + eps);
      }
      // Once the model fits, most classes get a vanishing gradient: skipping them makes an
      // epoch several times faster at no measurable cost in accuracy.
      let active = 0;
      for (let k = 0; k < classes; k++) if (Math.abs(p[k] as number) > SKIP_BELOW) touched[active++] = k;
      for (let j = 0; j < x.indices.length; j++) {
        const base = (x.indices[j] as number) * classes;
        const v = x.values[j] as number;
        for (let a = 0; a < active; a++) {
          const k = touched[a] as number;
          const at = base + k;
          const w = weights[at] as number;
          const g = (p[k] as number) * cw * v + l2 * w;
          const acc = (g2[at] as number) + g * g;
          g2[at] = acc;
          weights[at] = w - (lr * g) / Math.sqrt(acc + eps);
        }
      }
    }
  }
  return { classes, weights, bias };
}

/** Raw scores: bias + Wᵀx, written into `out`. */
export function logits(model: LinearWeights, x: SparseVector, out: Float64Array): Float64Array {
  const { classes, weights, bias } = model;
  for (let k = 0; k < classes; k++) out[k] = bias[k] as number;
  for (let j = 0; j < x.indices.length; j++) {
    const base = (x.indices[j] as number) * classes;
    const v = x.values[j] as number;
    for (let k = 0; k < classes; k++) out[k] = (out[k] as number) + v * (weights[base + k] as number);
  }
  return out;
}

/** Numerically stable softmax in place; `temperature` > 1 flattens, < 1 sharpens. */
export function softmaxInPlace(z: Float64Array, temperature = 1): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < z.length; k++) if ((z[k] as number) > max) max = z[k] as number;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(((z[k] as number) - max) / temperature);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / sum;
  return z;
}

import { createRandom, shuffle } from './prng.ts';
import type { SparseVector } from './vectorizer.ts';

export interface SvmOptions {
  /** Cost of a margin violation (larger = less regularised). */
  readonly c: number;
  /** Passes over the data per class; dual coordinate descent converges in a few. */
  readonly passes: number;
  readonly seed: number;
}

/**
 * One-vs-rest linear SVMs with the squared hinge loss, trained by dual coordinate descent
 * (Hsieh et al., ICML 2008, the L2-loss solver of LIBLINEAR). The bias is an extra feature of
 * constant value 1. Returns weights in the same feature-major layout as the softmax model
 * (`weights[row * classes + k]`), so that the two can be added into one matrix and a parse
 * still costs one sparse product.
 */
export function trainOneVsRestSvm(
  xs: readonly SparseVector[],
  ys: Int32Array,
  classes: number,
  features: number,
  options: SvmOptions,
): { readonly weights: Float32Array; readonly bias: Float32Array } {
  const weights = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  const n = xs.length;
  const diagonal = 0.5 / options.c;
  // Q_ii = ‖x_i‖² + 1 (bias) + 1/(2C); vectors are L2-normalised, but an empty one is not.
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i] as SparseVector;
    let s = 1 + diagonal;
    for (let j = 0; j < x.values.length; j++) s += (x.values[j] as number) ** 2;
    qii[i] = s;
  }
  const w = new Float64Array(features);
  const alpha = new Float64Array(n);
  const order = Array.from(xs.keys());
  const random = createRandom(options.seed);
  for (let k = 0; k < classes; k++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    for (let pass = 0; pass < options.passes; pass++) {
      shuffle(order, random);
      let maxGradient = Number.NEGATIVE_INFINITY;
      let minGradient = Number.POSITIVE_INFINITY;
      for (const i of order) {
        const x = xs[i] as SparseVector;
        const y = ys[i] === k ? 1 : -1;
        let margin = b;
        for (let j = 0; j < x.indices.length; j++)
          margin += (w[x.indices[j] as number] as number) * (x.values[j] as number);
        const a = alpha[i] as number;
        const g = y * margin - 1 + diagonal * a;
        const projected = a === 0 ? Math.min(g, 0) : g;
        if (projected > maxGradient) maxGradient = projected;
        if (projected < minGradient) minGradient = projected;
        if (projected === 0) continue;
        const next = Math.max(a - g / (qii[i] as number), 0);
        alpha[i] = next;
        const step = (next - a) * y;
        for (let j = 0; j < x.indices.length; j++) {
          const row = x.indices[j] as number;
          w[row] = (w[row] as number) + step * (x.values[j] as number);
        }
        b += step;
      }
      // LIBLINEAR's stopping rule: the projected gradient's spread is small.
      if (maxGradient - minGradient < 0.01) break;
    }
    for (let row = 0; row < features; row++) weights[row * classes + k] = w[row] as number;
    bias[k] = b;
  }
  return { weights, bias };
}

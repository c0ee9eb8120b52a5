import type { FeatureCounts } from './features.ts';
import { createRowTable, type RowTable } from './hash-table.ts';

/** A sparse, L2-normalised TF-IDF vector over the model's feature rows. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * Maps feature hashes to rows and weights them. Only hashes seen in training get a row, so
 * the model stores no strings from its training data and unseen features cost one lookup.
 */
export interface Vocabulary {
  readonly rows: RowTable;
  /** Inverse document frequency per row. */
  readonly idf: Float32Array;
}

export function buildVocabulary(documents: readonly FeatureCounts[], minDocumentFrequency = 1): Vocabulary {
  const df = new Map<number, number>();
  for (const doc of documents) for (const h of doc.keys()) df.set(h, (df.get(h) ?? 0) + 1);
  // Sorting the hashes makes row numbers, and so the artefact, independent of Map order.
  const kept = [...df.entries()].filter(([, n]) => n >= minDocumentFrequency).sort((a, b) => a[0] - b[0]);
  const idf = new Float32Array(kept.length);
  const n = documents.length;
  // Smoothed IDF, as scikit-learn's TfidfTransformer: never zero, never infinite.
  kept.forEach(([, count], row) => {
    idf[row] = Math.log((1 + n) / (1 + count)) + 1;
  });
  return { rows: createRowTable(Uint32Array.from(kept, ([h]) => h)), idf };
}

/**
 * Accumulates term counts per row for one text and scores it, with no allocation per text:
 * the buffers are sized once for the vocabulary and reset by `score`.
 */
export class RowCounter {
  private readonly counts: Float32Array;
  private readonly touched: Int32Array;
  private readonly values: Float64Array;
  private size = 0;

  constructor(private readonly vocabulary: Vocabulary) {
    this.counts = new Float32Array(vocabulary.idf.length);
    this.touched = new Int32Array(vocabulary.idf.length);
    this.values = new Float64Array(vocabulary.idf.length);
  }

  readonly add = (hash: number): void => {
    const row = this.vocabulary.rows.get(hash);
    if (row < 0) return;
    if (this.counts[row] === 0) this.touched[this.size++] = row;
    this.counts[row] = (this.counts[row] as number) + 1;
  };

  /**
   * Sublinear TF (1 + ln tf) × IDF, L2-normalised, times a feature-major weight matrix
   * (`weights[row * classes + k]`, so one row's class weights are adjacent): writes
   * bias + Wᵀx into `out`, resets for the next text and returns the number of known features.
   */
  score(weights: Float32Array, bias: Float32Array, out: Float64Array): number {
    const { counts, touched, values } = this;
    const idf = this.vocabulary.idf;
    const n = this.size;
    const classes = bias.length;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const row = touched[i] as number;
      const v = (1 + Math.log(counts[row] as number)) * (idf[row] as number);
      values[i] = v;
      norm += v * v;
      counts[row] = 0;
    }
    this.size = 0;
    for (let k = 0; k < classes; k++) out[k] = bias[k] as number;
    if (n === 0) return 0;
    const scale = 1 / Math.sqrt(norm);
    // Four rows per sweep over the classes: `out` is read and written a quarter as often,
    // which is most of the cost of this loop in V8.
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const v0 = (values[i] as number) * scale;
      const v1 = (values[i + 1] as number) * scale;
      const v2 = (values[i + 2] as number) * scale;
      const v3 = (values[i + 3] as number) * scale;
      const a0 = (touched[i] as number) * classes;
      const a1 = (touched[i + 1] as number) * classes;
      const a2 = (touched[i + 2] as number) * classes;
      const a3 = (touched[i + 3] as number) * classes;
      for (let k = 0; k < classes; k++) {
        out[k] =
          (out[k] as number) +
          v0 * (weights[a0 + k] as number) +
          v1 * (weights[a1 + k] as number) +
          v2 * (weights[a2 + k] as number) +
          v3 * (weights[a3 + k] as number);
      }
    }
    for (; i < n; i++) {
      const v = (values[i] as number) * scale;
      const at = (touched[i] as number) * classes;
      for (let k = 0; k < classes; k++) out[k] = (out[k] as number) + v * (weights[at + k] as number);
    }
    return n;
  }
}

/** The same weighting as `RowCounter`, for counts collected at training time. */
export function vectorize(counts: FeatureCounts, vocabulary: Vocabulary): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const [h, tf] of counts) {
    const row = vocabulary.rows.get(h);
    if (row < 0) continue;
    const v = (1 + Math.log(tf)) * (vocabulary.idf[row] as number);
    indices.push(row);
    values.push(v);
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { indices: Int32Array.from(indices), values: Float32Array.from(values, (v) => v * scale) };
}

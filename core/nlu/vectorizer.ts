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

/** Accumulates term counts per row for one text; reused across parses to avoid allocation. */
export class RowCounter {
  private readonly counts: Float32Array;
  private readonly touched: Int32Array;
  private size = 0;

  constructor(private readonly vocabulary: Vocabulary) {
    this.counts = new Float32Array(vocabulary.idf.length);
    this.touched = new Int32Array(vocabulary.idf.length);
  }

  readonly add = (hash: number): void => {
    const row = this.vocabulary.rows.get(hash);
    if (row < 0) return;
    if (this.counts[row] === 0) this.touched[this.size++] = row;
    this.counts[row] = (this.counts[row] as number) + 1;
  };

  /** Sublinear TF (1 + ln tf) × IDF, L2-normalised; then resets for the next text. */
  take(): SparseVector {
    const indices = this.touched.slice(0, this.size);
    const values = new Float32Array(this.size);
    let norm = 0;
    for (let i = 0; i < this.size; i++) {
      const row = indices[i] as number;
      const v = (1 + Math.log(this.counts[row] as number)) * (this.vocabulary.idf[row] as number);
      values[i] = v;
      norm += v * v;
      this.counts[row] = 0;
    }
    this.size = 0;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
    return { indices, values };
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

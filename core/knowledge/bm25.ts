import { BIGRAM_MARK, type Terms } from './search-terms.ts';

/**
 * BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009,
 * §3.6): each field's term count is normalised by that field's length against its average, the
 * fields are summed with their weights into one pseudo-frequency, and Okapi's saturation and IDF
 * apply to the sum. Question variants weigh most: they are how people actually ask.
 */
export interface Bm25Params {
  readonly k1: number;
  readonly b: number;
  readonly weights: { readonly title: number; readonly questions: number; readonly body: number };
  /** Query weight of a Chinese bigram term relative to a word. */
  readonly bigramWeight: number;
}

export const DEFAULT_BM25: Bm25Params = {
  k1: 1.2,
  b: 0.75,
  weights: { title: 2, questions: 3, body: 1 },
  bigramWeight: 0.5,
};

export const FIELDS = ['title', 'questions', 'body'] as const;
export type Field = (typeof FIELDS)[number];

/** An article's terms per field (words and bigrams together). */
export type FieldTerms = Readonly<Record<Field, readonly string[]>>;

/** Lucene's variant of the Robertson–Spärck Jones IDF: never negative, even for a term in every article. */
export const idf = (documents: number, df: number) => Math.log(1 + (documents - df + 0.5) / (df + 0.5));

/** Okapi's saturation of a (pseudo-)frequency; tends to k1 + 1. */
export const saturate = (tf: number, k1: number) => (tf * (k1 + 1)) / (tf + k1);

export const fieldTerms = (terms: Terms): string[] => [...terms.words, ...terms.bigrams];

export interface WeighedDocuments {
  /** Per document, term → BM25F pseudo-frequency. */
  readonly vectors: readonly ReadonlyMap<string, number>[];
  /** Term → number of documents containing it. */
  readonly df: ReadonlyMap<string, number>;
}

/** The BM25F pseudo-frequencies of a corpus: the forward index both the inverted index and a scan use. */
export function weighDocuments(
  documents: readonly FieldTerms[],
  params: Bm25Params = DEFAULT_BM25,
): WeighedDocuments {
  const average = Object.fromEntries(
    FIELDS.map((field) => {
      const total = documents.reduce((sum, doc) => sum + doc[field].length, 0);
      return [field, documents.length > 0 && total > 0 ? total / documents.length : 1];
    }),
  ) as Record<Field, number>;
  const df = new Map<string, number>();
  const vectors = documents.map((doc) => {
    const vector = new Map<string, number>();
    for (const field of FIELDS) {
      const terms = doc[field];
      const norm = 1 - params.b + (params.b * terms.length) / average[field];
      const unit = params.weights[field] / norm;
      for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + unit);
    }
    for (const term of vector.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    return vector;
  });
  return { vectors, df };
}

/** Query terms with their weights: each distinct word 1, each distinct bigram `bigramWeight`. */
export function queryWeights(terms: Terms, params: Bm25Params = DEFAULT_BM25): Map<string, number> {
  const weights = new Map<string, number>();
  for (const word of terms.words) weights.set(word, 1);
  for (const bigram of terms.bigrams) weights.set(bigram, params.bigramWeight);
  return weights;
}

/**
 * The score of an article in which every query term occurs once, in a question variant of average
 * length: the reference a real score is compared with for confidence. A word no article has counts
 * at the IDF of an unseen term, so a question about something the knowledge base does not cover
 * scores low against it. An unseen bigram is left out: most of those straddle two words
 * (们几 in 你们几点) and would punish every Chinese question.
 */
export function referenceScore(
  query: ReadonlyMap<string, number>,
  documents: number,
  dfOf: (term: string) => number,
  params: Bm25Params = DEFAULT_BM25,
): number {
  const once = saturate(params.weights.questions, params.k1);
  let total = 0;
  for (const [term, weight] of query) {
    const df = dfOf(term);
    if (df === 0 && term.startsWith(BIGRAM_MARK)) continue;
    total += weight * idf(documents, df) * once;
  }
  return total;
}

import type { KnowledgeLocale } from './article.ts';
import {
  type Bm25Params,
  DEFAULT_BM25,
  type FieldTerms,
  fieldTerms,
  idf,
  queryWeights,
  referenceScore,
  saturate,
  weighDocuments,
} from './bm25.ts';
import { confidenceOf } from './confidence.ts';
import { searchTerms, type Terms } from './search-terms.ts';

/** What the index keeps of an article: enough to score it and to answer with it. */
export interface IndexableArticle {
  readonly id: string;
  readonly key: string | null;
  readonly locale: KnowledgeLocale;
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
  readonly intent: string | null;
  readonly revision: number;
}

export interface RankedArticle {
  readonly article: IndexableArticle;
  readonly score: number;
  readonly confidence: number;
}

export interface IndexSearchOptions {
  readonly limit: number;
  readonly intent?: string | undefined;
}

export interface KnowledgeIndexOptions {
  readonly params?: Bm25Params;
  /** Added to an article linked to the query's intent, as a share of the reference score. */
  readonly intentBoost?: number;
  /** The analysis of an unchanged article from the previous index (same id and revision). */
  readonly reuse?: (article: IndexableArticle) => FieldTerms | undefined;
}

interface Postings {
  readonly docs: Int32Array;
  readonly tf: Float32Array;
}

export const DEFAULT_INTENT_BOOST = 0.3;

export function analyzeArticle(article: Pick<IndexableArticle, 'title' | 'questions' | 'body'>): FieldTerms {
  return {
    title: fieldTerms(searchTerms(article.title)),
    // One field for all variants; the space between them stops bigrams crossing from one to the next.
    questions: fieldTerms(searchTerms(article.questions.join('\n'))),
    body: fieldTerms(searchTerms(article.body)),
  };
}

/**
 * An inverted index of one tenant's published articles in one locale: term → (article, BM25F
 * pseudo-frequency) postings in typed arrays. A query touches only the postings of its own terms,
 * accumulating scores in a reused array, and keeps the best few in a short sorted list.
 */
export class KnowledgeIndex {
  readonly articles: readonly IndexableArticle[];
  readonly #analyzed: readonly FieldTerms[];
  readonly #postings = new Map<string, Postings>();
  readonly #byIntent = new Map<string, number[]>();
  readonly #params: Bm25Params;
  readonly #intentBoost: number;
  readonly #scores: Float64Array;
  readonly #touched: Int32Array;

  constructor(articles: readonly IndexableArticle[], options: KnowledgeIndexOptions = {}) {
    this.articles = articles;
    this.#params = options.params ?? DEFAULT_BM25;
    this.#intentBoost = options.intentBoost ?? DEFAULT_INTENT_BOOST;
    this.#analyzed = articles.map((article) => options.reuse?.(article) ?? analyzeArticle(article));
    const { vectors } = weighDocuments(this.#analyzed, this.#params);
    const lists = new Map<string, { docs: number[]; tf: number[] }>();
    vectors.forEach((vector, doc) => {
      for (const [term, tf] of vector) {
        let list = lists.get(term);
        if (!list) {
          list = { docs: [], tf: [] };
          lists.set(term, list);
        }
        list.docs.push(doc);
        list.tf.push(tf);
      }
    });
    for (const [term, list] of lists) {
      this.#postings.set(term, { docs: Int32Array.from(list.docs), tf: Float32Array.from(list.tf) });
    }
    articles.forEach((article, doc) => {
      if (article.intent === null) return;
      const docs = this.#byIntent.get(article.intent);
      if (docs) docs.push(doc);
      else this.#byIntent.set(article.intent, [doc]);
    });
    this.#scores = new Float64Array(articles.length);
    this.#touched = new Int32Array(articles.length);
  }

  get size(): number {
    return this.articles.length;
  }

  /** The analysis of the article at `doc`, for reuse by the next index. */
  analyzed(doc: number): FieldTerms | undefined {
    return this.#analyzed[doc];
  }

  /** Number of articles containing `term`. */
  df(term: string): number {
    return this.#postings.get(term)?.docs.length ?? 0;
  }

  search(text: string | Terms, options: IndexSearchOptions): RankedArticle[] {
    const n = this.articles.length;
    if (n === 0 || options.limit < 1) return [];
    const query = queryWeights(typeof text === 'string' ? searchTerms(text) : text, this.#params);
    const reference = referenceScore(query, n, (term) => this.df(term), this.#params);
    if (reference <= 0) return [];
    const { k1 } = this.#params;
    const scores = this.#scores;
    const touched = this.#touched;
    let count = 0;
    for (const [term, weight] of query) {
      const postings = this.#postings.get(term);
      if (!postings) continue;
      const w = weight * idf(n, postings.docs.length);
      const { docs, tf } = postings;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        if (scores[doc] === 0) touched[count++] = doc;
        scores[doc] = (scores[doc] as number) + w * saturate(tf[i] as number, k1);
      }
    }
    if (options.intent !== undefined && this.#intentBoost > 0) {
      const boost = this.#intentBoost * reference;
      for (const doc of this.#byIntent.get(options.intent) ?? []) {
        if (scores[doc] === 0) touched[count++] = doc;
        scores[doc] = (scores[doc] as number) + boost;
      }
    }
    // The best `limit` (at least two: the best hit's confidence needs the runner-up), kept sorted.
    const keep = Math.max(options.limit, 2);
    const best: number[] = [];
    for (let i = 0; i < count; i++) {
      const doc = touched[i] as number;
      const score = scores[doc] as number;
      if (best.length === keep && score <= (scores[best[keep - 1] as number] as number)) continue;
      let at = best.length;
      while (at > 0 && score > (scores[best[at - 1] as number] as number)) at--;
      best.splice(at, 0, doc);
      if (best.length > keep) best.pop();
    }
    const top = best.map((doc) => scores[doc] as number);
    for (let i = 0; i < count; i++) scores[touched[i] as number] = 0;
    return best.slice(0, options.limit).map((doc, rank) => {
      const score = top[rank] as number;
      const runnerUp = rank === 0 ? top[1] : top[0];
      return {
        article: this.articles[doc] as IndexableArticle,
        score,
        confidence: confidenceOf(score, reference, runnerUp),
      };
    });
  }
}

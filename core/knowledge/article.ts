/** The locales an article is written in; a tenant may have articles in both. */
export const KNOWLEDGE_LOCALES = ['zh-CN', 'en'] as const;
export type KnowledgeLocale = (typeof KNOWLEDGE_LOCALES)[number];

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** A pack's FAQ seed: the knowledge base seeds a tenant's articles from these. */
export type { FaqSeed } from '../packs/vertical-pack.ts';

/**
 * One answer of a tenant's knowledge base. Articles are the tenant's own published content (opening
 * hours, parking, fees), not personal data, so they are stored in plaintext.
 */
export interface KnowledgeArticle {
  readonly id: string;
  readonly tenantId: string;
  readonly locale: KnowledgeLocale;
  /** The FAQ seed it came from (stable across re-seeding), or null for an article written here. */
  readonly key: string | null;
  readonly title: string;
  /** The answer text. */
  readonly body: string;
  /** Other ways people ask the same thing; the strongest retrieval signal. */
  readonly questions: readonly string[];
  readonly tags: readonly string[];
  /** The NLU intent whose messages this article answers. */
  readonly intent: string | null;
  readonly status: ArticleStatus;
  /** Starts at 1, +1 on every change: the optimistic-concurrency token of updates. */
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
}

export interface NewArticle {
  readonly locale: KnowledgeLocale;
  readonly key?: string | null;
  readonly title: string;
  readonly body: string;
  readonly questions?: readonly string[];
  readonly tags?: readonly string[];
  readonly intent?: string | null;
  /** Draft unless said otherwise: a new answer is reviewed before the assistant gives it. */
  readonly status?: ArticleStatus;
}

/** A change to an article; `revision` must be the one the editor saw. */
export interface ArticlePatch {
  readonly revision: number;
  readonly key?: string | null;
  readonly title?: string;
  readonly body?: string;
  readonly questions?: readonly string[];
  readonly tags?: readonly string[];
  readonly intent?: string | null;
}

export interface ArticleFilter {
  readonly limit: number;
  readonly cursor?: string;
  readonly locale?: KnowledgeLocale;
  readonly status?: ArticleStatus;
  readonly tag?: string;
}

export interface ArticlePage {
  readonly items: readonly KnowledgeArticle[];
  readonly nextCursor: string | null;
}

export interface KnowledgeQuery {
  readonly text: string;
  readonly locale?: KnowledgeLocale;
  /** The message's NLU intent: articles linked to it are boosted. */
  readonly intent?: string;
  readonly limit?: number;
}

/** One retrieved article, with its BM25F score and a confidence in 0..1 (docs/knowledge.md). */
export interface KnowledgeHit {
  readonly articleId: string;
  readonly key: string | null;
  readonly locale: KnowledgeLocale;
  readonly title: string;
  readonly body: string;
  readonly score: number;
  readonly confidence: number;
}

/** The tenant an administrative change belongs to; the vertical decides the audit purpose. */
export interface KnowledgeTenant {
  readonly id: string;
  readonly vertical: string;
}

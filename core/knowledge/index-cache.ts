import type { KnowledgeLocale } from './article.ts';
import type { FieldTerms } from './bm25.ts';
import { type IndexableArticle, KnowledgeIndex, type KnowledgeIndexOptions } from './knowledge-index.ts';

/** Where indexes come from: the tenant's revision counter and its published articles. */
export interface IndexSource {
  revision(tenantId: string): Promise<number>;
  published(tenantId: string): Promise<IndexableArticle[]>;
}

export interface TenantIndexes {
  /** The tenant's knowledge revision the indexes were built from. */
  readonly revision: number;
  readonly byLocale: ReadonlyMap<KnowledgeLocale, KnowledgeIndex>;
}

export interface IndexCacheOptions extends Pick<KnowledgeIndexOptions, 'params' | 'intentBoost'> {
  /** How often a process asks whether another one changed the articles; 2 s by default. */
  readonly checkEveryMs?: number;
  /** Tenants whose indexes stay in memory (least recently searched out first); 1,000 by default. */
  readonly maxTenants?: number;
  readonly now?: () => number;
}

interface Entry extends TenantIndexes {
  checkedAt: number;
  /** A write of this process committed after the build: rebuild before the next search. */
  stale: boolean;
}

interface Build {
  readonly generation: number;
  readonly promise: Promise<Entry>;
}

/**
 * In-memory indexes per tenant, built lazily and rebuilt on change. A write in this process calls
 * `invalidate` after its commit, so its next search rebuilds. A write in another process raises the
 * tenant's revision in the database; this process reads that number at most every `checkEveryMs`
 * and rebuilds when it moved. The revision is read before the articles, so a change committing
 * in between leaves a newer revision than the one recorded and is picked up at the next check.
 * Concurrent searches share one build; a build that started before an invalidation is not kept.
 * Unchanged articles (same id and revision) keep their analysis, so a rebuild re-segments only
 * what changed.
 */
export function createIndexCache(source: IndexSource, options: IndexCacheOptions = {}) {
  const checkEveryMs = options.checkEveryMs ?? 2000;
  const maxTenants = options.maxTenants ?? 1000;
  const now = options.now ?? (() => performance.now());
  const indexOptions: KnowledgeIndexOptions = {
    ...(options.params ? { params: options.params } : {}),
    ...(options.intentBoost !== undefined ? { intentBoost: options.intentBoost } : {}),
  };
  const entries = new Map<string, Entry>();
  const builds = new Map<string, Build>();
  const generations = new Map<string, number>();

  function remember(tenantId: string, entry: Entry) {
    entries.delete(tenantId);
    entries.set(tenantId, entry);
    while (entries.size > maxTenants) entries.delete(entries.keys().next().value as string);
  }

  function reusable(previous: Entry | undefined) {
    const analyses = new Map<string, FieldTerms>();
    for (const index of previous?.byLocale.values() ?? []) {
      index.articles.forEach((article, doc) => {
        const analysis = index.analyzed(doc);
        if (analysis) analyses.set(`${article.id}:${article.revision}`, analysis);
      });
    }
    return (article: IndexableArticle) => analyses.get(`${article.id}:${article.revision}`);
  }

  async function rebuild(tenantId: string, previous: Entry | undefined, generation: number): Promise<Entry> {
    const revision = await source.revision(tenantId);
    const articles = await source.published(tenantId);
    const reuse = reusable(previous);
    const byLocale = new Map<KnowledgeLocale, KnowledgeIndex>();
    for (const locale of ['zh-CN', 'en'] as const) {
      const own = articles.filter((article) => article.locale === locale);
      if (own.length > 0) byLocale.set(locale, new KnowledgeIndex(own, { ...indexOptions, reuse }));
    }
    const entry: Entry = { revision, byLocale, checkedAt: now(), stale: false };
    if ((generations.get(tenantId) ?? 0) === generation) remember(tenantId, entry);
    return entry;
  }

  function build(tenantId: string, previous: Entry | undefined): Promise<Entry> {
    const generation = generations.get(tenantId) ?? 0;
    const running = builds.get(tenantId);
    if (running && running.generation === generation) return running.promise;
    const promise = rebuild(tenantId, previous, generation).finally(() => {
      if (builds.get(tenantId)?.promise === promise) builds.delete(tenantId);
    });
    builds.set(tenantId, { generation, promise });
    return promise;
  }

  return {
    /** The tenant's current indexes, rebuilt first when they are stale. */
    async get(tenantId: string): Promise<TenantIndexes> {
      const entry = entries.get(tenantId);
      if (!entry || entry.stale) return build(tenantId, entry);
      remember(tenantId, entry);
      if (now() - entry.checkedAt < checkEveryMs) return entry;
      const revision = await source.revision(tenantId);
      if (revision !== entry.revision) return build(tenantId, entry);
      entry.checkedAt = now();
      return entry;
    },

    /** After a committed write: the next search of this tenant rebuilds. */
    invalidate(tenantId: string): void {
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
      const entry = entries.get(tenantId);
      if (entry) entry.stale = true;
    },
  };
}

export type IndexCache = ReturnType<typeof createIndexCache>;

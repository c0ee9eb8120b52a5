import type { DataScope } from '../context/data-scope.ts';
import { identifyLanguage } from '../nlu/language.ts';
import type { KnowledgeHit, KnowledgeLocale, KnowledgeQuery } from './article.ts';
import type { IndexCache } from './index-cache.ts';
import type { RankedArticle } from './knowledge-index.ts';
import { searchTerms } from './search-terms.ts';

export const DEFAULT_THRESHOLD = 0.35;
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;

export interface KnowledgeSearchDeps {
  readonly cache: IndexCache;
  /** The data scope of the work at hand (core/context/data-scope.ts). */
  readonly scope: () => DataScope;
  readonly threshold?: number;
}

const OTHER: Readonly<Record<KnowledgeLocale, KnowledgeLocale>> = { 'zh-CN': 'en', en: 'zh-CN' };

const toHit = ({ article, score, confidence }: RankedArticle): KnowledgeHit => ({
  articleId: article.id,
  key: article.key,
  locale: article.locale,
  title: article.title,
  body: article.body,
  score,
  confidence,
});

const byConfidence = (a: KnowledgeHit, b: KnowledgeHit) => b.confidence - a.confidence || b.score - a.score;

/** Which locales to search, in order: the one asked for, else the script of the question. */
function localesFor(query: KnowledgeQuery): readonly KnowledgeLocale[] | 'both' {
  if (query.locale) return [query.locale, OTHER[query.locale]];
  const language = identifyLanguage(query.text);
  if (language === 'zh') return ['zh-CN', 'en'];
  if (language === 'en') return ['en', 'zh-CN'];
  return 'both';
}

/**
 * Retrieval for the assistant. The in-memory indexes obey the same wall as the database: a search
 * for a tenant the current data scope cannot see finds nothing, even when another request has
 * that tenant's index in memory.
 */
export function createKnowledgeSearch(deps: KnowledgeSearchDeps) {
  const threshold = deps.threshold ?? DEFAULT_THRESHOLD;

  const visible = (tenantId: string) => {
    const scope = deps.scope();
    return scope.kind === 'platform' || (scope.kind === 'tenant' && scope.tenantId === tenantId);
  };

  async function search(tenantId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    if (!visible(tenantId)) return [];
    const { byLocale } = await deps.cache.get(tenantId);
    const terms = searchTerms(query.text);
    const options = { limit, intent: query.intent };
    const order = localesFor(query);
    if (order === 'both') {
      return [...byLocale.values()]
        .flatMap((index) => index.search(terms, options).map(toHit))
        .sort(byConfidence)
        .slice(0, limit);
    }
    // The other locale only when the preferred one has nothing at all to offer.
    for (const locale of order) {
      const hits = byLocale.get(locale)?.search(terms, options) ?? [];
      if (hits.length > 0) return hits.map(toHit);
    }
    return [];
  }

  return {
    threshold,
    search,
    /** The best hit when the knowledge base is confident enough to answer with it. */
    async answer(tenantId: string, query: KnowledgeQuery): Promise<KnowledgeHit | undefined> {
      const [best] = await search(tenantId, { ...query, limit: 1 });
      return best && best.confidence >= threshold ? best : undefined;
    },
  };
}

export type KnowledgeSearch = ReturnType<typeof createKnowledgeSearch>;

import type { Kysely } from 'kysely';
import { authorizeActor } from '../access/actor-ability.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { currentDataScope, type DataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { createArticleRepository } from './article.repository.ts';
import type { KnowledgeHit, KnowledgeQuery, KnowledgeTenant } from './article.ts';
import type { Bm25Params } from './bm25.ts';
import { createFaqSeeder } from './faq-seeder.ts';
import { createIndexCache } from './index-cache.ts';
import { createKnowledgeAdmin } from './knowledge-admin.ts';
import { createKnowledgeSearch } from './knowledge-search.ts';

export interface KnowledgeBaseDeps {
  /** The application's row-secured view of the database (queries run in the current data scope). */
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** The confidence `answer` needs; 0.35 by default. */
  readonly threshold?: number;
  /** How often a process checks for changes made by other processes; 2,000 ms by default. */
  readonly revisionCheckMs?: number;
  /** Share of the reference score added for an article linked to the message's intent; 0.3 by default. */
  readonly intentBoost?: number;
  readonly bm25?: Bm25Params;
  /** Tenants whose indexes stay in memory; 1,000 by default. */
  readonly maxTenants?: number;
  readonly scope?: () => DataScope;
  readonly now?: () => Date;
  /** Monotonic milliseconds, for the revision check. */
  readonly clock?: () => number;
}

/** What staff see when they try a question against the knowledge base. */
export interface SearchTrial {
  readonly hits: readonly KnowledgeHit[];
  /** The article the assistant would answer with, if any. */
  readonly answer: KnowledgeHit | undefined;
  readonly threshold: number;
}

/**
 * The knowledge base (DESIGN §6): articles per tenant and locale, their administration, and
 * retrieval for the assistant (BM25F over the NLU's terms, intent links, calibrated confidence) from
 * in-memory indexes kept in step with the database (docs/knowledge.md).
 */
export function createKnowledgeBase(deps: KnowledgeBaseDeps) {
  const articles = createArticleRepository(deps.db);
  const cache = createIndexCache(articles, {
    ...(deps.revisionCheckMs !== undefined ? { checkEveryMs: deps.revisionCheckMs } : {}),
    ...(deps.maxTenants !== undefined ? { maxTenants: deps.maxTenants } : {}),
    ...(deps.intentBoost !== undefined ? { intentBoost: deps.intentBoost } : {}),
    ...(deps.bm25 ? { params: deps.bm25 } : {}),
    ...(deps.clock ? { now: deps.clock } : {}),
  });
  const retrieval = createKnowledgeSearch({
    cache,
    scope: deps.scope ?? currentDataScope,
    ...(deps.threshold !== undefined ? { threshold: deps.threshold } : {}),
  });
  const writes = {
    db: deps.db,
    articles,
    audit: deps.audit,
    changed: (tenantId: string) => cache.invalidate(tenantId),
    ...(deps.now ? { now: deps.now } : {}),
  };

  return {
    ...createKnowledgeAdmin(writes),
    ...createFaqSeeder(writes),
    threshold: retrieval.threshold,
    search: retrieval.search,
    answer: retrieval.answer,

    /** Staff try a question: every hit with its confidence, and which one would be the answer. */
    async trySearch(actor: Actor, tenant: KnowledgeTenant, query: KnowledgeQuery): Promise<SearchTrial> {
      authorizeActor(actor, 'read', { type: 'KnowledgeArticle', attributes: { tenantId: tenant.id } });
      const hits = await retrieval.search(tenant.id, query);
      const best = hits[0];
      const answer = best && best.confidence >= retrieval.threshold ? best : undefined;
      return { hits, answer, threshold: retrieval.threshold };
    },
  };
}

export type KnowledgeBase = ReturnType<typeof createKnowledgeBase>;

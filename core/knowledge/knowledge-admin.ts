import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { authorizeActor } from '../access/actor-ability.ts';
import { accessFilter } from '../access/sql-filter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { ARTICLE_COLUMNS, type ArticleRepository } from './article.repository.ts';
import type {
  ArticleFilter,
  ArticlePage,
  ArticlePatch,
  ArticleStatus,
  KnowledgeArticle,
  KnowledgeTenant,
  NewArticle,
} from './article.ts';
import { checkContent } from './article-rules.ts';
import { knowledgeEvent } from './knowledge-audit.ts';

export interface KnowledgeAdminDeps {
  readonly db: Kysely<Database>;
  readonly articles: ArticleRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Called after every committed change of a tenant's articles. */
  readonly changed: (tenantId: string) => void;
  readonly now?: () => Date;
}

// "Any article of this tenant": checked before anything is loaded, so that a caller without the
// right learns nothing, not even whether an article exists.
const anyArticleOf = (tenant: KnowledgeTenant) => ({
  type: 'KnowledgeArticle' as const,
  attributes: { tenantId: tenant.id },
});

const notFound = () => new AppError('not_found', 'No such article.');

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

const keyTaken = () =>
  new AppError('conflict', 'Another article of this locale already has this key.', {
    issues: [{ path: 'key', message: 'already used in this locale' }],
  });

/** The attributes the access rules see of an article (no body: rules never need the text). */
const subjectOf = (
  article: Pick<KnowledgeArticle, 'tenantId' | 'locale' | 'status' | 'tags' | 'intent' | 'title'> & {
    id?: string;
  },
) => ({
  type: 'KnowledgeArticle' as const,
  attributes: {
    tenantId: article.tenantId,
    ...(article.id ? { id: article.id } : {}),
    locale: article.locale,
    status: article.status,
    tags: [...article.tags],
    intent: article.intent,
    title: article.title,
  },
});

/**
 * Editing the knowledge base: every method authorizes first (the `KnowledgeArticle` rules), every
 * change raises the tenant's knowledge revision and records its audit event in the same
 * transaction, and updates are optimistic: the caller names the revision it edited, and a
 * different current revision is a 409.
 */
export function createKnowledgeAdmin(deps: KnowledgeAdminDeps) {
  const { db, articles, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function load(tenant: KnowledgeTenant, id: string): Promise<KnowledgeArticle> {
    const article = await articles.get(tenant.id, id);
    if (!article) throw notFound();
    return article;
  }

  async function write<T>(tenantId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await db.transaction().execute(async (trx) => {
        const value = await work(trx);
        await articles.bumpRevision(trx, tenantId);
        return value;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? keyTaken() : error;
    }
    deps.changed(tenantId);
    return result;
  }

  /** A conditional update; tells a lost race (409) from a deleted article (404). */
  async function change(
    actor: Actor,
    tenant: KnowledgeTenant,
    current: KnowledgeArticle,
    expected: number,
    changes: Parameters<ArticleRepository['update']>[4],
  ): Promise<KnowledgeArticle> {
    if (expected !== current.revision) {
      throw new AppError(
        'conflict',
        `The article is at revision ${current.revision}, not ${expected}; reload it.`,
        {
          details: { revision: current.revision },
        },
      );
    }
    return write(tenant.id, async (trx) => {
      const updated = await articles.update(trx, tenant.id, current.id, expected, changes, actor.id, now());
      if (!updated) {
        const latest = await articles.get(tenant.id, current.id, trx);
        if (!latest) throw notFound();
        throw new AppError('conflict', 'The article changed meanwhile; reload it.', {
          details: { revision: latest.revision },
        });
      }
      await audit.record(trx, knowledgeEvent(tenant, actor, 'update', current.id));
      return updated;
    });
  }

  async function setStatus(actor: Actor, tenant: KnowledgeTenant, id: string, status: ArticleStatus) {
    authorizeActor(actor, 'update', anyArticleOf(tenant));
    const current = await load(tenant, id);
    authorizeActor(actor, 'update', subjectOf(current));
    if (current.status === status) return current;
    return change(actor, tenant, current, current.revision, { status });
  }

  return {
    async create(actor: Actor, tenant: KnowledgeTenant, input: NewArticle): Promise<KnowledgeArticle> {
      authorizeActor(actor, 'create', anyArticleOf(tenant));
      const status = input.status ?? 'draft';
      const content = checkContent({
        key: input.key ?? null,
        title: input.title,
        body: input.body,
        questions: input.questions ?? [],
        tags: input.tags ?? [],
        intent: input.intent ?? null,
      });
      authorizeActor(
        actor,
        'create',
        subjectOf({ tenantId: tenant.id, locale: input.locale, status, ...content }),
      );
      const id = randomUUID();
      return write(tenant.id, async (trx) => {
        const article = await articles.insert(trx, {
          ...content,
          tenantId: tenant.id,
          id,
          locale: input.locale,
          status,
          by: actor.id,
          at: now(),
        });
        await audit.record(trx, knowledgeEvent(tenant, actor, 'create', id));
        return article;
      });
    },

    async update(
      actor: Actor,
      tenant: KnowledgeTenant,
      id: string,
      patch: ArticlePatch,
    ): Promise<KnowledgeArticle> {
      authorizeActor(actor, 'update', anyArticleOf(tenant));
      const current = await load(tenant, id);
      authorizeActor(actor, 'update', subjectOf(current));
      const content = checkContent({
        key: patch.key !== undefined ? patch.key : current.key,
        title: patch.title ?? current.title,
        body: patch.body ?? current.body,
        questions: patch.questions ?? current.questions,
        tags: patch.tags ?? current.tags,
        intent: patch.intent !== undefined ? patch.intent : current.intent,
      });
      return change(actor, tenant, current, patch.revision, content);
    },

    publish: (actor: Actor, tenant: KnowledgeTenant, id: string) => setStatus(actor, tenant, id, 'published'),
    unpublish: (actor: Actor, tenant: KnowledgeTenant, id: string) => setStatus(actor, tenant, id, 'draft'),

    async delete(actor: Actor, tenant: KnowledgeTenant, id: string): Promise<void> {
      authorizeActor(actor, 'delete', anyArticleOf(tenant));
      const current = await load(tenant, id);
      authorizeActor(actor, 'delete', subjectOf(current));
      await write(tenant.id, async (trx) => {
        if (!(await articles.delete(trx, tenant.id, id))) throw notFound();
        await audit.record(trx, knowledgeEvent(tenant, actor, 'delete', id));
      });
    },

    async get(actor: Actor, tenant: KnowledgeTenant, id: string): Promise<KnowledgeArticle> {
      authorizeActor(actor, 'read', anyArticleOf(tenant));
      const article = await load(tenant, id);
      authorizeActor(actor, 'read', subjectOf(article));
      return article;
    },

    async list(actor: Actor, tenant: KnowledgeTenant, filter: ArticleFilter): Promise<ArticlePage> {
      const ability = authorizeActor(actor, 'read', anyArticleOf(tenant));
      return articles.list(
        tenant.id,
        filter,
        accessFilter(ability, 'read', 'KnowledgeArticle', ARTICLE_COLUMNS),
      );
    },
  };
}

export type KnowledgeAdmin = ReturnType<typeof createKnowledgeAdmin>;

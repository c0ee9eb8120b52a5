import { type Kysely, type RawBuilder, type Selectable, type SqlBool, sql, type Transaction } from 'kysely';
import type { ColumnMap } from '../access/sql-filter.ts';
import type { Database } from '../db/schema.ts';
import type { ArticleFilter, ArticleStatus, KnowledgeArticle, KnowledgeLocale } from './article.ts';
import { decodeCursor, encodeCursor } from './article-cursor.ts';
import type { KnowledgeArticleTable } from './knowledge.table.ts';
import type { IndexableArticle } from './knowledge-index.ts';

/** Where the attributes of the `KnowledgeArticle` subject live, for the SQL twin of the rules. */
export const ARTICLE_COLUMNS: ColumnMap<'KnowledgeArticle'> = {
  tenantId: { column: 'tenant_id' },
  id: { column: 'article_id' },
  locale: { column: 'locale' },
  status: { column: 'status' },
  intent: { column: 'intent', nullable: true },
  title: { column: 'title' },
};

/** The content of an article as written: what inserts and updates carry. */
export interface ArticleContent {
  readonly key: string | null;
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
  readonly tags: readonly string[];
  readonly intent: string | null;
}

export interface ArticleInsert extends ArticleContent {
  readonly tenantId: string;
  readonly id: string;
  readonly locale: KnowledgeLocale;
  readonly status: ArticleStatus;
  readonly by: string;
  readonly at: Date;
}

const toArticle = (row: Selectable<KnowledgeArticleTable>): KnowledgeArticle => ({
  id: row.article_id,
  tenantId: row.tenant_id,
  locale: row.locale,
  key: row.key,
  title: row.title,
  body: row.body,
  questions: row.questions,
  tags: row.tags,
  intent: row.intent,
  status: row.status,
  revision: row.revision,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  createdBy: row.created_by,
  updatedBy: row.updated_by,
});

const contentColumns = (content: Partial<ArticleContent>) => ({
  ...(content.key !== undefined ? { key: content.key } : {}),
  ...(content.title !== undefined ? { title: content.title } : {}),
  ...(content.body !== undefined ? { body: content.body } : {}),
  ...(content.questions !== undefined ? { questions: JSON.stringify(content.questions) } : {}),
  ...(content.tags !== undefined ? { tags: JSON.stringify(content.tags) } : {}),
  ...(content.intent !== undefined ? { intent: content.intent } : {}),
});

const insertRow = (article: ArticleInsert) => ({
  tenant_id: article.tenantId,
  article_id: article.id,
  locale: article.locale,
  key: article.key,
  title: article.title,
  body: article.body,
  questions: JSON.stringify(article.questions),
  tags: JSON.stringify(article.tags),
  intent: article.intent,
  status: article.status,
  revision: 1,
  created_at: article.at,
  updated_at: article.at,
  created_by: article.by,
  updated_by: article.by,
});

/** SQL for `knowledge_articles` and `knowledge_revisions`; returns domain objects, never rows. */
export function createArticleRepository(db: Kysely<Database>) {
  return {
    async insert(trx: Transaction<Database>, article: ArticleInsert): Promise<KnowledgeArticle> {
      const row = await trx
        .insertInto('knowledge_articles')
        .values(insertRow(article))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toArticle(row);
    },

    /** Inserts unless (tenant, locale, key) exists; undefined when it did. */
    async insertIfAbsent(
      trx: Transaction<Database>,
      article: ArticleInsert,
    ): Promise<KnowledgeArticle | undefined> {
      const row = await trx
        .insertInto('knowledge_articles')
        .values(insertRow(article))
        .onConflict((oc) => oc.columns(['tenant_id', 'locale', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toArticle(row);
    },

    /** Pass `trx` inside a transaction: embedded PGlite has one connection, which the transaction holds. */
    async get(
      tenantId: string,
      id: string,
      trx: Kysely<Database> = db,
    ): Promise<KnowledgeArticle | undefined> {
      const row = await trx
        .selectFrom('knowledge_articles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('article_id', '=', id)
        .executeTakeFirst();
      return row && toArticle(row);
    },

    /** A page in creation order; `access` is the SQL twin of the caller's read rules. */
    async list(tenantId: string, filter: ArticleFilter, access: RawBuilder<SqlBool>) {
      let query = db
        .selectFrom('knowledge_articles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(access)
        .orderBy('created_at')
        .orderBy('article_id')
        .limit(filter.limit + 1);
      if (filter.locale) query = query.where('locale', '=', filter.locale);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.tag) query = query.where(sql<SqlBool>`tags @> ${JSON.stringify([filter.tag])}::jsonb`);
      if (filter.cursor) {
        const [at, id] = decodeCursor(filter.cursor);
        query = query.where((eb) =>
          eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('article_id', '>', id)])]),
        );
      }
      const items = (await query.execute()).map(toArticle);
      const page = items.slice(0, filter.limit);
      const last = page.at(-1);
      return { items: page, nextCursor: items.length > filter.limit && last ? encodeCursor(last) : null };
    },

    /** Changes content if the revision is still `expected`; undefined otherwise (or when gone). */
    async update(
      trx: Transaction<Database>,
      tenantId: string,
      id: string,
      expected: number,
      change: Partial<ArticleContent> & { readonly status?: ArticleStatus },
      by: string,
      at: Date,
    ): Promise<KnowledgeArticle | undefined> {
      const row = await trx
        .updateTable('knowledge_articles')
        .set({
          ...contentColumns(change),
          ...(change.status ? { status: change.status } : {}),
          revision: sql<number>`revision + 1`,
          updated_at: at,
          updated_by: by,
        })
        .where('tenant_id', '=', tenantId)
        .where('article_id', '=', id)
        .where('revision', '=', expected)
        .returningAll()
        .executeTakeFirst();
      return row && toArticle(row);
    },

    async delete(trx: Transaction<Database>, tenantId: string, id: string): Promise<boolean> {
      const result = await trx
        .deleteFrom('knowledge_articles')
        .where('tenant_id', '=', tenantId)
        .where('article_id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Raises the tenant's knowledge revision in `trx`: other processes see the change at commit. */
    async bumpRevision(trx: Transaction<Database>, tenantId: string): Promise<number> {
      const row = await trx
        .insertInto('knowledge_revisions')
        .values({ tenant_id: tenantId, revision: 1 })
        .onConflict((oc) =>
          oc.column('tenant_id').doUpdateSet({ revision: sql<number>`knowledge_revisions.revision + 1` }),
        )
        .returning('revision')
        .executeTakeFirstOrThrow();
      return row.revision;
    },

    /** The tenant's knowledge revision; 0 before the first change. */
    async revision(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('knowledge_revisions')
        .select('revision')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row?.revision ?? 0;
    },

    /** Every published article of the tenant, in a stable order, as the index needs them. */
    async published(tenantId: string): Promise<IndexableArticle[]> {
      const rows = await db
        .selectFrom('knowledge_articles')
        .select(['article_id', 'key', 'locale', 'title', 'body', 'questions', 'intent', 'revision'])
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'published')
        .orderBy('article_id')
        .execute();
      return rows.map((row) => ({
        id: row.article_id,
        key: row.key,
        locale: row.locale,
        title: row.title,
        body: row.body,
        questions: row.questions,
        intent: row.intent,
        revision: row.revision,
      }));
    },

    /** The tenant's vertical, which decides the audit purpose of seeding. */
    async verticalOf(tenantId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('tenants')
        .select('vertical')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row?.vertical;
    },
  };
}

export type ArticleRepository = ReturnType<typeof createArticleRepository>;

import type { ColumnType, Generated } from 'kysely';

/**
 * `knowledge_articles`: the answers of each tenant's knowledge base, keyed by (tenant_id,
 * article_id); `key` (a pack's FAQ seed id) is unique per tenant and locale when set. Tenant
 * content, not personal data: plaintext.
 */
export interface KnowledgeArticleTable {
  tenant_id: string;
  article_id: string;
  locale: 'zh-CN' | 'en';
  key: string | null;
  title: string;
  body: string;
  /** JSON array of strings. */
  questions: ColumnType<string[], string, string>;
  /** JSON array of strings. */
  tags: ColumnType<string[], string, string>;
  intent: string | null;
  status: 'draft' | 'published';
  revision: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  created_by: string;
  updated_by: string;
}

/**
 * `knowledge_revisions`: one counter per tenant, raised by every change to its articles in the same
 * transaction. A process compares it with the revision its in-memory index was built from.
 */
export interface KnowledgeRevisionTable {
  tenant_id: string;
  revision: number;
}

export interface KnowledgeDatabase {
  knowledge_articles: KnowledgeArticleTable;
  knowledge_revisions: KnowledgeRevisionTable;
}

import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';
import { tenantIsolationSql } from '../db/row-security.migrations.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const knowledgeMigrations: MigrationSet = {
  '2026_11_25_0200_core_create_knowledge_articles': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('knowledge_articles')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('article_id', 'uuid', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('key', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('questions', 'jsonb', (c) => c.notNull())
        .addColumn('tags', 'jsonb', (c) => c.notNull())
        .addColumn('intent', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_articles_pkey', ['tenant_id', 'article_id'])
        // NULL keys are distinct in a unique constraint: only seeded articles are unique by key.
        .addUniqueConstraint('knowledge_articles_key', ['tenant_id', 'locale', 'key'])
        .addCheckConstraint('knowledge_articles_locale', sql`locale in ('zh-CN', 'en')`)
        .addCheckConstraint('knowledge_articles_status', sql`status in ('draft', 'published')`)
        .addCheckConstraint('knowledge_articles_revision', sql`revision >= 1`)
        .addCheckConstraint(
          'knowledge_articles_arrays',
          sql`jsonb_typeof(questions) = 'array' and jsonb_typeof(tags) = 'array'`,
        )
        .execute();
      // The index build reads a tenant's published articles; the admin list pages by creation.
      await sql`create index knowledge_articles_published on knowledge_articles (tenant_id, locale)
        where status = 'published'`.execute(db);
      await sql`create index knowledge_articles_created on knowledge_articles (tenant_id, created_at, article_id)`.execute(
        db,
      );
      await db.schema
        .createTable('knowledge_revisions')
        .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.tenant_id'))
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_revisions_pkey', ['tenant_id'])
        .execute();
      for (const table of ['knowledge_articles', 'knowledge_revisions']) {
        for (const statement of tenantIsolationSql(table)) await sql.raw(statement).execute(db);
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.dropTable('knowledge_revisions').execute();
      await db.schema.dropTable('knowledge_articles').execute();
    },
  },
};

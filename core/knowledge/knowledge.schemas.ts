import { z } from '@hono/zod-openapi';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { ARTICLE_STATUSES, KNOWLEDGE_LOCALES } from './article.ts';
import { ARTICLE_LIMITS, INTENT_PATTERN, KEY_PATTERN } from './article-rules.ts';

const locale = z.enum(KNOWLEDGE_LOCALES).openapi({ example: 'zh-CN' });
const status = z.enum(ARTICLE_STATUSES);
const title = z.string().trim().min(1).max(ARTICLE_LIMITS.title).openapi({ example: '门诊时间' });
const body = z
  .string()
  .trim()
  .min(1)
  .max(ARTICLE_LIMITS.body)
  .openapi({ example: '门诊时间为周一至周五 8:00–17:00。', description: 'The answer text' });
const questions = z
  .array(z.string().trim().min(1).max(ARTICLE_LIMITS.question))
  .max(ARTICLE_LIMITS.questions)
  .openapi({ example: ['你们几点开门', '周末开门吗'], description: 'Other ways people ask it' });
const tags = z.array(z.string().trim().min(1).max(ARTICLE_LIMITS.tag)).max(ARTICLE_LIMITS.tags);
const key = z.string().regex(KEY_PATTERN).nullable().openapi({ description: 'The FAQ seed it came from' });
const intent = z.string().regex(INTENT_PATTERN).nullable().openapi({ example: 'opening_hours' });

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const articleParamsSchema = tenantParamsSchema.extend({ articleId: z.uuid() });

export const newArticleSchema = z
  .strictObject({
    locale,
    key: key.optional(),
    title,
    body,
    questions: questions.optional(),
    tags: tags.optional(),
    intent: intent.optional(),
    status: status.optional().openapi({ description: 'Draft unless said otherwise' }),
  })
  .openapi('NewKnowledgeArticle');

export const articlePatchSchema = z
  .strictObject({
    revision: z.int().min(1).openapi({ description: 'The revision being edited; another one is a 409' }),
    key: key.optional(),
    title: title.optional(),
    body: body.optional(),
    questions: questions.optional(),
    tags: tags.optional(),
    intent: intent.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, 'at least one change besides the revision')
  .openapi('KnowledgeArticlePatch');

export const articleSchema = z
  .object({
    id: z.uuid(),
    locale,
    key: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    questions: z.array(z.string()),
    tags: z.array(z.string()),
    intent: z.string().nullable(),
    status,
    revision: z.int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    createdBy: z.string(),
    updatedBy: z.string(),
  })
  .openapi('KnowledgeArticle');

export const articleListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().openapi({ description: 'The `nextCursor` of the previous page' }),
  locale: locale.optional(),
  status: status.optional(),
  tag: z.string().trim().min(1).max(ARTICLE_LIMITS.tag).optional(),
});

export const articleListSchema = z
  .object({ items: z.array(articleSchema), nextCursor: z.string().nullable() })
  .openapi('KnowledgeArticleList');

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(1000).openapi({ example: '你们几点开门？' }),
  locale: locale.optional(),
  intent: z.string().regex(INTENT_PATTERN).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

const hitSchema = z.object({
  articleId: z.uuid(),
  key: z.string().nullable(),
  locale,
  title: z.string(),
  body: z.string(),
  score: z.number(),
  confidence: z.number().min(0).max(1),
});

export const searchResultSchema = z
  .object({
    hits: z.array(hitSchema),
    answer: z.uuid().nullable().openapi({ description: 'The article the assistant would answer with' }),
    threshold: z.number(),
  })
  .openapi('KnowledgeSearchResult');

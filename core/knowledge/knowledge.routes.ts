import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import type { KnowledgeArticle, KnowledgeTenant } from './article.ts';
import {
  articleListQuerySchema,
  articleListSchema,
  articleParamsSchema,
  articlePatchSchema,
  articleSchema,
  newArticleSchema,
  searchQuerySchema,
  searchResultSchema,
  tenantParamsSchema,
} from './knowledge.schemas.ts';
import type { KnowledgeBase } from './knowledge.service.ts';

export interface KnowledgeHttp {
  readonly knowledge: KnowledgeBase;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<KnowledgeTenant | undefined>;
}

const tags = ['Knowledge base'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/knowledge';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });

const toDto = (article: KnowledgeArticle) =>
  allow(articleSchema, {
    id: article.id,
    locale: article.locale,
    key: article.key,
    title: article.title,
    body: article.body,
    questions: [...article.questions],
    tags: [...article.tags],
    intent: article.intent,
    status: article.status,
    revision: article.revision,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    createdBy: article.createdBy,
    updatedBy: article.updatedBy,
  });

const one = (description: string) => ({ description, content: json(articleSchema) });

const listRoute = createRoute({
  method: 'get',
  path: `${BASE}/articles`,
  tags,
  security,
  summary: 'List articles, oldest first, filtered by locale, status or tag',
  request: { params: tenantParamsSchema, query: articleListQuerySchema },
  responses: {
    200: { description: 'A page of articles', content: json(articleListSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const createArticleRoute = createRoute({
  method: 'post',
  path: `${BASE}/articles`,
  tags,
  security,
  summary: 'Write an article (tenant admin); a draft unless published',
  request: { params: tenantParamsSchema, body: body(newArticleSchema) },
  responses: { 201: one('Created'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
});

const getRoute = createRoute({
  method: 'get',
  path: `${BASE}/articles/{articleId}`,
  tags,
  security,
  summary: 'Get an article',
  request: { params: articleParamsSchema },
  responses: { 200: one('The article'), ...problemResponses(400, 401, 403, 404, 429) },
});

const updateRoute = createRoute({
  method: 'patch',
  path: `${BASE}/articles/{articleId}`,
  tags,
  security,
  summary: 'Change an article (tenant admin), naming the revision edited',
  request: { params: articleParamsSchema, body: body(articlePatchSchema) },
  responses: {
    200: one('The article after the change'),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${BASE}/articles/{articleId}`,
  tags,
  security,
  summary: 'Delete an article (tenant admin); a seeded one comes back at the next seeding',
  request: { params: articleParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404, 429) },
});

const statusRoute = (action: 'publish' | 'unpublish', summary: string) =>
  createRoute({
    method: 'post',
    path: `${BASE}/articles/{articleId}/${action}`,
    tags,
    security,
    summary,
    request: { params: articleParamsSchema },
    responses: {
      200: one('The article after the change'),
      ...problemResponses(400, 401, 403, 404, 409, 429),
    },
  });

const searchRoute = createRoute({
  method: 'get',
  path: `${BASE}/search`,
  tags,
  security,
  summary: 'Try a question: the published articles it finds, with confidence, and the answer',
  request: { params: tenantParamsSchema, query: searchQuerySchema },
  responses: {
    200: { description: 'Best first', content: json(searchResultSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerKnowledgeRoutes(app: OpenAPIHono<HttpEnv>, http: KnowledgeHttp): void {
  const { knowledge } = http;
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(listRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const page = await knowledge.list(c.env.context.actor, tenant, c.req.valid('query'));
    return c.json(
      allow(articleListSchema, { items: page.items.map(toDto), nextCursor: page.nextCursor }),
      200,
    );
  });

  app.openapi(createArticleRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const article = await knowledge.create(c.env.context.actor, tenant, c.req.valid('json'));
    return c.json(toDto(article), 201);
  });

  app.openapi(getRoute, async (c) => {
    const { slug, articleId } = c.req.valid('param');
    return c.json(toDto(await knowledge.get(c.env.context.actor, await tenantOf(slug), articleId)), 200);
  });

  app.openapi(updateRoute, async (c) => {
    const { slug, articleId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const article = await knowledge.update(c.env.context.actor, tenant, articleId, c.req.valid('json'));
    return c.json(toDto(article), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { slug, articleId } = c.req.valid('param');
    await knowledge.delete(c.env.context.actor, await tenantOf(slug), articleId);
    return c.body(null, 204);
  });

  for (const action of ['publish', 'unpublish'] as const) {
    const summary = action === 'publish' ? 'Publish: the assistant may answer with it' : 'Back to draft';
    app.openapi(statusRoute(action, summary), async (c) => {
      const { slug, articleId } = c.req.valid('param');
      const article = await knowledge[action](c.env.context.actor, await tenantOf(slug), articleId);
      return c.json(toDto(article), 200);
    });
  }

  app.openapi(searchRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const { q, locale, intent, limit } = c.req.valid('query');
    const trial = await knowledge.trySearch(c.env.context.actor, tenant, {
      text: q,
      limit,
      ...(locale ? { locale } : {}),
      ...(intent ? { intent } : {}),
    });
    const result = {
      hits: trial.hits.map((hit) => ({ ...hit })),
      answer: trial.answer?.articleId ?? null,
      threshold: trial.threshold,
    };
    return c.json(allow(searchResultSchema, result), 200);
  });
}

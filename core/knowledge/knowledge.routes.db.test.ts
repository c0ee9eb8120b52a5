import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { allMigrations, createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { checkReadiness } from '../db/readiness.ts';
import { createApp } from '../http/app.ts';
import { operatorTokenResolver } from '../http/middleware/authenticate.ts';
import {
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  JSON_HEADERS,
  signIn,
} from '../identity/identity.fixture.ts';
import { createKnowledgeBase } from './knowledge.service.ts';

let db: TestDb;
let app: ReturnType<typeof createApp>;
let adminToken: string;
let agentToken: string;
let contactToken: string;
const SLUG = 'kb-http-clinic';
const BASE = `/api/v1/tenants/${SLUG}/knowledge`;

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The application as bin/runtime.ts builds it, with the knowledge base passed in addition. */
beforeAll(async () => {
  db = await createTestDb();
  const t = createTestApp(db);
  const tenantId = await createTenant(t, SLUG);
  const { runtime, config } = t;
  const knowledge = createKnowledgeBase({
    db: runtime.database.rowSecured(currentDataScope),
    audit: runtime.audit,
  });
  const contact = { kind: 'contact', id: 'contact-1', role: 'contact', tenantId } as Actor;
  app = createApp({
    logger: runtime.logger,
    version: 'test',
    publicUrl: config.publicUrl,
    corsOrigins: [],
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimitPerMinute: 0,
    trustProxy: false,
    credentials: [
      operatorTokenResolver(config.secrets.operatorToken),
      runtime.identity.resolver,
      (token) => (token === 'synthetic-contact-token' ? contact : undefined),
    ],
    readiness: () => checkReadiness(runtime.database.db, allMigrations),
    tenants: runtime.tenants,
    auditVerifierKey: runtime.audit.keys.verifierKey,
    auditReads: runtime.auditReads,
    identity: runtime.identity.http,
    knowledge: { knowledge, tenantOf: runtime.breakGlassHttp.tenantOf },
  });
  const admin = await createStaff(t, SLUG, 'kb.admin', ['tenant_admin']);
  adminToken = (await signIn(t, SLUG, 'kb.admin', admin.key)).accessToken;
  await createStaff(t, SLUG, 'kb.agent', ['agent']);
  agentToken = (await signIn(t, SLUG, 'kb.agent')).accessToken;
  contactToken = 'synthetic-contact-token';
});
afterAll(async () => {
  await db?.destroy();
});

const article = {
  locale: 'zh-CN',
  title: '门诊时间',
  body: '示例诊所周一至周五 8:00–17:00 开放。',
  questions: ['你们几点开门', '周末开门吗'],
  tags: ['门诊'],
  intent: 'opening_hours',
};

describe(`knowledge base over HTTP on ${testDialect()}`, () => {
  it('publishes its routes and schemas in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(
      Object.keys(doc.paths)
        .filter((path) => path.includes('/knowledge/'))
        .sort(),
    ).toEqual([
      '/api/v1/tenants/{slug}/knowledge/articles',
      '/api/v1/tenants/{slug}/knowledge/articles/{articleId}',
      '/api/v1/tenants/{slug}/knowledge/articles/{articleId}/publish',
      '/api/v1/tenants/{slug}/knowledge/articles/{articleId}/unpublish',
      '/api/v1/tenants/{slug}/knowledge/search',
    ]);
  });

  it('writes, publishes, finds, edits and deletes an article', async () => {
    const created = await send('POST', `${BASE}/articles`, adminToken, article);
    expect(created.status).toBe(201);
    const dto = (await created.json()) as { id: string; status: string; revision: number };
    expect(dto).toMatchObject({ ...article, status: 'draft', revision: 1, key: null });

    const search = async (q: string) => {
      const response = await send(
        'GET',
        `${BASE}/search?q=${encodeURIComponent(q)}&locale=zh-CN`,
        agentToken,
      );
      expect(response.status).toBe(200);
      return (await response.json()) as {
        hits: { articleId: string; confidence: number }[];
        answer: string | null;
      };
    };
    expect(await search('你们几点开门')).toMatchObject({ hits: [], answer: null });
    expect((await send('POST', `${BASE}/articles/${dto.id}/publish`, adminToken)).status).toBe(200);
    const found = await search('请问几点开门？');
    expect(found.answer).toBe(dto.id);
    expect(found.hits[0]!.confidence).toBeGreaterThan(0.35);

    const patched = await send('PATCH', `${BASE}/articles/${dto.id}`, adminToken, {
      revision: 2,
      title: '开放时间',
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ title: '开放时间', revision: 3, status: 'published' });
    const stale = await send('PATCH', `${BASE}/articles/${dto.id}`, adminToken, {
      revision: 2,
      title: '时间',
    });
    expect((await expectProblem(stale, 409)).code).toBe('conflict');

    const got = await send('GET', `${BASE}/articles/${dto.id}`, agentToken);
    expect(got.status).toBe(200);
    const list = await send(
      'GET',
      `${BASE}/articles?status=published&tag=${encodeURIComponent('门诊')}`,
      agentToken,
    );
    expect(((await list.json()) as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([dto.id]);

    expect((await send('DELETE', `${BASE}/articles/${dto.id}`, adminToken)).status).toBe(204);
    await expectProblem(await send('GET', `${BASE}/articles/${dto.id}`, adminToken), 404);
  });

  it('lets agents read and search but not write; contacts and strangers get nothing', async () => {
    const id = (
      (await (await send('POST', `${BASE}/articles`, adminToken, article)).json()) as { id: string }
    ).id;
    await expectProblem(await send('POST', `${BASE}/articles`, agentToken, article), 403);
    await expectProblem(
      await send('PATCH', `${BASE}/articles/${id}`, agentToken, { revision: 1, title: 'x' }),
      403,
    );
    await expectProblem(await send('POST', `${BASE}/articles/${id}/publish`, agentToken), 403);
    await expectProblem(await send('DELETE', `${BASE}/articles/${id}`, agentToken), 403);
    for (const path of [`${BASE}/articles`, `${BASE}/articles/${id}`, `${BASE}/search?q=hours`]) {
      await expectProblem(await send('GET', path, contactToken), 403);
      // Without credentials: authentication is required (401), as everywhere in the API.
      await expectProblem(await send('GET', path, undefined), 401);
      const bad = await expectProblem(await send('GET', path, 'not-a-token'), 401);
      expect(bad.code).toBe('unauthenticated');
    }
    await expectProblem(await send('POST', `${BASE}/articles`, contactToken, article), 403);
  });

  it('answers bad input with problem+json naming the field', async () => {
    const missing = await expectProblem(
      await send('POST', `${BASE}/articles`, adminToken, { locale: 'zh-CN' }),
      400,
    );
    expect((missing.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.title', 'body.body']);
    const locale = await expectProblem(
      await send('POST', `${BASE}/articles`, adminToken, { ...article, locale: 'fr' }),
      400,
    );
    expect((locale.errors as { path: string }[])[0]!.path).toBe('body.locale');
    const unknown = await send('POST', `${BASE}/articles`, adminToken, { ...article, author: 'someone' });
    await expectProblem(unknown, 400);
    const empty = await send('PATCH', `${BASE}/articles/00000000-0000-4000-8000-000000000000`, adminToken, {
      revision: 1,
    });
    await expectProblem(empty, 400);
    const noWords = await expectProblem(
      await send('POST', `${BASE}/articles`, adminToken, { locale: 'en', title: '???', body: '!!!' }),
      422,
    );
    expect((noWords.errors as { path: string }[])[0]!.path).toBe('title');
    await expectProblem(await send('GET', `${BASE}/search?q=`, adminToken), 400);
    await expectProblem(await send('GET', `${BASE}/articles/not-a-uuid`, adminToken), 400);
    const missingId = '00000000-0000-4000-8000-000000000000';
    await expectProblem(await send('GET', `${BASE}/articles/${missingId}`, adminToken), 404);
    await expectProblem(await send('POST', `${BASE}/articles/${missingId}/publish`, adminToken), 404);
    await expectProblem(
      await send('PATCH', `${BASE}/articles/${missingId}`, adminToken, { revision: 1, title: 'x' }),
      404,
    );
    // Another tenant's URL: 404, as for a tenant that does not exist.
    await expectProblem(
      await send('GET', '/api/v1/tenants/no-such-clinic/knowledge/articles', adminToken),
      404,
    );
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { createLogger } from '../logging/logger.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.destroy();
});

const json = { 'content-type': 'application/json' };
const read = async (response: Response): Promise<any> => response.json();
const hospital = { slug: 'general-hospital', name: '示例医院', vertical: 'medical' };

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  const body = await read(response);
  expect(body).toMatchObject({ status, code, type: `urn:custos:problem:${code.replaceAll('_', '-')}` });
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body;
}

describe('problem+json for every kind of bad request', () => {
  it('400 invalid-json for a body that does not parse', async () => {
    const { app, operator } = createTestApp(db);
    const response = await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, ...json },
      body: '{"slug":',
    });
    await expectProblem(response, 400, 'invalid_json');
  });

  it('415 for a body that is not JSON', async () => {
    const { app, operator } = createTestApp(db);
    const response = await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, 'content-type': 'text/plain' },
      body: 'slug=x',
    });
    const body = await expectProblem(response, 415, 'unsupported_media_type');
    expect(body.detail).toContain('text/plain');
  });

  it('413 for a body over the limit, declared or streamed', async () => {
    const { app, operator } = createTestApp(db, { env: { CUSTOS_BODY_LIMIT: '2048' } });
    const big = JSON.stringify({ ...hospital, name: 'x'.repeat(4096) });
    const declared = await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, ...json, 'content-length': String(big.length) },
      body: big,
    });
    await expectProblem(declared, 413, 'payload_too_large');
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++)
          controller.enqueue(new TextEncoder().encode(big.slice(i * 600, (i + 1) * 600)));
        controller.close();
      },
    });
    const streamed = await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, ...json, 'transfer-encoding': 'chunked' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(streamed, 413, 'payload_too_large');
  });

  it('404 for an unknown route', async () => {
    const { app } = createTestApp(db);
    await expectProblem(await app.request('/api/v1/nothing-here'), 404, 'not_found');
  });

  it('405 with Allow for a known path and a wrong method', async () => {
    const { app, operator } = createTestApp(db);
    const response = await app.request('/api/v1/tenants', { method: 'DELETE', headers: operator });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    const item = await app.request('/api/v1/tenants/some-slug', {
      method: 'PUT',
      headers: { ...operator, ...json },
      body: '{}',
    });
    await expectProblem(item, 405, 'method_not_allowed');
  });

  it('400 with field paths for a body that fails its schema', async () => {
    const { app, operator } = createTestApp(db);
    const response = await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, ...json },
      body: JSON.stringify({
        slug: 'Not A Slug',
        name: '',
        vertical: 'medical',
        timeZone: 'Mars/Olympus',
        extra: 1,
      }),
    });
    const body = await expectProblem(response, 400, 'validation_failed');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.slug', 'body.name', 'body.timeZone']));
    expect(body.errors.some((e: { message: string }) => /extra/.test(e.message))).toBe(true);
  });

  it('400 with field paths for an invalid query', async () => {
    const { app, operator } = createTestApp(db);
    const body = await expectProblem(
      await app.request('/api/v1/tenants?limit=0', { headers: operator }),
      400,
      'validation_failed',
    );
    expect(body.errors[0].path).toBe('query.limit');
  });

  it('401 without a credential, with a malformed one, and with a wrong one', async () => {
    const { app } = createTestApp(db);
    const none = await app.request('/api/v1/tenants');
    await expectProblem(none, 401, 'unauthenticated');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(
      await app.request('/api/v1/tenants', { headers: { authorization: 'Basic abc' } }),
      401,
      'unauthenticated',
    );
    await expectProblem(
      await app.request('/api/v1/tenants', { headers: { authorization: 'Bearer wrong' } }),
      401,
      'unauthenticated',
    );
  });

  it('403 for an authenticated actor without the role', async () => {
    const { app } = createTestApp(db, {
      credentials: [
        (token) => (token === 'agent-token' ? { kind: 'staff', id: 'agent-1', role: 'agent' } : undefined),
      ],
    });
    const response = await app.request('/api/v1/tenants', {
      headers: { authorization: 'Bearer agent-token' },
    });
    await expectProblem(response, 403, 'forbidden');
  });

  it('409 for a duplicate slug and 422 for an unknown vertical', async () => {
    const { app, operator } = createTestApp(db);
    const post = (body: unknown) =>
      app.request('/api/v1/tenants', {
        method: 'POST',
        headers: { ...operator, ...json },
        body: JSON.stringify(body),
      });
    expect((await post({ ...hospital, slug: 'dup-check' })).status).toBe(201);
    await expectProblem(await post({ ...hospital, slug: 'dup-check' }), 409, 'conflict');
    await expectProblem(
      await post({ ...hospital, slug: 'law-firm', vertical: 'legal' }),
      422,
      'unprocessable',
    );
  });

  it('429 with Retry-After when a client exceeds the rate limit', async () => {
    const { app } = createTestApp(db, { env: { CUSTOS_RATE_LIMIT: '3' } });
    for (let i = 0; i < 3; i++) expect((await app.request('/api/v1/tenants')).status).toBe(401);
    const limited = await app.request('/api/v1/tenants');
    await expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('500 without stack or internals, and the error is logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) });
    const { app } = createTestApp(db, { logger: createLogger('info', sink) });
    app.get('/api/v1/explode', () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await app.request('/api/v1/explode');
    const body = await expectProblem(response, 500, 'internal');
    const text = JSON.stringify(body);
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/at .*\.ts/);
    expect(lines.join('')).toContain('unhandled error');
  });
});

describe('the middleware stack', () => {
  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const { app } = createTestApp(db);
    const kept = await app.request('/healthz', { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc');
    const replaced = await app.request('/healthz', { headers: { 'x-request-id': 'bad id\n' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers, with a richer policy on HTML pages', async () => {
    const { app } = createTestApp(db);
    const response = await app.request('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const page = await app.request('/docs');
    expect(page.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const https = createTestApp(db, { env: { CUSTOS_PUBLIC_URL: 'https://custos.example.org' } });
    expect((await https.app.request('/healthz')).headers.get('strict-transport-security')).toMatch(
      /^max-age=/,
    );
  });

  it('answers CORS preflights only for configured origins', async () => {
    const { app } = createTestApp(db, { env: { CUSTOS_CORS_ORIGINS: 'https://portal.example.org' } });
    const preflight = (origin: string) =>
      app.request('/api/v1/tenants', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await preflight('https://portal.example.org')).headers.get('access-control-allow-origin')).toBe(
      'https://portal.example.org',
    );
    expect(
      (await preflight('https://evil.example.com')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('logs the route pattern, never query strings, bodies or credentials', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) });
    const { app, operator, config } = createTestApp(db, { logger: createLogger('info', sink) });
    await app.request('/api/v1/tenants/private-slug-123?phone=13800138000', { headers: operator });
    await app.request('/api/v1/tenants', {
      method: 'POST',
      headers: { ...operator, ...json },
      body: JSON.stringify({ ...hospital, slug: 'log-check', name: '张三的医院' }),
    });
    const log = lines.join('');
    expect(log).toContain('"route":"/api/v1/tenants/:slug"');
    for (const secret of ['13800138000', 'private-slug-123', '张三', config.secrets.operatorToken]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('operations endpoints', () => {
  it('/healthz and /readyz answer 200 on a migrated database', async () => {
    const { app } = createTestApp(db);
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
  });

  it('/readyz answers 503 while migrations are pending', async () => {
    const empty = await createTestDb({ migrate: false });
    try {
      const { app } = createTestApp(empty);
      const response = await app.request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'not-ready', migrations: 'pending' });
    } finally {
      await empty.destroy();
    }
  });

  it('/openapi.json describes the routes from the same schemas that validate them', async () => {
    const { app } = createTestApp(db);
    const doc = await read(await app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/tenants', '/api/v1/tenants/{slug}']),
    );
    expect(doc.components.schemas.NewTenant.properties.slug.pattern).toBeDefined();
    expect(doc.paths['/api/v1/tenants'].post.responses['415'].content).toHaveProperty(PROBLEM_CONTENT_TYPE);
  });

  it('/ links to the reference and the probes', async () => {
    const { app } = createTestApp(db);
    const html = await (await app.request('/')).text();
    for (const link of ['/docs', '/openapi.json', '/healthz', '/readyz'])
      expect(html).toContain(`href="${link}"`);
  });

  it('/docs renders a readable reference without scripts', async () => {
    const { app } = createTestApp(db);
    const html = await (await app.request('/docs')).text();
    expect(html).toContain('/api/v1/tenants/{slug}');
    expect(html).not.toContain('<script');
  });
});

describe('tenants API', () => {
  it('creates, fetches and pages through tenants', async () => {
    const { app, operator } = createTestApp(db);
    for (const slug of ['page-a', 'page-b', 'page-c']) {
      const created = await app.request('/api/v1/tenants', {
        method: 'POST',
        headers: { ...operator, ...json },
        body: JSON.stringify({ ...hospital, slug, displayNames: { en: `Hospital ${slug}` } }),
      });
      expect(created.status).toBe(201);
    }
    const one = await read(await app.request('/api/v1/tenants/page-b', { headers: operator }));
    expect(one).toMatchObject({
      slug: 'page-b',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      displayNames: { en: 'Hospital page-b' },
    });
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 20; guard++) {
      const page = await read(await app.request(`/api/v1/tenants?limit=2${cursor}`, { headers: operator }));
      seen.push(...page.items.map((t: { slug: string }) => t.slug));
      if (!page.nextCursor) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(seen).size).toBe(seen.length);
    await expectProblem(
      await app.request('/api/v1/tenants/no-such-tenant', { headers: operator }),
      404,
      'not_found',
    );
  });
});

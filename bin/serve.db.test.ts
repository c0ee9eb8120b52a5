import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, spawnCli } from '../testing/cli.ts';
import { testDialect } from '../testing/test-db.ts';

const token = 's'.repeat(40);

async function waitForLine(
  child: ReturnType<typeof spawnCli>,
  predicate: (line: Record<string, unknown>) => boolean,
) {
  let buffer = '';
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (predicate(parsed)) resolve(parsed);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before the expected log line`)));
  });
}

describe(`custos serve on ${testDialect()}: graceful shutdown`, () => {
  const env: Record<string, string> = {
    CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-serve-')),
    CUSTOS_PORT: '0',
    CUSTOS_ROOT_KEY: Buffer.alloc(32, 3).toString('base64'),
    CUSTOS_OPERATOR_TOKEN: token,
  };
  let dropDatabase = async () => {};
  beforeAll(async () => {
    dropDatabase = await provideCliDatabase(env);
  });
  afterAll(() => dropDatabase());

  it('finishes a slow in-flight request after SIGTERM, refuses new connections, and exits 0', async () => {
    const child = spawnCli(['serve'], env);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const { url } = (await waitForLine(child, (line) => line.msg === 'listening')) as { url: string };

    // Over a real socket the headers take the adapter's fast path; they must all still be there.
    const probeLogged = waitForLine(child, (line) => line.msg === 'request' && line.requestId === 'probe-1');
    const probe = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(probe.status).toBe(200);
    expect(probe.headers.get('x-request-id')).toBe('probe-1');
    expect(probe.headers.get('x-content-type-options')).toBe('nosniff');
    expect(probe.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const problem = await fetch(`${url}/api/v1/tenants`);
    expect(problem.status).toBe(401);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
    expect(problem.headers.get('x-frame-options')).toBe('DENY');
    expect(problem.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // The access line names the route pattern, never the path's values or the query string.
    expect(await probeLogged).toMatchObject({ method: 'GET', route: '/healthz', status: 200 });
    const lookupLogged = waitForLine(child, (line) => line.msg === 'request' && line.requestId === 'probe-2');
    const lookup = await fetch(`${url}/api/v1/tenants/some-hospital?q=secret`, {
      headers: { 'x-request-id': 'probe-2', authorization: `Bearer ${token}` },
    });
    expect(lookup.status).toBe(404);
    const lookupLine = await lookupLogged;
    expect(lookupLine).toMatchObject({
      route: '/api/v1/tenants/:slug',
      status: 404,
      actor: 'service:platform-operator',
    });
    expect(JSON.stringify(lookupLine)).not.toMatch(/some-hospital|secret/);
    // A page's own, richer policy wins over the API default.
    const home = await fetch(`${url}/`);
    expect(home.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    expect(home.headers.get('cross-origin-opener-policy')).toBe('same-origin');

    // A request whose body arrives slowly: half now, the rest after the signal.
    const body = JSON.stringify({ slug: 'slow-upload', name: 'Slow Upload Hospital', vertical: 'medical' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/api/v1/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => child.kill('SIGTERM'), 300);
      setTimeout(() => req.end(body.slice(20)), 1300);
    });

    await sleep(800);
    const refused = await fetch(`${url}/healthz`).then(
      () => 'accepted',
      () => 'refused',
    );
    expect(refused).toBe('refused');

    const answered = await response;
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body)).toMatchObject({ slug: 'slow-upload' });
    expect(await exited).toBe(0);
  });
});

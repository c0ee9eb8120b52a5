import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ReadinessReport } from '../db/readiness.ts';
import type { HttpEnv } from './http-env.ts';

const tags = ['Operations'];

const healthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not-ready']),
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['current', 'pending', 'ahead', 'unknown']),
  })
  .openapi('Readiness');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags,
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: healthSchema } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags,
  summary: 'Readiness: the database answers and its migrations are current',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: readinessSchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: readinessSchema } } },
  },
});

export function registerHealthRoutes(app: OpenAPIHono<HttpEnv>, readiness: () => Promise<ReadinessReport>) {
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyz, async (c) => {
    const report = await readiness();
    const body = { status: report.ready ? ('ready' as const) : ('not-ready' as const), ...report };
    const { ready: _ready, ...shown } = body;
    return report.ready
      ? c.json(shown, 200, { 'cache-control': 'no-store' })
      : c.json(shown, 503, { 'cache-control': 'no-store', 'retry-after': '5' });
  });
}

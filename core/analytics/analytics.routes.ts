import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { dailyQuerySchema, dailyReportSchema, tenantParamsSchema } from './analytics.schemas.ts';
import type { Analytics, AnalyticsTenant } from './analytics.service.ts';

export interface AnalyticsHttp {
  readonly analytics: Analytics;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<AnalyticsTenant | undefined>;
}

const tags = ['Analytics'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/analytics';

const dailyRoute = createRoute({
  method: 'get',
  path: `${BASE}/daily`,
  tags,
  security,
  summary: 'Daily service metrics in the tenant’s time zone (supervisors: their queues; tenant admins)',
  request: { params: tenantParamsSchema, query: dailyQuerySchema },
  responses: {
    200: {
      description: 'One entry per day, zeros included',
      content: { 'application/json': { schema: dailyReportSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const dailyCsvRoute = createRoute({
  method: 'get',
  path: `${BASE}/daily.csv`,
  tags,
  security,
  summary: 'The same metrics as RFC 4180 CSV (UTF-8, no byte-order mark); the export is audited',
  request: { params: tenantParamsSchema, query: dailyQuerySchema },
  responses: {
    200: {
      description: 'A header row, then one row per day',
      content: { 'text/csv': { schema: z.string() } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerAnalyticsRoutes(app: OpenAPIHono<HttpEnv>, http: AnalyticsHttp): void {
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(dailyRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const report = await http.analytics.daily(c.env.context.actor, tenant, c.req.valid('query'));
    const days = report.days.map((day) => ({ ...day, topIntents: day.topIntents && [...day.topIntents] }));
    return c.json(allow(dailyReportSchema, { ...report, days }), 200);
  });

  app.openapi(dailyCsvRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const query = c.req.valid('query');
    const csv = await http.analytics.dailyCsv(c.env.context.actor, tenant, query);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="analytics-daily-${query.from}-${query.to}.csv"`,
      'cache-control': 'no-store',
    }) as never;
  });
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { BreakGlassService, BreakGlassTenant, BreakGlassWindow } from './break-glass.service.ts';

export interface BreakGlassHttp {
  readonly breakGlass: BreakGlassService;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<BreakGlassTenant | undefined>;
}

const tags = ['Break-glass'];
const security = [{ accessToken: [] }];
const params = z.object({ slug: slugSchema });
const windowParams = params.extend({ id: z.uuid() });

const openSchema = z
  .strictObject({
    subjectId: z.uuid().openapi({ description: 'The contact (patient, student) to reach' }),
    reason: z.string().trim().min(10).max(2000).openapi({ description: 'Why; sealed under the subject key' }),
    minutes: z.int().min(1).max(240).optional().openapi({ description: 'Window length, default 60' }),
  })
  .openapi('BreakGlassRequest');

const windowSchema = z
  .object({
    id: z.uuid(),
    requesterId: z.string(),
    requesterRole: z.string(),
    subjectId: z.uuid(),
    purpose: z.enum(['ETREAT', 'EDUSAFETY']),
    openedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
    closeReason: z.enum(['stopped', 'expired']).nullable(),
    reviewedAt: z.iso.datetime().nullable(),
    reviewerId: z.string().nullable(),
    reviewOutcome: z.enum(['justified', 'unjustified']).nullable(),
  })
  .openapi('BreakGlassWindow', { description: 'An emergency access window (the reason is never returned)' });

const reviewSchema = z
  .strictObject({ outcome: z.enum(['justified', 'unjustified']) })
  .openapi('BreakGlassReview');

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const toDto = (window: BreakGlassWindow) =>
  allow(windowSchema, {
    id: window.id,
    requesterId: window.requesterId,
    requesterRole: window.requesterRole,
    subjectId: window.subjectId,
    purpose: window.purpose,
    openedAt: window.openedAt.toISOString(),
    expiresAt: window.expiresAt.toISOString(),
    closedAt: iso(window.closedAt),
    closeReason: window.closeReason,
    reviewedAt: iso(window.reviewedAt),
    reviewerId: window.reviewerId,
    reviewOutcome: window.reviewOutcome,
  });

const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const openRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/break-glass',
  tags,
  security,
  summary: 'Open emergency access to one person (clinician, with a reason)',
  request: { params, body: { required: true, content: json(openSchema) } },
  responses: {
    201: { description: 'Opened', content: json(windowSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const stopRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/break-glass/{id}/stop',
  tags,
  security,
  summary: 'End one of your own windows early',
  request: { params: windowParams },
  responses: {
    200: { description: 'Closed', content: json(windowSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const queueRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/break-glass/review-queue',
  tags,
  security,
  summary: 'Closed windows awaiting review (auditor)',
  request: { params, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: { description: 'Oldest first', content: json(z.object({ items: z.array(windowSchema) })) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/break-glass/{id}/review',
  tags,
  security,
  summary: "Review a closed window (auditor; never one's own)",
  request: { params: windowParams, body: { required: true, content: json(reviewSchema) } },
  responses: {
    200: { description: 'Reviewed', content: json(windowSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

export function registerBreakGlassRoutes(app: OpenAPIHono<HttpEnv>, http: BreakGlassHttp): void {
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(openRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const window = await http.breakGlass.open(c.env.context.actor, tenant, c.req.valid('json'));
    return c.json(toDto(window), 201);
  });

  app.openapi(stopRoute, async (c) => {
    const { slug, id } = c.req.valid('param');
    const window = await http.breakGlass.stop(c.env.context.actor, await tenantOf(slug), id);
    return c.json(toDto(window), 200);
  });

  app.openapi(queueRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const items = await http.breakGlass.reviewQueue(c.env.context.actor, tenant, c.req.valid('query').limit);
    return c.json({ items: items.map(toDto) }, 200);
  });

  app.openapi(reviewRoute, async (c) => {
    const { slug, id } = c.req.valid('param');
    const window = await http.breakGlass.review(
      c.env.context.actor,
      await tenantOf(slug),
      id,
      c.req.valid('json').outcome,
    );
    return c.json(toDto(window), 200);
  });
}

import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { registerCallbackRequestRoutes } from './callback-request.routes.ts';
import type { CallbackRequests } from './callback-request.service.ts';
import { registerQueuePositionRoutes } from './queue-position.routes.ts';
import type { QueuePositions } from './queue-position.service.ts';
import {
  assignInputSchema,
  assignmentSchema,
  conversationParamsSchema,
  overviewQuerySchema,
  overviewSchema,
  presenceInputSchema,
  presenceSchema,
  queueParamsSchema,
  queueSettingsInputSchema,
  queueSettingsSchema,
  tenantParamsSchema,
} from './routing.schemas.ts';
import type { MyPresence, RoutingService, RoutingTenant } from './routing.service.ts';

export interface RoutingHttp {
  readonly routing: RoutingService;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<RoutingTenant | undefined>;
  /** What a waiting contact (and staff) see of their place in line. */
  readonly queuePositions?: QueuePositions;
  /** Callback requests of waiting contacts. */
  readonly callbackRequests?: CallbackRequests;
}

const tags = ['Routing'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/routing';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });

const presenceDto = (p: MyPresence) =>
  allow(presenceSchema, {
    userId: p.userId,
    status: p.status,
    capacity: p.capacity,
    active: p.active,
    skills: [...p.skills],
    lastSeenAt: p.lastSeenAt ? p.lastSeenAt.toISOString() : null,
  });

const getPresenceRoute = createRoute({
  method: 'get',
  path: `${BASE}/presence`,
  tags,
  security,
  summary: 'My presence: status, capacity, skills and how many conversations I hold',
  request: { params: tenantParamsSchema },
  responses: {
    200: { description: 'My presence', content: json(presenceSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putPresenceRoute = createRoute({
  method: 'put',
  path: `${BASE}/presence`,
  tags,
  security,
  summary: 'Set my presence; going offline gives my conversations back to their queues',
  request: { params: tenantParamsSchema, body: body(presenceInputSchema) },
  responses: {
    200: { description: 'My presence after the change', content: json(presenceSchema) },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const overviewRoute = createRoute({
  method: 'get',
  path: `${BASE}/queues`,
  tags,
  security,
  summary: 'The queues I supervise: waiting, oldest wait, emergencies, SLA, agents and their load',
  request: { params: tenantParamsSchema, query: overviewQuerySchema },
  responses: {
    200: { description: 'One entry per queue', content: json(overviewSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putQueueRoute = createRoute({
  method: 'put',
  path: `${BASE}/queues/{queueId}`,
  tags,
  security,
  summary: 'Create or replace a queue’s routing settings (tenant admin)',
  request: { params: queueParamsSchema, body: body(queueSettingsInputSchema) },
  responses: {
    200: { description: 'The settings saved', content: json(queueSettingsSchema) },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const assignRoute = createRoute({
  method: 'post',
  path: `${BASE}/conversations/{conversationId}/assign`,
  tags,
  security,
  summary: 'Give a conversation to a named agent of its queue (supervisor)',
  request: { params: conversationParamsSchema, body: body(assignInputSchema) },
  responses: {
    200: { description: 'Who holds it now', content: json(assignmentSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

export function registerRoutingRoutes(app: OpenAPIHono<HttpEnv>, http: RoutingHttp): void {
  const { routing } = http;
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };
  if (http.queuePositions) registerQueuePositionRoutes(app, http.queuePositions, tenantOf);
  if (http.callbackRequests) registerCallbackRequestRoutes(app, http.callbackRequests, tenantOf);

  app.openapi(getPresenceRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(presenceDto(await routing.myPresence(c.env.context.actor, tenant)), 200);
  });

  app.openapi(putPresenceRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const { status, capacity, skills } = c.req.valid('json');
    const presence = await routing.setMyPresence(c.env.context.actor, tenant, {
      status,
      ...(capacity !== undefined ? { capacity } : {}),
      ...(skills !== undefined ? { skills } : {}),
    });
    return c.json(presenceDto(presence), 200);
  });

  app.openapi(overviewRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const { queueId } = c.req.valid('query');
    const queues = await routing.overview(c.env.context.actor, tenant, queueId);
    const dto = queues.map((q) => ({
      ...q,
      oldestQueuedAt: q.oldestQueuedAt ? q.oldestQueuedAt.toISOString() : null,
      agents: q.agents.map((a) => ({ ...a })),
    }));
    return c.json(allow(overviewSchema, { queues: dto }), 200);
  });

  app.openapi(putQueueRoute, async (c) => {
    const { slug, queueId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const input = c.req.valid('json');
    const saved = await routing.saveQueueSettings(c.env.context.actor, tenant, { ...input, queueId });
    return c.json(
      allow(queueSettingsSchema, {
        queueId: saved.queueId,
        names: { ...saved.names },
        mode: saved.mode,
        firstResponseSeconds: saved.firstResponseSeconds,
        resolutionSeconds: saved.resolutionSeconds,
        businessHours: saved.businessHours
          ? {
              timeZone: saved.businessHours.timeZone,
              weekly: saved.businessHours.weekly.map((w) => ({ ...w })),
              holidays: [...saved.businessHours.holidays],
            }
          : null,
        outOfHoursMessage: saved.outOfHoursMessage ? { ...saved.outOfHoursMessage } : null,
      }),
      200,
    );
  });

  app.openapi(assignRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const { userId } = c.req.valid('json');
    const done = await routing.reassign(c.env.context.actor, tenant, conversationId, userId);
    return c.json(allow(assignmentSchema, { ...done }), 200);
  });
}

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { conversationParamsSchema, queuePositionSchema } from './callback-request.schemas.ts';
import type { QueuePositions } from './queue-position.service.ts';
import type { RoutingTenant } from './routing.service.ts';

const security: Record<string, string[]>[] = [{ widgetToken: [] }, { accessToken: [] }];

const queuePositionRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/queue-position',
  tags: ['Conversations'],
  security,
  summary: 'Where a waiting conversation stands: place in line, expected wait, business hours',
  request: { params: conversationParamsSchema },
  responses: {
    200: {
      description: 'The place in line',
      content: { 'application/json': { schema: queuePositionSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerQueuePositionRoutes(
  app: OpenAPIHono<HttpEnv>,
  positions: QueuePositions,
  tenantOf: (slug: string) => Promise<RoutingTenant>,
): void {
  app.openapi(queuePositionRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const place = await positions.of(c.env.context.actor, tenant, conversationId);
    return c.json(
      allow(queuePositionSchema, { ...place, nextOpeningAt: place.nextOpeningAt?.toISOString() ?? null }),
      200,
      { 'cache-control': 'no-store' },
    );
  });
}

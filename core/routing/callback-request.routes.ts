import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import {
  callbackRequestInputSchema,
  callbackRequestListSchema,
  callbackRequestSchema,
  conversationParamsSchema,
  requestParamsSchema,
} from './callback-request.schemas.ts';
import type { CallbackRequest, CallbackRequests } from './callback-request.service.ts';
import type { RoutingTenant } from './routing.service.ts';

const tags = ['Conversations'];
const BASE = '/api/v1/tenants/{slug}/conversations/{conversationId}';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const dto = (r: CallbackRequest) => ({
  id: r.id,
  conversationId: r.conversationId,
  queueId: r.queueId,
  requestedAt: r.requestedAt.toISOString(),
  preferredPart: r.preferredPart,
  preferredAt: r.preferredAt?.toISOString() ?? null,
  note: r.note,
  status: r.status,
  doneAt: r.doneAt?.toISOString() ?? null,
});

const requestRoute = createRoute({
  method: 'post',
  path: `${BASE}/callback-request`,
  tags,
  security: [{ widgetToken: [] }],
  summary: 'Ask to be called back while the conversation waits in a queue (contact)',
  request: {
    params: conversationParamsSchema,
    body: { required: true, content: json(callbackRequestInputSchema) },
  },
  responses: {
    201: { description: 'The request, open', content: json(callbackRequestSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: `${BASE}/callback-requests`,
  tags,
  security: [{ accessToken: [] }],
  summary: 'The callback requests of a conversation, notes opened (staff; audited)',
  request: { params: conversationParamsSchema },
  responses: {
    200: { description: 'Newest first', content: json(callbackRequestListSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const doneRoute = createRoute({
  method: 'post',
  path: `${BASE}/callback-requests/{requestId}/done`,
  tags,
  security: [{ accessToken: [] }],
  summary: 'Mark a callback request done (staff who may take or close the conversation; audited)',
  request: { params: requestParamsSchema },
  responses: {
    200: { description: 'The request, done (without its note)', content: json(callbackRequestSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerCallbackRequestRoutes(
  app: OpenAPIHono<HttpEnv>,
  callbacks: CallbackRequests,
  tenantOf: (slug: string) => Promise<RoutingTenant>,
): void {
  app.openapi(requestRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const { preferredTime, note } = c.req.valid('json');
    const created = await callbacks.request(c.env.context.actor, tenant, conversationId, {
      preferredTime,
      note,
    });
    return c.json(allow(callbackRequestSchema, dto(created)), 201);
  });

  app.openapi(listRoute, async (c) => {
    const { slug, conversationId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const items = await callbacks.list(c.env.context.actor, tenant, conversationId);
    return c.json(allow(callbackRequestListSchema, { items: items.map(dto) }), 200, {
      'cache-control': 'no-store',
    });
  });

  app.openapi(doneRoute, async (c) => {
    const { slug, conversationId, requestId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const done = await callbacks.markDone(c.env.context.actor, tenant, conversationId, requestId);
    return c.json(allow(callbackRequestSchema, dto(done)), 200);
  });
}

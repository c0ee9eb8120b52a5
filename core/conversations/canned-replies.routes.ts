import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { sentSchema } from '../channels/chat.schemas.ts';
import { conversationAccessOf } from '../channels/chat-gateway.ts';
import { toWireMessage } from '../channels/wire-message.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import type { CannedReplyService, CannedReplyTenant } from './canned-replies.service.ts';
import type { CannedReply } from './canned-replies.ts';
import {
  cannedReplyInputSchema,
  cannedReplyListSchema,
  cannedReplySchema,
  replyParamsSchema,
  sendReplyInputSchema,
  sendReplyParamsSchema,
  tenantParamsSchema,
} from './workspace.schemas.ts';

export interface CannedReplyHttp {
  readonly cannedReplies: CannedReplyService;
  /** The tenant behind a slug; throws not_found. */
  readonly tenantOf: (slug: string) => Promise<CannedReplyTenant>;
}

const tags = ['Workspace'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/workspace/canned-replies';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });

const toDto = (reply: CannedReply) =>
  allow(cannedReplySchema, {
    id: reply.id,
    shortcut: reply.shortcut,
    title: reply.title,
    bodies: { ...reply.bodies },
    createdAt: reply.createdAt.toISOString(),
    updatedAt: reply.updatedAt.toISOString(),
  });

const one = (description: string) => ({ description, content: json(cannedReplySchema) });

const listRoute = createRoute({
  method: 'get',
  path: BASE,
  tags,
  security,
  summary: 'The tenant’s canned replies, by shortcut',
  request: { params: tenantParamsSchema },
  responses: {
    200: { description: 'Every reply', content: json(cannedReplyListSchema) },
    ...problemResponses(401, 403, 404, 429),
  },
});

const createReplyRoute = createRoute({
  method: 'post',
  path: BASE,
  tags,
  security,
  summary: 'Write a canned reply (tenant admin, supervisor); unknown variables are refused',
  request: { params: tenantParamsSchema, body: body(cannedReplyInputSchema) },
  responses: { 201: one('Created'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
});

const getRoute = createRoute({
  method: 'get',
  path: `${BASE}/{replyId}`,
  tags,
  security,
  summary: 'A canned reply',
  request: { params: replyParamsSchema },
  responses: { 200: one('The reply'), ...problemResponses(400, 401, 403, 404, 429) },
});

const putRoute = createRoute({
  method: 'put',
  path: `${BASE}/{replyId}`,
  tags,
  security,
  summary: 'Replace a canned reply (tenant admin, supervisor)',
  request: { params: replyParamsSchema, body: body(cannedReplyInputSchema) },
  responses: { 200: one('Saved'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: `${BASE}/{replyId}`,
  tags,
  security,
  summary: 'Delete a canned reply (tenant admin, supervisor)',
  request: { params: replyParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 403, 404, 429) },
});

const sendRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/canned-replies/{replyId}/send',
  tags,
  security,
  summary: 'Send a canned reply, rendered in the conversation’s language',
  request: { params: sendReplyParamsSchema, body: { required: false, content: json(sendReplyInputSchema) } },
  responses: {
    201: { description: 'Sent', content: json(sentSchema) },
    200: { description: 'Already sent under this clientMessageId', content: json(sentSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

export function registerCannedReplyRoutes(app: OpenAPIHono<HttpEnv>, http: CannedReplyHttp): void {
  const { cannedReplies, tenantOf } = http;

  app.openapi(listRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const items = await cannedReplies.list(c.env.context.actor, tenant);
    return c.json({ items: items.map(toDto) }, 200);
  });

  app.openapi(createReplyRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const saved = await cannedReplies.create(c.env.context.actor, tenant, c.req.valid('json'));
    return c.json(toDto(saved), 201);
  });

  app.openapi(getRoute, async (c) => {
    const { slug, replyId } = c.req.valid('param');
    const reply = await cannedReplies.get(c.env.context.actor, await tenantOf(slug), replyId);
    return c.json(toDto(reply), 200);
  });

  app.openapi(putRoute, async (c) => {
    const { slug, replyId } = c.req.valid('param');
    const saved = await cannedReplies.replace(
      c.env.context.actor,
      await tenantOf(slug),
      replyId,
      c.req.valid('json'),
    );
    return c.json(toDto(saved), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { slug, replyId } = c.req.valid('param');
    await cannedReplies.remove(c.env.context.actor, await tenantOf(slug), replyId);
    return c.body(null, 204);
  });

  app.openapi(sendRoute, async (c) => {
    const { slug, conversationId, replyId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const input = c.req.valid('json') ?? {};
    const { message, duplicate } = await cannedReplies.send(
      conversationAccessOf(c.env.context.actor),
      tenant,
      conversationId,
      replyId,
      {
        ...(input.internal ? { internal: true } : {}),
        ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
      },
    );
    return c.json(allow(sentSchema, { message: toWireMessage(message), duplicate }), duplicate ? 200 : 201);
  });
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { conversationDto, conversationSchema, sentSchema } from '../channels/chat.schemas.ts';
import { conversationAccessOf } from '../channels/chat-gateway.ts';
import { toWireMessage } from '../channels/wire-message.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { registerCannedReplyRoutes } from './canned-replies.routes.ts';
import type { CannedReplyTenant } from './canned-replies.service.ts';
import { registerContactCardRoutes } from './contact-card.routes.ts';
import {
  closeInputSchema,
  conversationParamsSchema,
  csatInputSchema,
  csatSchema,
  type inboxItemSchema,
  inboxQuerySchema,
  inboxSchema,
  noteInputSchema,
  tenantParamsSchema,
  transferInputSchema,
} from './workspace.schemas.ts';
import type { InboxItem } from './workspace.ts';
import type { Workspace } from './workspace-runtime.ts';

export interface WorkspaceHttp {
  readonly workspace: Workspace;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<CannedReplyTenant | undefined>;
}

const tags = ['Workspace'];
const security = [{ accessToken: [] }];
const CONVERSATION = '/api/v1/tenants/{slug}/conversations/{conversationId}';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });
/** Times as ISO strings; a field the caller may not see stays absent. */
const inboxDto = (item: InboxItem): z.input<typeof inboxItemSchema> =>
  Object.fromEntries(
    Object.entries(item).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  ) as z.input<typeof inboxItemSchema>;

const inboxRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/workspace/inbox',
  tags,
  security,
  summary: 'My inbox: assigned to me, waiting where I could take it, or closed by me lately',
  request: { params: tenantParamsSchema, query: inboxQuerySchema },
  responses: {
    200: { description: 'Best first; metadata only', content: json(inboxSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const noteRoute = createRoute({
  method: 'post',
  path: `${CONVERSATION}/notes`,
  tags,
  security,
  summary: 'Add an internal note (staff only; never shown to the contact)',
  request: { params: conversationParamsSchema, body: body(noteInputSchema) },
  responses: {
    201: { description: 'Stored', content: json(sentSchema) },
    200: { description: 'Already stored under this clientMessageId', content: json(sentSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const transferRoute = createRoute({
  method: 'post',
  path: `${CONVERSATION}/transfer`,
  tags,
  security,
  summary: 'Transfer to a queue (waiting again, keeping its place) or straight to a colleague',
  request: { params: conversationParamsSchema, body: body(transferInputSchema) },
  responses: {
    200: { description: 'The conversation after the transfer', content: json(conversationSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const closeResultSchema = z
  .object({
    conversation: conversationSchema,
    disposition: closeInputSchema.shape.disposition,
    csatRequested: z.boolean(),
  })
  .openapi('Closed');

const closeRoute = createRoute({
  method: 'post',
  path: `${CONVERSATION}/close`,
  tags,
  security,
  summary: 'Close with a disposition; the contact is asked to rate the conversation',
  request: { params: conversationParamsSchema, body: body(closeInputSchema) },
  responses: {
    200: { description: 'Closed', content: json(closeResultSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const csatRoute = createRoute({
  method: 'post',
  path: `${CONVERSATION}/csat`,
  tags,
  security: [{ widgetToken: [] }],
  summary: 'Rate a closed conversation, once (contact, with the widget credential)',
  request: { params: conversationParamsSchema, body: body(csatInputSchema) },
  responses: {
    201: { description: 'Recorded', content: json(csatSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

/** The agent workspace (docs/conversations.md §6) and the contact's rating. */
export function registerWorkspaceRoutes(app: OpenAPIHono<HttpEnv>, http: WorkspaceHttp): void {
  const { work, csat } = http.workspace;
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(inboxRoute, async (c) => {
    await tenantOf(c.req.valid('param').slug);
    const { view, limit } = c.req.valid('query');
    const items = await work.inbox(conversationAccessOf(c.env.context.actor), view, { limit });
    return c.json(allow(inboxSchema, { view, items: items.map(inboxDto) }), 200);
  });

  app.openapi(noteRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const { message, duplicate } = await work.addNote(
      conversationAccessOf(c.env.context.actor),
      conversationId,
      {
        body: input.body,
        ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
      },
    );
    return c.json(allow(sentSchema, { message: toWireMessage(message), duplicate }), duplicate ? 200 : 201);
  });

  app.openapi(transferRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const target =
      input.toQueueId !== undefined ? { toQueueId: input.toQueueId } : { toUserId: input.toUserId! };
    const conversation = await work.transfer(
      conversationAccessOf(c.env.context.actor),
      conversationId,
      target,
      input.note,
    );
    return c.json(conversationDto(conversation, true), 200);
  });

  app.openapi(closeRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const closed = await work.close(conversationAccessOf(c.env.context.actor), conversationId, {
      disposition: input.disposition,
      ...(input.note === undefined ? {} : { note: input.note }),
    });
    return c.json(
      allow(closeResultSchema, {
        conversation: conversationDto(closed.conversation, true),
        disposition: input.disposition,
        csatRequested: closed.csatRequested,
      }),
      200,
    );
  });

  app.openapi(csatRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const input = c.req.valid('json');
    const answer = await csat.rate(conversationAccessOf(c.env.context.actor), conversationId, input);
    return c.json(allow(csatSchema, { ...answer, createdAt: answer.createdAt.toISOString() }), 201);
  });

  registerCannedReplyRoutes(app, { cannedReplies: http.workspace.cannedReplies, tenantOf });
  registerContactCardRoutes(app, {
    contactCard: http.workspace.contactCard,
    suggestions: http.workspace.suggestions,
    tenantOf,
  });
}

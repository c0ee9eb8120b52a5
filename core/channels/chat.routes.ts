import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ConversationService } from '../conversations/conversation.service.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import {
  conversationDto,
  conversationSchema,
  sendSchema,
  sentSchema,
  visitRequestSchema,
  visitSchema,
  wireMessageSchema,
} from './chat.schemas.ts';
import { type ChatGateway, conversationAccessOf } from './chat-gateway.ts';
import { SOCKET_PATH } from './socket-server.ts';
import type { VisitService, VisitTenant } from './visit.service.ts';
import { isContactActor } from './widget-token.ts';
import { toWireMessage } from './wire-message.ts';

export interface ChatHttp {
  readonly gateway: ChatGateway;
  readonly service: ConversationService;
  readonly visits: VisitService;
  readonly tenantOf: (slug: string) => Promise<VisitTenant | undefined>;
}

const tags = ['Conversations'];
const security: Record<string, string[]>[] = [{ accessToken: [] }, { widgetToken: [] }];
const params = z.object({ slug: slugSchema });
const conversationParams = params.extend({ conversationId: z.uuid() });
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
/** Longest a REST client may wait for the next message (long polling). */
const MAX_WAIT_SECONDS = 25;

const visitRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/chat/visits',
  tags,
  summary: 'Start a chat: a widget credential and a conversation with the assistant',
  request: { params, body: { required: false, content: json(visitRequestSchema) } },
  responses: {
    201: { description: 'Started', content: json(visitSchema) },
    ...problemResponses(400, 404, 413, 415, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/conversations',
  tags,
  security,
  summary: 'Conversations: staff see what their role allows, a contact their own',
  request: {
    params,
    query: z.object({
      status: z.enum(['bot', 'queued', 'assigned', 'closed']).optional(),
      queueId: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: { description: 'Newest first', content: json(z.object({ items: z.array(conversationSchema) })) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const messagesRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/messages',
  tags,
  security,
  summary: 'Messages after a sequence number, waiting up to `wait` seconds for the next one',
  request: {
    params: conversationParams,
    query: z.object({
      after: z.coerce.number().int().min(0).default(0),
      wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0),
    }),
  },
  responses: {
    200: {
      description: 'In sequence order',
      content: json(z.object({ conversation: conversationSchema, items: z.array(wireMessageSchema) })),
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const sendRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/messages',
  tags,
  security,
  summary: 'Send a message (idempotent on clientMessageId)',
  request: { params: conversationParams, body: { required: true, content: json(sendSchema) } },
  responses: {
    201: { description: 'Stored', content: json(sentSchema) },
    200: {
      description: 'Already stored under this clientMessageId; nothing stored twice',
      content: json(sentSchema),
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const claimRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/claim',
  tags,
  security,
  summary: 'Take a queued conversation (staff)',
  request: { params: conversationParams },
  responses: {
    200: { description: 'Assigned to you', content: json(conversationSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 429),
  },
});

const transcriptRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/conversations/{conversationId}/transcript',
  tags,
  security,
  summary: 'Download your own transcript (contact)',
  request: {
    params: conversationParams,
    query: z.object({ format: z.enum(['json', 'text']).default('json') }),
  },
  responses: {
    200: {
      description: 'The transcript',
      content: { 'application/json': { schema: z.any() }, 'text/plain': { schema: z.string() } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerChatRoutes(app: OpenAPIHono<HttpEnv>, http: ChatHttp): void {
  const { gateway } = http;

  app.openapi(visitRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    const body = c.req.valid('json') ?? {};
    const visit = await http.visits.start(tenant, {
      channel: body.channel ?? 'widget',
      ...(body.locale ? { locale: body.locale } : {}),
    });
    const dto = allow(visitSchema, {
      token: visit.token,
      tokenType: 'Bearer',
      expiresAt: visit.expiresAt.toISOString(),
      conversationId: visit.conversationId,
      locale: visit.locale,
      socketPath: SOCKET_PATH,
    });
    return c.json(dto, 201, { 'cache-control': 'no-store' });
  });

  app.openapi(listRoute, async (c) => {
    const actor = c.env.context.actor;
    const access = conversationAccessOf(actor);
    const query = c.req.valid('query');
    const items = isContactActor(actor)
      ? await gateway.ownConversations(actor)
      : await http.service.listForStaff(access, {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.queueId ? { queueId: query.queueId } : {}),
        });
    return c.json({ items: items.map((item) => conversationDto(item, !isContactActor(actor))) }, 200);
  });

  app.openapi(messagesRoute, async (c) => {
    const actor = c.env.context.actor;
    const { conversationId } = c.req.valid('param');
    const { after, wait } = c.req.valid('query');
    let { conversation, messages } = await gateway.read(actor, conversationId, after);
    if (messages.length === 0 && wait > 0) {
      // Listen first, then look again: a message stored in between is not waited past.
      const next = nextMessage(gateway, conversationId, after, wait * 1000, c.req.raw.signal);
      messages = await gateway.after(actor, conversation, after);
      if (messages.length === 0) {
        await next.arrived;
        messages = await gateway.after(actor, conversation, after);
      }
      next.cancel();
      conversation = (await gateway.current(conversation)) ?? conversation;
    }
    const items = messages.filter((m) => !(m.internal && isContactActor(actor))).map(toWireMessage);
    return c.json({ conversation: conversationDto(conversation, !isContactActor(actor)), items }, 200);
  });

  app.openapi(sendRoute, async (c) => {
    const { conversationId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { message, duplicate } = await gateway.send(c.env.context.actor, conversationId, {
      text: body.text,
      ...(body.clientMessageId ? { clientMessageId: body.clientMessageId } : {}),
      ...(body.internal ? { internal: true } : {}),
    });
    return c.json(allow(sentSchema, { message: toWireMessage(message), duplicate }), duplicate ? 200 : 201);
  });

  app.openapi(claimRoute, async (c) => {
    const access = conversationAccessOf(c.env.context.actor);
    const conversation = await http.service.claim(access, c.req.valid('param').conversationId);
    return c.json(conversationDto(conversation, true), 200);
  });

  app.openapi(transcriptRoute, async (c) => {
    const access = conversationAccessOf(c.env.context.actor);
    const { conversationId } = c.req.valid('param');
    const transcript = await http.service.transcript(access, conversationId, c.req.valid('query').format);
    return c.body(transcript.body, 200, {
      'content-type': transcript.contentType,
      'content-disposition': `attachment; filename="conversation-${conversationId}.${c.req.valid('query').format === 'text' ? 'txt' : 'json'}"`,
      'cache-control': 'no-store',
    }) as never;
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'widgetToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A widget credential from POST /api/v1/tenants/{slug}/chat/visits',
  });
}

/** Resolves when a message after `after` is stored, when `ms` pass, or when the client goes away. */
function nextMessage(
  gateway: ChatGateway,
  conversationId: string,
  after: number,
  ms: number,
  signal: AbortSignal,
) {
  let done = () => {};
  const arrived = new Promise<void>((resolve) => {
    done = () => {
      stop();
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
  });
  const stop = gateway.bus.subscribe(conversationId, (event) => {
    if (event.kind === 'message' && (event.seq ?? 0) > after) done();
  });
  const timer = setTimeout(done, ms);
  signal.addEventListener('abort', done);
  return { arrived, cancel: () => done() };
}

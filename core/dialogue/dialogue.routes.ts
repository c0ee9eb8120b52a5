import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { autoReplySchema } from '../packs/conversation-pack.schema.ts';
import { localizedTextSchema } from '../packs/localized-text.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { AutoReplyRules, DialogueAdmin, DialogueTenant, FlowDetail } from './dialogue-flow.service.ts';
import { FLOW_ID, flowBodySchema, flowDefinitionSchema } from './flow.schema.ts';

export interface DialogueHttp {
  readonly admin: DialogueAdmin;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<DialogueTenant | undefined>;
}

const tags = ['Dialogue'];
const security = [{ accessToken: [] }];
const params = z.object({ slug: slugSchema });
const flowParams = params.extend({ flowId: z.string().regex(FLOW_ID) });
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const summarySchema = z.object({
  id: z.string(),
  version: z.int(),
  title: localizedTextSchema,
  trigger: z.array(z.string()),
});
const detailSchema = z
  .object({
    active: flowDefinitionSchema,
    versions: z.array(
      z.object({
        version: z.int(),
        source: z.enum(['pack', 'tenant']),
        createdAt: z.iso.datetime().nullable(),
        createdBy: z.string().nullable(),
      }),
    ),
  })
  .openapi('FlowDetail', { description: 'The active version of a flow and every version it has had' });
const rulesBodySchema = z
  .strictObject({ rules: z.array(autoReplySchema).max(500) })
  .openapi('AutoReplyRulesInput');
const rulesSchema = z
  .object({ version: z.int(), source: z.enum(['pack', 'tenant']), rules: z.array(autoReplySchema) })
  .openapi('AutoReplyRules', { description: 'Intents answered with a fixed text; version 0 is the pack’s' });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/flows',
  tags,
  security,
  summary: 'The active version of each flow (tenant admin)',
  request: { params },
  responses: {
    200: { description: 'Flows', content: json(z.object({ items: z.array(summarySchema) })) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/flows/{flowId}',
  tags,
  security,
  summary: 'One flow: the active definition and its versions (tenant admin)',
  request: { params: flowParams },
  responses: {
    200: { description: 'The flow', content: json(detailSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{slug}/flows/{flowId}',
  tags,
  security,
  summary: 'Save a new version of a flow, checked first (tenant admin)',
  description:
    'The body is a flow without its version. A malformed body is a 400; a flow that refers to an unknown slot, state, intent or port, or has an unreachable state, is a 422 naming each problem.',
  request: { params: flowParams, body: { required: true, content: json(flowBodySchema) } },
  responses: {
    201: { description: 'The new version, now active', content: json(flowDefinitionSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const getRulesRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/auto-replies',
  tags,
  security,
  summary: 'The auto-reply rules in force (tenant admin)',
  request: { params },
  responses: {
    200: { description: 'Rules', content: json(rulesSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putRulesRoute = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{slug}/auto-replies',
  tags,
  security,
  summary: 'Replace the auto-reply rules with a new version (tenant admin)',
  request: { params, body: { required: true, content: json(rulesBodySchema) } },
  responses: {
    200: { description: 'The new version, now in force', content: json(rulesSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const toDetail = (detail: FlowDetail) =>
  allow(detailSchema, {
    active: detail.active,
    versions: detail.versions.map((v) => ({ ...v, createdAt: v.createdAt?.toISOString() ?? null })),
  });
// The schema re-checks what it is given: the cast only drops `readonly`.
const toRules = (rules: AutoReplyRules) => allow(rulesSchema, rules as z.input<typeof rulesSchema>);

export function registerDialogueRoutes(app: OpenAPIHono<HttpEnv>, http: DialogueHttp): void {
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(listRoute, async (c) => {
    const flows = await http.admin.listFlows(c.env.context.actor, await tenantOf(c.req.valid('param').slug));
    const items = flows.map(({ id, version, title, trigger }) =>
      allow(summarySchema, { id, version, title, trigger: [...trigger] }),
    );
    return c.json({ items }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { slug, flowId } = c.req.valid('param');
    return c.json(toDetail(await http.admin.getFlow(c.env.context.actor, await tenantOf(slug), flowId)), 200);
  });

  app.openapi(putRoute, async (c) => {
    const { slug, flowId } = c.req.valid('param');
    const tenant = await tenantOf(slug);
    const saved = await http.admin.saveFlow(c.env.context.actor, tenant, flowId, c.req.valid('json'));
    return c.json(allow(flowDefinitionSchema, saved), 201);
  });

  app.openapi(getRulesRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(toRules(await http.admin.getAutoReplies(c.env.context.actor, tenant)), 200);
  });

  app.openapi(putRulesRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    const saved = await http.admin.saveAutoReplies(c.env.context.actor, tenant, c.req.valid('json').rules);
    return c.json(toRules(saved), 200);
  });
}

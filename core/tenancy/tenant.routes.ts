import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import {
  newTenantSchema,
  slugSchema,
  tenantListQuerySchema,
  tenantListSchema,
  tenantSchema,
} from './tenant.schemas.ts';
import type { TenantService } from './tenant.service.ts';
import type { Tenant } from './tenant.ts';

const security = [{ operatorToken: [] }];
const tags = ['Tenants'];

const toDto = (tenant: Tenant) => ({ ...tenant, createdAt: tenant.createdAt.toISOString() });

const createTenant = createRoute({
  method: 'post',
  path: '/api/v1/tenants',
  tags,
  security,
  summary: 'Create a tenant (platform operator)',
  request: { body: { required: true, content: { 'application/json': { schema: newTenantSchema } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: tenantSchema } } },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429),
  },
});

const listTenants = createRoute({
  method: 'get',
  path: '/api/v1/tenants',
  tags,
  security,
  summary: 'List tenants (platform operator)',
  request: { query: tenantListQuerySchema },
  responses: {
    200: { description: 'A page of tenants', content: { 'application/json': { schema: tenantListSchema } } },
    ...problemResponses(400, 401, 403, 429),
  },
});

const getTenant = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}',
  tags,
  security,
  summary: 'Get a tenant by slug (platform operator)',
  request: { params: z.object({ slug: slugSchema }) },
  responses: {
    200: { description: 'The tenant', content: { 'application/json': { schema: tenantSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

export function registerTenantRoutes(app: OpenAPIHono<HttpEnv>, tenants: TenantService): void {
  app.openapi(createTenant, async (c) => {
    const tenant = await tenants.create(c.env.context.actor, c.req.valid('json'));
    return c.json(allow(tenantSchema, toDto(tenant)), 201);
  });
  app.openapi(listTenants, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await tenants.list(c.env.context.actor, limit, cursor);
    return c.json(
      allow(tenantListSchema, { items: page.items.map(toDto), nextCursor: page.nextCursor }),
      200,
    );
  });
  app.openapi(getTenant, async (c) => {
    const tenant = await tenants.get(c.env.context.actor, c.req.valid('param').slug);
    return c.json(allow(tenantSchema, toDto(tenant)), 200);
  });
}

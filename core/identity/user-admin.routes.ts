import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { UserProfile } from './user.ts';
import {
  newUserSchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListSchema,
  userPatchSchema,
  userSchema,
} from './user-admin.schemas.ts';
import type { UserAdminService } from './user-admin.service.ts';

const tags = ['Users'];
const security: Record<string, string[]>[] = [{ accessToken: [] }, { operatorToken: [] }];
const tenantParams = z.object({ slug: slugSchema });
const userParams = tenantParams.extend(userIdParamsSchema.shape);
const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const toDto = ({ roles, queueIds, createdAt, ...rest }: Partial<UserProfile>) => ({
  ...rest,
  ...(roles ? { roles: [...roles] } : {}),
  ...(queueIds ? { queueIds: [...queueIds] } : {}),
  ...(createdAt ? { createdAt: createdAt.toISOString() } : {}),
});

const createUser = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/users',
  tags,
  security,
  summary: 'Create a staff account (tenant admin: operational roles; platform operator: privileged roles)',
  request: { params: tenantParams, body: json(newUserSchema) },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: userSchema } } },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const listUsers = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/users',
  tags,
  security,
  summary: 'List the staff accounts the caller may see, in login-name order',
  request: { params: tenantParams, query: userListQuerySchema },
  responses: {
    200: { description: 'A page of users', content: { 'application/json': { schema: userListSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const getUser = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/users/{userId}',
  tags,
  security,
  summary: 'Get a staff account',
  request: { params: userParams },
  responses: {
    200: { description: 'The user', content: { 'application/json': { schema: userSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const updateUser = createRoute({
  method: 'patch',
  path: '/api/v1/tenants/{slug}/users/{userId}',
  tags,
  security,
  summary: 'Change display name, roles (within what the caller may grant), queues or the disabled flag',
  request: { params: userParams, body: json(userPatchSchema) },
  responses: {
    200: {
      description: 'The user after the change',
      content: { 'application/json': { schema: userSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const revokeSessions = createRoute({
  method: 'delete',
  path: '/api/v1/tenants/{slug}/users/{userId}/sessions',
  tags,
  security,
  summary: 'Sign a user out everywhere: every refresh token and access token stops working',
  request: { params: userParams },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(400, 401, 403, 404, 429) },
});

const resetTotp = createRoute({
  method: 'delete',
  path: '/api/v1/tenants/{slug}/users/{userId}/totp',
  tags,
  security,
  summary: "Reset a user's second factor: they enrol again before signing in; their sessions end",
  request: { params: userParams },
  responses: { 204: { description: 'Reset' }, ...problemResponses(400, 401, 403, 404, 429) },
});

export function registerUserAdminRoutes(app: OpenAPIHono<HttpEnv>, users: UserAdminService): void {
  const meta = (c: { env: HttpEnv['Bindings'] }) => ({
    requestId: c.env.context.requestId,
    clientAddress: c.env.clientAddress,
  });

  app.openapi(createUser, async (c) => {
    const user = await users.create(
      c.env.context.actor,
      c.req.valid('param').slug,
      c.req.valid('json'),
      meta(c),
    );
    return c.json(allow(userSchema, toDto(user)), 201);
  });

  app.openapi(listUsers, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await users.list(c.env.context.actor, c.req.valid('param').slug, {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return c.json(allow(userListSchema, { items: page.items.map(toDto), nextCursor: page.nextCursor }), 200);
  });

  app.openapi(getUser, async (c) => {
    const { slug, userId } = c.req.valid('param');
    const user = await users.get(c.env.context.actor, slug, userId);
    return c.json(allow(userSchema, toDto(user)), 200);
  });

  app.openapi(updateUser, async (c) => {
    const { slug, userId } = c.req.valid('param');
    const user = await users.update(c.env.context.actor, slug, userId, c.req.valid('json'), meta(c));
    return c.json(allow(userSchema, toDto(user)), 200);
  });

  app.openapi(revokeSessions, async (c) => {
    const { slug, userId } = c.req.valid('param');
    await users.revokeSessions(c.env.context.actor, slug, userId, meta(c));
    return c.body(null, 204);
  });

  app.openapi(resetTotp, async (c) => {
    const { slug, userId } = c.req.valid('param');
    await users.resetTotp(c.env.context.actor, slug, userId, meta(c));
    return c.body(null, 204);
  });
}

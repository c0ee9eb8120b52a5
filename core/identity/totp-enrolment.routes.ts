import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { TotpEnrolmentService } from './totp-enrolment.service.ts';
import { enrolmentConfirmSchema, enrolmentSchema, enrolmentStartSchema } from './user-admin.schemas.ts';

const tags = ['Authentication'];
const params = z.object({ slug: slugSchema });
// Signed in (access token), or not yet able to sign in (loginName and password in the body).
const security: Record<string, string[]>[] = [{ accessToken: [] }, {}];

const start = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/auth/totp/enrolment',
  tags,
  security,
  summary: 'Start enrolling an authenticator app: re-enter the password, get the secret once',
  request: {
    params,
    body: { required: true, content: { 'application/json': { schema: enrolmentStartSchema } } },
  },
  responses: {
    200: { description: 'The pending secret', content: { 'application/json': { schema: enrolmentSchema } } },
    ...problemResponses(400, 401, 413, 415, 429),
  },
});

const confirm = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{slug}/auth/totp/confirm',
  tags,
  security,
  summary: 'Confirm the enrolment with a code from the app; the second factor is active from then on',
  request: {
    params,
    body: { required: true, content: { 'application/json': { schema: enrolmentConfirmSchema } } },
  },
  responses: { 204: { description: 'Enrolled' }, ...problemResponses(400, 401, 409, 413, 415, 422, 429) },
});

export function registerTotpEnrolmentRoutes(
  app: OpenAPIHono<HttpEnv>,
  enrolment: TotpEnrolmentService,
): void {
  app.openapi(start, async (c) => {
    const result = await enrolment.start({
      tenantSlug: c.req.valid('param').slug,
      actor: c.env.context.actor,
      ...c.req.valid('json'),
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    // The secret is a credential: never cached anywhere.
    return c.json(allow(enrolmentSchema, result), 200, { 'cache-control': 'no-store' });
  });

  app.openapi(confirm, async (c) => {
    await enrolment.confirm({
      tenantSlug: c.req.valid('param').slug,
      actor: c.env.context.actor,
      ...c.req.valid('json'),
      requestId: c.env.context.requestId,
      clientAddress: c.env.clientAddress,
    });
    return c.body(null, 204);
  });
}

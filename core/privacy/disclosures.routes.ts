import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorizeActor } from '../access/actor-ability.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { accountOfDisclosures, type DisclosureDeps } from './disclosures.ts';

export interface DisclosuresHttp {
  readonly deps: DisclosureDeps;
  /** The tenant behind a slug. */
  readonly tenantOf: (
    slug: string,
  ) => Promise<{ readonly id: string; readonly vertical: string } | undefined>;
}

const entrySchema = z.object({
  seq: z.int(),
  time: z.iso.datetime(),
  actor: z.object({ id: z.string(), role: z.string(), kind: z.string() }),
  action: z.string(),
  purpose: z.string(),
  outcome: z.object({ result: z.string(), reason: z.string().optional() }),
  resource: z.object({ type: z.string(), id: z.string() }).optional(),
});

const accountSchema = z
  .object({
    format: z.literal('custos-disclosures/1'),
    generatedAt: z.iso.datetime(),
    contactId: z.uuid(),
    entries: z.array(entrySchema),
  })
  .openapi('DisclosureAccount', { description: 'Who accessed one person’s data, from the audit log' });

const route = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{slug}/privacy/contacts/{contactId}/disclosures',
  tags: ['Privacy'],
  security: [{ accessToken: [] }],
  summary: 'Accounting of disclosures for one person (HIPAA §164.528, FERPA §99.32; auditor)',
  request: { params: z.object({ slug: slugSchema, contactId: z.uuid() }) },
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: accountSchema } } },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

/**
 * The privacy officer (the tenant's auditor) answers a patient's or guardian's "who has seen my
 * data?" from the audit log. The person's own verified request comes with contact sign-in.
 */
export function registerDisclosureRoutes(app: OpenAPIHono<HttpEnv>, http: DisclosuresHttp): void {
  app.openapi(route, async (c) => {
    const { slug, contactId } = c.req.valid('param');
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    const { actor, requestId } = c.env.context;
    authorizeActor(actor, 'read', { type: 'AuditEvent', attributes: { tenantId: tenant.id } });
    const purpose = tenant.vertical === 'education' ? 'EDURQT' : 'PATRQT';
    const account = await accountOfDisclosures(
      http.deps,
      { actor, tenantId: tenant.id, purpose, requestId },
      contactId,
    );
    return c.json(allow(accountSchema, { ...account, entries: [...account.entries] }), 200);
  });
}

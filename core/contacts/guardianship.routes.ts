import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { PurposeOfUse } from '../../compliance/index.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { ContactAccess } from './contact-audit.ts';
import type { Guardianship, GuardianshipService } from './guardianship.service.ts';
import { GUARDIAN_RELATIONSHIPS } from './guardianship.table.ts';

export interface GuardianshipHttp {
  readonly guardianships: GuardianshipService;
  /** The tenant behind a slug. */
  readonly tenantOf: (
    slug: string,
  ) => Promise<{ readonly id: string; readonly vertical: string } | undefined>;
}

const tags = ['Guardianships'];
const BASE = '/api/v1/tenants/{slug}/contacts/{contactId}/guardianships';
const params = z.object({ slug: slugSchema, contactId: z.uuid() });
const oneParams = params.extend({ guardianshipId: z.uuid() });
// Staff with an access token; the guardian with their widget credential.
const eitherCredential: Record<string, string[]>[] = [{ accessToken: [] }, { widgetToken: [] }];
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });

const newSchema = z
  .strictObject({
    guardianId: z.uuid().openapi({ description: 'The guardian’s contact record' }),
    relationship: z.enum(GUARDIAN_RELATIONSHIPS),
  })
  .openapi('NewGuardianship');

const guardianshipSchema = z
  .object({
    id: z.uuid(),
    guardianId: z.uuid(),
    minorId: z.uuid(),
    relationship: z.enum(GUARDIAN_RELATIONSHIPS),
    consent: z.enum(['granted', 'withdrawn']),
    grantedAt: z.iso.datetime(),
    withdrawnAt: z.iso.datetime().nullable(),
    recordedBy: z.string().nullable().openapi({ description: 'Staff id; null when a contact asks' }),
  })
  .openapi('Guardianship', { description: 'A guardian ↔ minor relationship and its consent state' });

const createRouteDef = createRoute({
  method: 'post',
  path: BASE,
  tags,
  security: [{ accessToken: [] }],
  summary: 'Record that a contact is guardian of this minor, with consent granted (staff)',
  request: { params, body: { required: true, content: json(newSchema) } },
  responses: {
    201: { description: 'Recorded', content: json(guardianshipSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: BASE,
  tags,
  security: [{ accessToken: [] }],
  summary: 'The guardianships this contact is in, as minor or guardian (staff)',
  request: { params },
  responses: {
    200: { description: 'Newest first', content: json(z.object({ items: z.array(guardianshipSchema) })) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const withdrawRoute = createRoute({
  method: 'post',
  path: `${BASE}/{guardianshipId}/withdraw`,
  tags,
  security: eitherCredential,
  summary: 'Withdraw consent (staff, or the verified guardian with a widget credential)',
  request: { params: oneParams },
  responses: {
    200: { description: 'Withdrawn', content: json(guardianshipSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 429),
  },
});

const toDto = (g: Guardianship, actor: Actor) =>
  allow(guardianshipSchema, {
    id: g.id,
    guardianId: g.guardianId,
    minorId: g.minorId,
    relationship: g.relationship,
    consent: g.consent,
    grantedAt: g.grantedAt.toISOString(),
    withdrawnAt: g.withdrawnAt ? g.withdrawnAt.toISOString() : null,
    // A person sees the role behind an access, never a staff member's id (as in their disclosures).
    recordedBy: actor.kind === 'contact' ? null : g.recordedBy,
  });

/** Registration and consent work for staff; the guardian's own withdrawal is on behalf of the family. */
function purposeOf(vertical: string, actor: Actor): PurposeOfUse {
  if (vertical === 'education') return actor.kind === 'contact' ? 'EDURQT' : 'EDUADMIN';
  return actor.kind === 'contact' ? 'FAMRQT' : 'PATADMIN';
}

export function registerGuardianshipRoutes(app: OpenAPIHono<HttpEnv>, http: GuardianshipHttp): void {
  async function accessTo(actor: Actor, slug: string, requestId: string): Promise<ContactAccess> {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    return { actor, tenantId: tenant.id, purpose: purposeOf(tenant.vertical, actor), requestId };
  }

  app.openapi(createRouteDef, async (c) => {
    const { slug, contactId } = c.req.valid('param');
    const { actor, requestId } = c.env.context;
    const access = await accessTo(actor, slug, requestId);
    const recorded = await http.guardianships.record(access, { ...c.req.valid('json'), minorId: contactId });
    return c.json(toDto(recorded, actor), 201);
  });

  app.openapi(listRoute, async (c) => {
    const { slug, contactId } = c.req.valid('param');
    const { actor, requestId } = c.env.context;
    const items = await http.guardianships.list(await accessTo(actor, slug, requestId), contactId);
    return c.json({ items: items.map((g) => toDto(g, actor)) }, 200);
  });

  app.openapi(withdrawRoute, async (c) => {
    const { slug, contactId, guardianshipId } = c.req.valid('param');
    const { actor, requestId } = c.env.context;
    const access = await accessTo(actor, slug, requestId);
    const withdrawn = await http.guardianships.withdraw(access, guardianshipId, contactId);
    return c.json(toDto(withdrawn, actor), 200);
  });
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import type { AccessSettingsService, AccessSettingsTenant } from './access-settings.service.ts';
import type { AccessSettings } from './access-settings.ts';

export interface AccessSettingsHttp {
  readonly settings: AccessSettingsService;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<AccessSettingsTenant | undefined>;
}

const tags = ['Access'];
const security = [{ accessToken: [] }];
const params = z.object({ slug: slugSchema });
const PATH = '/api/v1/tenants/{slug}/access/settings';

const denialSchema = z.object({
  action: z.string().openapi({ example: 'read' }),
  subject: z.string().openapi({ example: 'Contact' }),
  fields: z
    .array(z.string())
    .optional()
    .openapi({ description: 'Only these fields; left out, the whole grant', example: ['phone'] }),
});

export const accessSettingsSchema = z
  .object({
    restrictions: z.array(
      z.object({
        role: z.string().openapi({ description: 'agent, supervisor, clinician or admissions_officer' }),
        deny: z.array(denialSchema),
      }),
    ),
  })
  .openapi('AccessSettings', {
    description:
      'What each operational role loses in this tenant (docs/compliance/access-control.md, "Tenant ' +
      'tailoring"): only what the role is granted can be denied; nothing can be added.',
  });

// Checked in full by the service, so that every problem comes back with its path.
const inputSchema = z
  .object({ restrictions: z.array(z.unknown()).optional() })
  .catchall(z.unknown())
  .openapi('AccessSettingsInput', {
    example: {
      restrictions: [
        {
          role: 'agent',
          deny: [
            { action: 'create', subject: 'Appointment' },
            { action: 'read', subject: 'Contact', fields: ['displayName'] },
          ],
        },
      ],
    },
  });

const dto = (s: AccessSettings) =>
  allow(accessSettingsSchema, {
    restrictions: s.restrictions.map((r) => ({
      role: r.role,
      deny: r.deny.map((d) => ({
        action: d.action,
        subject: d.subject,
        ...(d.fields ? { fields: [...d.fields] } : {}),
      })),
    })),
  });

const getRoute = createRoute({
  method: 'get',
  path: PATH,
  tags,
  security,
  summary: 'How the tenant narrowed its roles’ permissions (tenant admin, auditor)',
  request: { params },
  responses: {
    200: {
      description: 'The restrictions',
      content: { 'application/json': { schema: accessSettingsSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: PATH,
  tags,
  security,
  summary: 'Replace the tenant’s role restrictions (tenant admin; audited as a permission change)',
  request: {
    params,
    body: { required: true, content: { 'application/json': { schema: inputSchema } } },
  },
  responses: {
    200: {
      description: 'The restrictions saved',
      content: { 'application/json': { schema: accessSettingsSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

export function registerAccessSettingsRoutes(app: OpenAPIHono<HttpEnv>, http: AccessSettingsHttp): void {
  const tenantOf = async (slug: string) => {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  };

  app.openapi(getRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(dto(await http.settings.get(c.env.context.actor, tenant)), 200);
  });

  app.openapi(putRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(dto(await http.settings.put(c.env.context.actor, tenant, c.req.valid('json'))), 200);
  });
}

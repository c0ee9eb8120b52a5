import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import { tenantParamsSchema } from './booking.schemas.ts';
import type { BookingSettingsService, BookingSettingsTenant } from './booking-settings.service.ts';
import type { BookingSettings } from './booking-settings.ts';

const tags = ['Booking'];
const security = [{ accessToken: [] }];
const PATH = '/api/v1/tenants/{slug}/booking/settings';

const rules = z.record(z.string(), z.unknown()).openapi({
  description:
    'Rule settings (docs/booking.md, "Per-tenant settings"): leadTime, maxPerDay, cancellation, guardian ' +
    '(each an object or false), ageRestriction, sexRestriction, noOverlap (booleans). Left out: the default.',
  example: { maxPerDay: { perDay: 1, perService: false }, cancellation: { minHoursBefore: 24 } },
});
const templates = z.record(z.string(), z.unknown()).openapi({
  description:
    'Notice templates by kind (confirmation, reminder, cancellation) and locale (zh-CN, en), with the ' +
    'placeholders {serviceName} {resourceName} {when} {date} {time} {location} {confirmationCode}',
  example: { reminder: { en: 'See you {when} for {serviceName}. Code {confirmationCode}.' } },
});

export const bookingSettingsInputSchema = z
  .object({ rules: rules.optional(), templates: templates.optional() })
  .catchall(z.unknown())
  .openapi('BookingSettingsInput');

export const bookingSettingsSchema = z.object({ rules, templates }).openapi('BookingSettings');

const dto = (s: BookingSettings) =>
  allow(bookingSettingsSchema, { rules: { ...s.rules }, templates: { ...s.templates } });

const getRoute = createRoute({
  method: 'get',
  path: PATH,
  tags,
  security,
  summary: 'The tenant’s booking rules and notice templates (tenant admin, supervisor)',
  request: { params: tenantParamsSchema },
  responses: {
    200: {
      description: 'The settings, every rule with its value',
      content: { 'application/json': { schema: bookingSettingsSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: PATH,
  tags,
  security,
  summary: 'Replace the tenant’s booking rules and notice templates (tenant admin; audited)',
  request: {
    params: tenantParamsSchema,
    body: { required: true, content: { 'application/json': { schema: bookingSettingsInputSchema } } },
  },
  responses: {
    200: {
      description: 'The settings saved',
      content: { 'application/json': { schema: bookingSettingsSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

export function registerBookingSettingsRoutes(
  app: OpenAPIHono<HttpEnv>,
  settings: BookingSettingsService,
  tenantOf: (slug: string) => Promise<BookingSettingsTenant>,
): void {
  app.openapi(getRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(dto(await settings.get(c.env.context.actor, tenant)), 200);
  });

  app.openapi(putRoute, async (c) => {
    const tenant = await tenantOf(c.req.valid('param').slug);
    return c.json(dto(await settings.put(c.env.context.actor, tenant, c.req.valid('json'))), 200);
  });
}

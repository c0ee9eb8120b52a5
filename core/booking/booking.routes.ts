import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { accessActorOf } from '../access/actor-ability.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { allow, problemResponses } from '../http/openapi.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import {
  appointmentListQuerySchema,
  appointmentListSchema,
  appointmentParamsSchema,
  appointmentSchema,
  cancelSchema,
  createdSchema,
  freeSlotListSchema,
  generatedSchema,
  generateSchema,
  newAppointmentSchema,
  newResourceSchema,
  newScheduleSchema,
  newServiceSchema,
  scheduleParamsSchema,
  slotQuerySchema,
  tenantParamsSchema,
} from './booking.schemas.ts';
import type { BookingService } from './booking.service.ts';
import type { Appointment, BookingAccess, FreeSlot } from './booking.ts';
import { registerBookingSettingsRoutes } from './booking-settings.routes.ts';
import type { BookingSettingsService } from './booking-settings.service.ts';
import type { LocalScheduler } from './local-scheduler.ts';

/** What the booking routes need from the composition root. */
export interface BookingHttp {
  readonly booking: BookingService;
  readonly scheduler: LocalScheduler;
  /** The tenant behind a slug. */
  readonly tenantOf: (slug: string) => Promise<Tenant | undefined>;
  /** The authorization and audit view of the caller for that tenant. */
  readonly accessOf: (actor: Actor, tenant: Tenant) => BookingAccess;
  /** Per-tenant booking rules and notice templates (booking-settings.routes.ts). */
  readonly settings?: BookingSettingsService;
}

const tags = ['Booking'];
const security = [{ accessToken: [] }];
const BASE = '/api/v1/tenants/{slug}/booking';
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: json(schema) });
const WRITE_PROBLEMS = [400, 401, 403, 404, 409, 413, 415, 422, 429] as const;

const slotDto = (slot: FreeSlot) => ({
  ...slot,
  startsAt: slot.startsAt.toISOString(),
  endsAt: slot.endsAt.toISOString(),
});

const toDto = (a: Appointment) =>
  allow(appointmentSchema, {
    id: a.id,
    status: a.status,
    confirmationCode: a.confirmationCode,
    slotId: a.slotId,
    place: a.place,
    contactId: a.contactId,
    channel: a.channel,
    bookedById: a.bookedById,
    note: a.note,
    cancelReason: a.cancelReason,
    service: { code: a.service.code, names: a.service.names },
    resource: a.resource ? { code: a.resource.code, names: a.resource.names, title: a.resource.title } : null,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
  });

const list = (items: readonly Appointment[]) => allow(appointmentListSchema, { items: items.map(toDto) });
const one = (description: string) => ({ description, content: json(appointmentSchema) });

const slotsRoute = createRoute({
  method: 'get',
  path: `${BASE}/slots`,
  tags,
  security,
  summary: "Free slots of a service, earliest first, in the tenant's time zone (staff and contacts)",
  request: { params: tenantParamsSchema, query: slotQuerySchema },
  responses: {
    200: { description: 'Free slots', content: json(freeSlotListSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: `${BASE}/appointments`,
  tags,
  security,
  summary: 'Appointments the caller may read, by start (staff; each one listed is an audited read)',
  request: { params: tenantParamsSchema, query: appointmentListQuerySchema },
  responses: {
    200: { description: 'Appointments', content: json(appointmentListSchema) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${BASE}/appointments/{appointmentId}`,
  tags,
  security,
  summary: 'One appointment, with the note for roles that may read it (staff; audited)',
  request: { params: appointmentParamsSchema },
  responses: { 200: one('The appointment'), ...problemResponses(400, 401, 403, 404, 429) },
});

const bookRoute = createRoute({
  method: 'post',
  path: `${BASE}/appointments`,
  tags,
  security,
  summary: 'Book a slot for a contact (staff): hold and confirm at once; a taken slot is a 409',
  request: { params: tenantParamsSchema, body: body(newAppointmentSchema) },
  responses: { 201: one('Booked, with its confirmation code'), ...problemResponses(...WRITE_PROBLEMS) },
});

const cancelRoute = createRoute({
  method: 'post',
  path: `${BASE}/appointments/{appointmentId}/cancel`,
  tags,
  security,
  summary: 'Cancel an appointment (staff), with a reason code',
  request: { params: appointmentParamsSchema, body: body(cancelSchema) },
  responses: { 200: one('The cancelled appointment'), ...problemResponses(...WRITE_PROBLEMS) },
});

const created = <S extends z.ZodType>(path: string, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path: `${BASE}/${path}`,
    tags,
    security,
    summary,
    request: { params: tenantParamsSchema, body: body(schema) },
    responses: {
      201: { description: 'Created', content: json(createdSchema) },
      ...problemResponses(...WRITE_PROBLEMS),
    },
  });
const serviceRoute = created('services', 'Add a bookable service (tenant admin)', newServiceSchema);
const resourceRoute = created('resources', 'Add a resource of a service (tenant admin)', newResourceSchema);
const scheduleRoute = created('schedules', 'Add a schedule (tenant admin)', newScheduleSchema);

const generateRoute = createRoute({
  method: 'post',
  path: `${BASE}/schedules/{scheduleId}/generate`,
  tags,
  security,
  summary: 'Create the slots of a schedule for local dates from…to; slots already there are kept',
  request: { params: scheduleParamsSchema, body: body(generateSchema) },
  responses: {
    200: { description: 'How many slots were created and how many existed', content: json(generatedSchema) },
    ...problemResponses(...WRITE_PROBLEMS),
  },
});

const myRoute = createRoute({
  method: 'get',
  path: `${BASE}/my-appointments`,
  tags,
  security,
  summary:
    "The contact's own upcoming appointments, and a verified widget visitor's record's (a verified contact only, else 403)",
  request: { params: tenantParamsSchema },
  responses: {
    200: { description: 'Appointments', content: json(appointmentListSchema) },
    ...problemResponses(401, 403, 404, 429),
  },
});

const myCancelRoute = createRoute({
  method: 'post',
  path: `${BASE}/my-appointments/{appointmentId}/cancel`,
  tags,
  security,
  summary: 'The contact cancels one of their appointments (a verified contact only, else 403)',
  request: { params: appointmentParamsSchema, body: body(cancelSchema) },
  responses: { 200: one('The cancelled appointment'), ...problemResponses(...WRITE_PROBLEMS) },
});

/**
 * Booking over HTTP. Every route acts through the booking service (or, for the free-slot search,
 * the scheduler behind a tenant-membership check): authorization and audit happen there.
 */
export function registerBookingRoutes(app: OpenAPIHono<HttpEnv>, http: BookingHttp): void {
  const { booking, scheduler } = http;
  if (http.settings)
    registerBookingSettingsRoutes(app, http.settings, async (slug) => {
      const tenant = await http.tenantOf(slug);
      if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
      return tenant;
    });

  /** The tenant of the URL and the caller's access to it; another tenant's URL is "not found". */
  async function accessTo(actor: Actor, slug: string) {
    const tenant = await http.tenantOf(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    const tenantId = accessActorOf(actor)?.tenantId;
    if (tenantId === undefined)
      throw new AppError('forbidden', "Booking is for the tenant's staff and contacts.");
    if (tenantId !== tenant.id) throw new AppError('not_found', `No tenant "${slug}".`);
    return { tenant, access: http.accessOf(actor, tenant) };
  }

  app.openapi(slotsRoute, async (c) => {
    const { tenant } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const q = c.req.valid('query');
    if (q.part && !q.date) throw invalidQuery('part', 'needs date');
    if (q.toDate && !q.date) throw invalidQuery('toDate', 'needs date');
    const slots = await scheduler.findSlots({
      tenantId: tenant.id,
      serviceCode: q.service,
      limit: q.limit,
      ...(q.resource ? { resourceCode: q.resource } : {}),
      ...(q.date ? { fromDate: q.date, toDate: q.toDate ?? q.date } : {}),
      ...(q.part ? { partOfDay: q.part } : {}),
    });
    return c.json(allow(freeSlotListSchema, { items: slots.map(slotDto) }), 200);
  });

  app.openapi(listRoute, async (c) => {
    const { access } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const { status, from, to, limit } = c.req.valid('query');
    const found = await booking.listAppointments(access, {
      limit,
      ...(status ? { status } : {}),
      ...(from ? { from: new Date(from) } : {}),
      ...(to ? { to: new Date(to) } : {}),
    });
    return c.json(list(found), 200);
  });

  app.openapi(getRoute, async (c) => {
    const { slug, appointmentId } = c.req.valid('param');
    const { access } = await accessTo(c.env.context.actor, slug);
    return c.json(toDto(await booking.getAppointment(access, appointmentId)), 200);
  });

  app.openapi(bookRoute, async (c) => {
    const { access } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const { note, ...input } = c.req.valid('json');
    const appointment = await booking.bookOnBehalf(access, {
      ...input,
      ...(note === undefined ? {} : { note }),
    });
    return c.json(toDto(appointment), 201);
  });

  app.openapi(cancelRoute, async (c) => {
    const { slug, appointmentId } = c.req.valid('param');
    const { access } = await accessTo(c.env.context.actor, slug);
    const cancelled = await booking.cancelForStaff(access, appointmentId, c.req.valid('json').reason);
    return c.json(toDto(cancelled), 200);
  });

  app.openapi(serviceRoute, async (c) => {
    const { access } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const { restrictions, schoolId, ...input } = c.req.valid('json');
    const result = await booking.createService(access, {
      ...input,
      ...(restrictions ? { restrictions } : {}),
      ...(schoolId ? { schoolId } : {}),
    });
    return c.json(allow(createdSchema, result), 201);
  });

  app.openapi(resourceRoute, async (c) => {
    const { access } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const { title, ...input } = c.req.valid('json');
    const result = await booking.createResource(access, { ...input, ...(title ? { title } : {}) });
    return c.json(allow(createdSchema, result), 201);
  });

  app.openapi(scheduleRoute, async (c) => {
    const { access } = await accessTo(c.env.context.actor, c.req.valid('param').slug);
    const { resourceCode, ...input } = c.req.valid('json');
    const result = await booking.createSchedule(access, {
      ...input,
      ...(resourceCode ? { resourceCode } : {}),
    });
    return c.json(allow(createdSchema, result), 201);
  });

  app.openapi(generateRoute, async (c) => {
    const { slug, scheduleId } = c.req.valid('param');
    const { access } = await accessTo(c.env.context.actor, slug);
    const { from, to } = c.req.valid('json');
    return c.json(allow(generatedSchema, await booking.generateSlots(access, scheduleId, from, to)), 200);
  });

  /** A contact's own appointments need the verified level, for listing and cancelling alike. */
  async function verifiedContact(actor: Actor, slug: string) {
    const { access } = await accessTo(actor, slug);
    if (access.auditActor.kind === 'contact' && access.actor.verified !== true)
      throw new AppError('forbidden', 'Confirm your identity to see your appointments.');
    return access;
  }

  app.openapi(myRoute, async (c) => {
    const access = await verifiedContact(c.env.context.actor, c.req.valid('param').slug);
    return c.json(list(await booking.contactAppointments(access)), 200);
  });

  app.openapi(myCancelRoute, async (c) => {
    const { slug, appointmentId } = c.req.valid('param');
    const access = await verifiedContact(c.env.context.actor, slug);
    const cancelled = await booking.contactCancel(access, appointmentId, c.req.valid('json').reason);
    return c.json(toDto(cancelled), 200);
  });
}

const invalidQuery = (field: string, message: string) =>
  new AppError('validation_failed', 'The request is invalid.', {
    issues: [{ path: `query.${field}`, message }],
  });

import { z } from '@hono/zod-openapi';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { scheduleDefinitionSchema } from './availability.ts';
import { APPOINTMENT_STATUSES, RESOURCE_KINDS } from './booking.ts';
import { PARTS_OF_DAY } from './part-of-day.ts';
import { parseLocalDate } from './zoned-instant.ts';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a-z, 0-9 and -, at most 63 characters')
  .openapi({ example: 'cardiology' });
const localDate = z
  .string()
  .refine((text) => parseLocalDate(text) !== undefined, 'expected a date YYYY-MM-DD')
  .openapi({ example: '2030-03-04', description: "A local date in the tenant's time zone" });
const names = z
  .strictObject({ 'zh-CN': z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .openapi('LocalizedText', { example: { 'zh-CN': '心内科', en: 'Cardiology' } });
const reason = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a reason code: a-z first, then a-z, 0-9 and -')
  .openapi({ example: 'patient-request', description: 'A code, never free text' });
const instant = z.iso.datetime();

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const appointmentParamsSchema = tenantParamsSchema.extend({ appointmentId: z.uuid() });
export const scheduleParamsSchema = tenantParamsSchema.extend({ scheduleId: z.uuid() });

export const slotQuerySchema = z.object({
  service: code.openapi({ description: 'The service code' }),
  resource: code.optional().openapi({ description: 'A resource (doctor, room) of that service' }),
  date: localDate.optional().openapi({ description: 'First local date; without it, the next 14 days' }),
  toDate: localDate.optional().openapi({ description: 'Last local date (inclusive), at most 61 days on' }),
  part: z.enum(PARTS_OF_DAY).optional().openapi({ description: 'One part of each day; needs date' }),
  limit: z.coerce.number().int().min(1).max(200).default(10),
});

const resourceNames = names.nullable();
export const freeSlotSchema = z
  .object({
    slotId: z.uuid(),
    serviceCode: z.string(),
    resourceCode: z.string().nullable(),
    resourceNames,
    resourceTitle: resourceNames,
    startsAt: instant,
    endsAt: instant,
    capacity: z.int(),
    remaining: z.int(),
  })
  .openapi('FreeSlot');

export const freeSlotListSchema = z.object({ items: z.array(freeSlotSchema) }).openapi('FreeSlotList');

export const appointmentListQuerySchema = z
  .object({
    status: z.enum(APPOINTMENT_STATUSES).optional(),
    from: instant.optional().openapi({ description: 'Appointments starting at or after' }),
    to: instant.optional().openapi({ description: 'Appointments starting before' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'expected after from' });

export const appointmentSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(APPOINTMENT_STATUSES),
    confirmationCode: z.string(),
    slotId: z.uuid(),
    place: z.int(),
    contactId: z.uuid(),
    channel: z.string(),
    bookedById: z.string().nullable(),
    note: z.string().nullable().openapi({ description: 'Only for roles that may read it' }),
    cancelReason: z.string().nullable(),
    service: z.object({ code: z.string(), names }),
    resource: z.object({ code: z.string(), names, title: names.nullable() }).nullable(),
    startsAt: instant,
    endsAt: instant,
    createdAt: instant,
    cancelledAt: instant.nullable(),
  })
  .openapi('Appointment');

export const appointmentListSchema = z
  .object({ items: z.array(appointmentSchema) })
  .openapi('AppointmentList');

export const newAppointmentSchema = z
  .strictObject({
    slotId: z.uuid(),
    contactId: z.uuid(),
    idempotencyKey: z
      .string()
      .min(1)
      .max(128)
      .openapi({ description: 'The same key again gives the same appointment' }),
    note: z.string().max(2000).optional().openapi({ description: 'Reason for the visit; sealed' }),
  })
  .openapi('NewAppointment');

export const cancelSchema = z.strictObject({ reason }).openapi('AppointmentCancel');

export const newServiceSchema = z
  .strictObject({
    code,
    names,
    durationMinutes: z.int().min(1).max(1440),
    restrictions: z
      .strictObject({
        minAgeYears: z.int().min(0).max(150).optional(),
        maxAgeYears: z.int().min(0).max(150).optional(),
        sex: z.enum(['female', 'male']).optional(),
      })
      .optional(),
    schoolId: z.string().min(1).max(64).optional(),
  })
  .openapi('NewBookingService');

export const newResourceSchema = z
  .strictObject({
    code,
    kind: z.enum(RESOURCE_KINDS),
    names,
    title: names.optional(),
    serviceCode: code,
  })
  .openapi('NewBookingResource');

export const newScheduleSchema = z
  .strictObject({
    serviceCode: code,
    resourceCode: code.optional(),
    definition: scheduleDefinitionSchema,
  })
  .openapi('NewBookingSchedule');

export const generateSchema = z
  .strictObject({ from: localDate, to: localDate })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'expected on or after from' })
  .openapi('GenerateSlots');

export const createdSchema = z.object({ id: z.uuid() }).openapi('Created');
export const generatedSchema = z.object({ created: z.int(), existing: z.int() }).openapi('GeneratedSlots');

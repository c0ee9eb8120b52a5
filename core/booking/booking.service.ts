import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { asSubject } from '../access/ability.ts';
import { accessFilter, type ColumnMap } from '../access/sql-filter.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ContactActor } from '../channels/widget-token.ts';
import type { PseudonymKeySource } from '../contacts/contact-audit.ts';
import { abilityFor, requireContact, requireStaff } from '../conversations/conversation-access.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { scheduleDefinitionSchema } from './availability.ts';
import {
  appointmentView,
  type BookingKeyring,
  isUuid,
  loadAppointment,
  toAppointment,
} from './booking.store.ts';
import {
  APPOINTMENT_STATUSES,
  type Appointment,
  type AppointmentStatus,
  appointmentNotFound,
  type BookingAccess,
  BookingError,
  type LocalizedText,
  RESOURCE_KINDS,
  type ResourceKind,
  type ServiceRestrictions,
} from './booking.ts';
import { bookingAudit } from './booking-audit.ts';
import type { LocalScheduler } from './local-scheduler.ts';
import { generateSlots, overlapping } from './slot-generation.ts';

export interface BookingServiceDeps {
  readonly db: Kysely<Database>;
  readonly scheduler: Pick<LocalScheduler, 'book' | 'cancel' | 'getAppointments'>;
  /** Opens notes for the roles that may read them. */
  readonly keyring: BookingKeyring;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

export interface AppointmentListFilter {
  readonly status?: AppointmentStatus;
  /** Appointments starting in [from, to). */
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
}

/** The attributes rules test, as columns of the appointment view, for list queries. */
export const APPOINTMENT_FILTER_COLUMNS: ColumnMap<'Appointment'> = {
  tenantId: { column: 'a.tenant_id' },
  id: { column: 'a.appointment_id' },
  contactId: { column: 'a.contact_id' },
  bookedById: { column: 'a.booked_by_id', nullable: true },
  careTeam: { column: 'a.care_team', array: true },
  schoolId: { column: 'a.school_id', nullable: true },
  status: { column: 'a.status' },
};

export const appointmentSubject = (a: Appointment) =>
  asSubject('Appointment', {
    tenantId: a.tenantId,
    id: a.id,
    contactId: a.contactId,
    bookedById: a.bookedById,
    careTeam: a.careTeam,
    schoolId: a.schoolId,
    status: a.status,
    service: a.service.code,
    location: a.resource?.code ?? null,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
  });

/** A contact's credential as the booking service takes it; appointments need the verified level. */
export const contactBookingAccess = (
  actor: Pick<ContactActor, 'id' | 'tenantId'> & { readonly verified: boolean },
): BookingAccess => ({
  tenantId: actor.tenantId,
  actor: { id: actor.id, tenantId: actor.tenantId, roles: ['contact'], mfa: false, verified: actor.verified },
  auditActor: { kind: 'contact', id: actor.id, role: 'contact' },
});

const LIST_DEFAULT = 50;
const LIST_MAX = 200;
const CODE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const STAFF_CHANNEL = 'staff';

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is invalid.', { issues: [{ path, message }] });

function checkNames(value: unknown, path: string): LocalizedText {
  const names = value as Partial<LocalizedText> | null;
  if (
    typeof names !== 'object' ||
    names === null ||
    typeof names['zh-CN'] !== 'string' ||
    typeof names.en !== 'string' ||
    names['zh-CN'].length === 0 ||
    names.en.length === 0
  )
    throw invalid(path, "expected { 'zh-CN': text, en: text }");
  return { 'zh-CN': names['zh-CN'], en: names.en };
}

const withoutNote = (a: Appointment): Appointment => ({ ...a, note: null });

/**
 * Booking for staff and for contacts themselves (DESIGN §2.2, §2.4). Every method authorizes
 * first with the actor's CASL ability; an appointment the actor may not see is "not found". Every
 * staff read or write of an appointment is recorded in the transaction of the access (fail closed).
 */
export function createBookingService(deps: BookingServiceDeps) {
  const { db, scheduler } = deps;
  const { recordIn, recordDenied } = bookingAudit(deps);

  /** Catalogue and schedules are tenant settings: the tenant admin's, not front-line staff's. */
  function requireAdmin(access: BookingAccess): void {
    requireStaff(access);
    if (!abilityFor(access).can('update', asSubject('TenantSettings', { tenantId: access.tenantId })))
      throw new AppError('forbidden', 'Only a tenant admin manages services, resources and schedules.');
  }

  async function serviceByCode(tenantId: string, code: string) {
    return db
      .selectFrom('booking_services')
      .select(['service_id', 'school_id'])
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  async function readable(access: BookingAccess, appointmentId: string) {
    const row = await loadAppointment(db, access.tenantId, appointmentId);
    if (!row) throw appointmentNotFound();
    return toAppointment(undefined, row);
  }

  return {
    async createService(
      access: BookingAccess,
      input: {
        code: string;
        names: LocalizedText;
        durationMinutes: number;
        restrictions?: ServiceRestrictions;
        schoolId?: string;
      },
    ): Promise<{ id: string }> {
      requireAdmin(access);
      if (typeof input.code !== 'string' || !CODE.test(input.code))
        throw invalid('code', 'expected a-z, 0-9, -');
      const names = checkNames(input.names, 'names');
      if (
        !Number.isInteger(input.durationMinutes) ||
        input.durationMinutes < 1 ||
        input.durationMinutes > 1440
      )
        throw invalid('durationMinutes', 'expected 1 to 1440');
      const id = randomUUID();
      const [result] = await db
        .insertInto('booking_services')
        .values({
          tenant_id: access.tenantId,
          service_id: id,
          code: input.code,
          names: JSON.stringify(names),
          duration_minutes: input.durationMinutes,
          restrictions: JSON.stringify(input.restrictions ?? {}),
          school_id: input.schoolId ?? null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
        .execute();
      if (result?.numInsertedOrUpdatedRows === 0n)
        throw new AppError('conflict', `A service with code ${input.code} exists.`);
      return { id };
    },

    async createResource(
      access: BookingAccess,
      input: {
        code: string;
        kind: ResourceKind;
        names: LocalizedText;
        title?: LocalizedText;
        serviceCode: string;
      },
    ): Promise<{ id: string }> {
      requireAdmin(access);
      if (typeof input.code !== 'string' || !CODE.test(input.code))
        throw invalid('code', 'expected a-z, 0-9, -');
      if (!(RESOURCE_KINDS as readonly string[]).includes(input.kind))
        throw invalid('kind', `expected one of: ${RESOURCE_KINDS.join(', ')}`);
      const names = checkNames(input.names, 'names');
      const title = input.title === undefined ? null : checkNames(input.title, 'title');
      const service = await serviceByCode(access.tenantId, input.serviceCode);
      if (!service) throw invalid('serviceCode', 'no such service');
      const id = randomUUID();
      const [result] = await db
        .insertInto('booking_resources')
        .values({
          tenant_id: access.tenantId,
          resource_id: id,
          code: input.code,
          kind: input.kind,
          names: JSON.stringify(names),
          title: title === null ? null : JSON.stringify(title),
          service_id: service.service_id,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
        .execute();
      if (result?.numInsertedOrUpdatedRows === 0n)
        throw new AppError('conflict', `A resource with code ${input.code} exists.`);
      return { id };
    },

    async createSchedule(
      access: BookingAccess,
      input: { serviceCode: string; resourceCode?: string; definition: unknown },
    ): Promise<{ id: string }> {
      requireAdmin(access);
      const parsed = scheduleDefinitionSchema.safeParse(input.definition);
      if (!parsed.success)
        throw new AppError('validation_failed', 'The schedule definition is not valid.', {
          issues: parsed.error.issues.map((i) => ({
            path: ['definition', ...i.path].join('.'),
            message: i.message,
          })),
        });
      const service = await serviceByCode(access.tenantId, input.serviceCode);
      if (!service) throw invalid('serviceCode', 'no such service');
      let resourceId: string | null = null;
      if (input.resourceCode !== undefined) {
        const resource = await db
          .selectFrom('booking_resources')
          .select('resource_id')
          .where('tenant_id', '=', access.tenantId)
          .where('code', '=', input.resourceCode)
          .where('service_id', '=', service.service_id)
          .executeTakeFirst();
        if (!resource) throw invalid('resourceCode', 'no such resource of this service');
        resourceId = resource.resource_id;
      }
      const id = randomUUID();
      await db
        .insertInto('booking_schedules')
        .values({
          tenant_id: access.tenantId,
          schedule_id: id,
          service_id: service.service_id,
          resource_id: resourceId,
          time_zone: parsed.data.timeZone,
          definition: JSON.stringify(parsed.data),
        })
        .execute();
      return { id };
    },

    /** Takes a service, resource or schedule out of booking (or back); existing appointments stay. */
    async setActive(
      access: BookingAccess,
      target: { kind: 'service' | 'resource'; code: string } | { kind: 'schedule'; id: string },
      active: boolean,
    ): Promise<void> {
      requireAdmin(access);
      let updated: { numUpdatedRows: bigint } | undefined;
      if (target.kind === 'schedule') {
        if (isUuid(target.id))
          updated = await db
            .updateTable('booking_schedules')
            .set({ active })
            .where('tenant_id', '=', access.tenantId)
            .where('schedule_id', '=', target.id)
            .executeTakeFirst();
      } else {
        const table = target.kind === 'service' ? 'booking_services' : 'booking_resources';
        updated = await db
          .updateTable(table)
          .set({ active })
          .where('tenant_id', '=', access.tenantId)
          .where('code', '=', target.code)
          .executeTakeFirst();
      }
      if (!updated || updated.numUpdatedRows === 0n)
        throw new AppError('not_found', `No such ${target.kind}.`);
    },

    /**
     * Materialises a schedule's slots for local dates fromDate…toDate. Idempotent: a slot the
     * schedule already has is skipped. Refuses, creating nothing, when a new slot would overlap
     * another slot of the same resource (another schedule's, or a declared one); the resource row
     * is locked meanwhile so that two generations cannot each miss the other's slots.
     */
    async generateSlots(
      access: BookingAccess,
      scheduleId: string,
      fromDate: string,
      toDate: string,
    ): Promise<{ created: number; existing: number }> {
      requireAdmin(access);
      if (!isUuid(scheduleId)) throw new AppError('not_found', 'No such schedule.');
      return db.transaction().execute(async (trx) => {
        const schedule = await trx
          .selectFrom('booking_schedules')
          .selectAll()
          .where('tenant_id', '=', access.tenantId)
          .where('schedule_id', '=', scheduleId)
          .forUpdate()
          .executeTakeFirst();
        if (!schedule?.active) throw new AppError('not_found', 'No such schedule.');
        const generated = generateSlots(
          scheduleDefinitionSchema.parse(schedule.definition),
          fromDate,
          toDate,
        );
        if (generated.length === 0) return { created: 0, existing: 0 };
        const first = generated[0]!.start;
        const last = generated.at(-1)!.end;
        const sameResource = (q: ReturnType<typeof trx.selectFrom<'booking_slots'>>) =>
          schedule.resource_id === null
            ? q.where('schedule_id', '=', schedule.schedule_id)
            : q.where('resource_id', '=', schedule.resource_id);
        if (schedule.resource_id !== null)
          await trx
            .selectFrom('booking_resources')
            .select('resource_id')
            .where('tenant_id', '=', access.tenantId)
            .where('resource_id', '=', schedule.resource_id)
            .forUpdate()
            .execute();
        const nearby = await sameResource(trx.selectFrom('booking_slots'))
          .select(['schedule_id', 'starts_at', 'ends_at'])
          .where('tenant_id', '=', access.tenantId)
          .where('starts_at', '<', last)
          .where('ends_at', '>', first)
          .execute();
        const mine = new Set(
          nearby.filter((s) => s.schedule_id === schedule.schedule_id).map((s) => s.starts_at.getTime()),
        );
        const fresh = generated.filter((s) => !mine.has(s.start.getTime()));
        const all = [...nearby.map((s) => ({ start: s.starts_at, end: s.ends_at })), ...fresh];
        const clash = overlapping(all);
        if (clash) {
          const [a, b] = clash.map((i) => all[i]!);
          throw new BookingError(
            'conflict',
            'slot-overlap',
            `A slot from ${a!.start.toISOString()} overlaps another of the same resource from ${b!.start.toISOString()}.`,
          );
        }
        if (fresh.length > 0)
          await trx
            .insertInto('booking_slots')
            .values(
              fresh.map((s) => ({
                tenant_id: access.tenantId,
                slot_id: randomUUID(),
                schedule_id: schedule.schedule_id,
                service_id: schedule.service_id,
                resource_id: schedule.resource_id,
                starts_at: s.start,
                ends_at: s.end,
                capacity: s.capacity,
              })),
            )
            .onConflict((oc) => oc.columns(['tenant_id', 'schedule_id', 'starts_at']).doNothing())
            .execute();
        await trx
          .updateTable('booking_schedules')
          .set({ generated_through: sql<string>`greatest(generated_through, ${toDate}::date)` })
          .where('tenant_id', '=', access.tenantId)
          .where('schedule_id', '=', schedule.schedule_id)
          .execute();
        return { created: fresh.length, existing: generated.length - fresh.length };
      });
    },

    /** Appointments the actor may read, by start; each one listed is an audited read. */
    async listAppointments(
      access: BookingAccess,
      filter: AppointmentListFilter = {},
    ): Promise<Appointment[]> {
      requireStaff(access);
      if (filter.status !== undefined && !(APPOINTMENT_STATUSES as readonly string[]).includes(filter.status))
        throw invalid('status', `expected one of: ${APPOINTMENT_STATUSES.join(', ')}`);
      const limit = Math.min(Math.max(Math.trunc(filter.limit ?? LIST_DEFAULT), 1), LIST_MAX);
      return db.transaction().execute(async (trx) => {
        let query = appointmentView(trx, access.tenantId).where(
          accessFilter(abilityFor(access), 'read', 'Appointment', APPOINTMENT_FILTER_COLUMNS),
        );
        if (filter.status) query = query.where('a.status', '=', filter.status);
        if (filter.from) query = query.where('s.starts_at', '>=', filter.from);
        if (filter.to) query = query.where('s.starts_at', '<', filter.to);
        const rows = await query.orderBy('s.starts_at').orderBy('a.appointment_id').limit(limit).execute();
        const listed = await Promise.all(rows.map((row) => toAppointment(undefined, row)));
        for (const appointment of listed) await recordIn(trx, access, appointment, 'read', 'staff');
        return listed;
      });
    },

    /** One appointment, with the note if the actor's role may read it; audited. */
    async getAppointment(access: BookingAccess, appointmentId: string): Promise<Appointment> {
      requireStaff(access);
      const ability = abilityFor(access);
      const found = await readable(access, appointmentId);
      const subject = appointmentSubject(found);
      if (!ability.can('read', subject)) {
        await recordDenied(access, found, 'read', 'staff');
        throw appointmentNotFound();
      }
      return db.transaction().execute(async (trx) => {
        const row = await loadAppointment(trx, access.tenantId, appointmentId);
        if (!row) throw appointmentNotFound();
        const withNote = ability.can('read', subject, 'note');
        const appointment = await toAppointment(withNote ? deps.keyring : undefined, row);
        await recordIn(trx, access, appointment, 'read', 'staff');
        return appointment;
      });
    },

    /** Staff book a slot for a contact (phone, front desk); hold and confirm at once. */
    async bookOnBehalf(
      access: BookingAccess,
      input: {
        slotId: string;
        contactId: string;
        idempotencyKey: string;
        note?: string;
        conversationId?: string;
      },
    ): Promise<Appointment> {
      requireStaff(access);
      if (!isUuid(input.slotId)) throw new AppError('not_found', 'No such slot.');
      const slot = await db
        .selectFrom('booking_slots as s')
        .innerJoin('booking_services as v', (j) =>
          j.onRef('v.tenant_id', '=', 's.tenant_id').onRef('v.service_id', '=', 's.service_id'),
        )
        .select(['v.school_id', 'v.code'])
        .where('s.tenant_id', '=', access.tenantId)
        .where('s.slot_id', '=', input.slotId)
        .executeTakeFirst();
      if (!slot) throw new AppError('not_found', 'No such slot.');
      const intended = asSubject('Appointment', {
        tenantId: access.tenantId,
        contactId: input.contactId,
        bookedById: access.actor.id,
        careTeam: [],
        schoolId: slot.school_id,
        status: 'pending',
        service: slot.code,
      });
      if (!abilityFor(access).can('create', intended))
        throw new AppError('forbidden', 'Not allowed to book for this contact.');
      return scheduler
        .book(
          {
            tenantId: access.tenantId,
            slotId: input.slotId,
            contactId: input.contactId,
            idempotencyKey: input.idempotencyKey,
            channel: STAFF_CHANNEL,
            bookedById: access.actor.id,
            ...(input.note === undefined ? {} : { note: input.note }),
            ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
          },
          (trx, appointment) => recordIn(trx, access, appointment, 'create', 'staff'),
        )
        .then(withoutNote);
    },

    async cancelForStaff(access: BookingAccess, appointmentId: string, reason: string): Promise<Appointment> {
      requireStaff(access);
      const found = await readable(access, appointmentId);
      const ability = abilityFor(access);
      if (!ability.can('update', appointmentSubject(found))) {
        await recordDenied(access, found, 'update', 'staff');
        if (!ability.can('read', appointmentSubject(found))) throw appointmentNotFound();
        throw new AppError('forbidden', 'Not allowed to cancel this appointment.');
      }
      const cancelled = await scheduler.cancel(
        { tenantId: access.tenantId, appointmentId, reason, actor: { kind: 'staff', id: access.actor.id } },
        (trx, appointment) => recordIn(trx, access, appointment, 'update', 'staff'),
      );
      return withoutNote(cancelled);
    },

    /**
     * The contact's own upcoming appointments (verified contacts only; no notes, no staff ids): a
     * widget visitor verified as a directory record sees that record's (and, for a guardian, their
     * wards') and their own, by start.
     */
    async contactAppointments(
      access: BookingAccess,
      options: { includePast?: boolean } = {},
    ): Promise<Appointment[]> {
      requireContact(access);
      const ability = abilityFor(access);
      if (!ability.can('read', 'Appointment'))
        throw new AppError('forbidden', 'Confirm your identity to see your appointments.');
      const people = [access.actor.id];
      if (access.actor.verified && access.actor.verifiedSubjectId)
        people.push(access.actor.verifiedSubjectId, ...(access.actor.wardIds ?? []));
      const lists = await Promise.all(
        [...new Set(people)].map((contactId) =>
          scheduler.getAppointments({
            tenantId: access.tenantId,
            contactId,
            includePast: options.includePast === true,
          }),
        ),
      );
      return lists
        .flat()
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
        .filter((a) => ability.can('read', appointmentSubject(a)))
        .map((a) => ({ ...withoutNote(a), bookedById: null, careTeam: [] }));
    },

    async contactCancel(access: BookingAccess, appointmentId: string, reason: string): Promise<Appointment> {
      requireContact(access);
      const ability = abilityFor(access);
      const found = await readable(access, appointmentId);
      if (!ability.can('read', appointmentSubject(found))) throw appointmentNotFound();
      if (!ability.can('update', appointmentSubject(found)))
        throw new BookingError(
          'conflict',
          'invalid-state',
          `A ${found.status} appointment cannot be cancelled.`,
        );
      const cancelled = await scheduler.cancel(
        { tenantId: access.tenantId, appointmentId, reason, actor: { kind: 'contact', id: access.actor.id } },
        (trx, appointment) => recordIn(trx, access, appointment, 'update', 'contact'),
      );
      return { ...withoutNote(cancelled), bookedById: null, careTeam: [] };
    },
  };
}

export type BookingService = ReturnType<typeof createBookingService>;

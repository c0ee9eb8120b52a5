import { AppError, type AppErrorOptions, type ErrorCode } from '../errors/app-error.ts';
import type { PartOfDay } from './part-of-day.ts';

/**
 * The booking domain, shaped like FHIR R4 (Schedule → Slot → Appointment): a hospital's
 * department → doctor → time slot (预约挂号), a school's campus tour or admission interview.
 * Booking is two-phase: a hold (an Appointment in `pending`, with a time to live), then a
 * confirmation (`booked`). The scheduling port is what the dialogue and the staff console call;
 * the local scheduler implements it on the Custos database, adapters in integrations/ on a HIS/SIS.
 */
export const APPOINTMENT_STATUSES = ['pending', 'booked', 'cancelled', 'noshow', 'fulfilled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const RESOURCE_KINDS = ['practitioner', 'room', 'guide'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export type SlotStatus = 'free' | 'blocked';

/** A label in both languages the product speaks. */
export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface ServiceRestrictions {
  readonly minAgeYears?: number;
  readonly maxAgeYears?: number;
  readonly sex?: 'female' | 'male';
}

export interface BookingService {
  readonly id: string;
  readonly code: string;
  readonly names: LocalizedText;
  readonly durationMinutes: number;
  readonly restrictions: ServiceRestrictions;
  readonly schoolId: string | null;
  readonly active: boolean;
}

export interface BookingResource {
  readonly id: string;
  readonly code: string;
  readonly kind: ResourceKind;
  readonly names: LocalizedText;
  readonly title: LocalizedText | null;
  readonly serviceId: string;
  readonly active: boolean;
}

/** A bookable slot with room left, as search returns it. */
export interface FreeSlot {
  readonly slotId: string;
  readonly serviceCode: string;
  readonly resourceCode: string | null;
  readonly resourceNames: LocalizedText | null;
  readonly resourceTitle: LocalizedText | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly capacity: number;
  readonly remaining: number;
}

export interface SlotQuery {
  readonly tenantId: string;
  readonly serviceCode: string;
  readonly resourceCode?: string;
  /** Instants: [from, to). */
  readonly from?: Date;
  readonly to?: Date;
  /** Or local dates (YYYY-MM-DD, inclusive) in the tenant's time zone, optionally one part of each day. */
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly partOfDay?: PartOfDay;
  /** Default 3 (what the assistant offers), at most 200. */
  readonly limit?: number;
}

export interface HoldRequest {
  readonly tenantId: string;
  readonly slotId: string;
  readonly contactId: string;
  readonly idempotencyKey: string;
  /** Default 300 s, at most 3600 s. */
  readonly ttlSeconds?: number;
  readonly channel: string;
  readonly conversationId?: string;
  /** The reason for the visit, in the contact's words; sealed under their key. */
  readonly note?: string;
  /** Staff who book on behalf of the contact. */
  readonly bookedById?: string;
}

export interface Hold {
  readonly appointmentId: string;
  readonly expiresAt: Date;
  readonly place: number;
}

/** Who cancels, for adapters that record it; a code, never a name. */
export interface CancelActor {
  readonly kind: 'contact' | 'staff' | 'system';
  readonly id: string;
}

export interface Appointment {
  readonly tenantId: string;
  readonly id: string;
  readonly slotId: string;
  readonly place: number;
  readonly contactId: string;
  readonly status: AppointmentStatus;
  readonly holdExpiresAt: Date | null;
  readonly confirmationCode: string;
  readonly channel: string;
  readonly conversationId: string | null;
  readonly bookedById: string | null;
  readonly careTeam: readonly string[];
  readonly schoolId: string | null;
  /** Null when there is none, or once the contact is erased. */
  readonly note: string | null;
  readonly cancelReason: string | null;
  readonly service: { readonly id: string; readonly code: string; readonly names: LocalizedText };
  readonly resource: {
    readonly id: string;
    readonly code: string;
    readonly names: LocalizedText;
    readonly title: LocalizedText | null;
  } | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly reminderDueAt: Date | null;
  readonly reminderSentAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly cancelledAt: Date | null;
}

/** What core's dialogue and the FHIR/HL7 adapters implement. */
export interface SchedulingPort {
  findSlots(q: SlotQuery): Promise<FreeSlot[]>;
  hold(req: HoldRequest): Promise<Hold>;
  /** The same key twice gives the same appointment, not an error. */
  confirm(req: { tenantId: string; appointmentId: string; idempotencyKey: string }): Promise<Appointment>;
  cancel(req: {
    tenantId: string;
    appointmentId: string;
    reason: string;
    actor: CancelActor;
  }): Promise<Appointment>;
  /** One transaction: a failure midway leaves the original booked. */
  reschedule(req: {
    tenantId: string;
    appointmentId: string;
    newSlotId: string;
    idempotencyKey: string;
    /** Who moves it, for adapters that record it; default the appointment's contact. */
    actor?: CancelActor;
  }): Promise<Appointment>;
  getAppointments(q: { tenantId: string; contactId: string; includePast?: boolean }): Promise<Appointment[]>;
}

/** How reminders and confirmations reach a contact (SMS, WeChat, the widget). */
export interface NotificationPort {
  /** `where`: the tenant, and the conversation the appointment was made in, if any. */
  send(
    contactId: string,
    channel: string,
    text: string,
    idempotencyKey: string,
    where?: { readonly tenantId: string; readonly conversationId: string | null },
  ): Promise<void>;
}

/** The finer kinds of booking failures: stable identifiers a client can branch on. */
export const BOOKING_ERROR_TYPES = [
  'slot-taken',
  'hold-expired',
  'not-found',
  'rule-violation',
  'idempotency-key-reused',
  'invalid-state',
  'slot-overlap',
  'slot-in-past',
] as const;
export type BookingErrorType = (typeof BOOKING_ERROR_TYPES)[number];

/**
 * An `AppError` with its booking type in `details.type` (and the field `type`); a taken slot also
 * carries up to three free slots of the same service near the wanted time, to offer instead.
 */
export class BookingError extends AppError {
  readonly type: BookingErrorType;
  readonly alternatives: readonly FreeSlot[];

  constructor(
    code: ErrorCode,
    type: BookingErrorType,
    message: string,
    options: AppErrorOptions & { alternatives?: readonly FreeSlot[] } = {},
  ) {
    const alternatives = options.alternatives ?? [];
    super(code, message, {
      ...options,
      details: {
        ...options.details,
        type,
        ...(alternatives.length > 0 ? { alternatives: alternatives.map(publicSlot) } : {}),
      },
    });
    this.type = type;
    this.alternatives = alternatives;
  }
}

const publicSlot = (slot: FreeSlot) => ({
  slotId: slot.slotId,
  resourceCode: slot.resourceCode,
  startsAt: slot.startsAt.toISOString(),
  endsAt: slot.endsAt.toISOString(),
});

export const isBookingError = (error: unknown, type?: BookingErrorType): error is BookingError =>
  error instanceof BookingError && (type === undefined || error.type === type);

export const slotTaken = (alternatives: readonly FreeSlot[]) =>
  new BookingError('conflict', 'slot-taken', 'The slot is taken.', { alternatives });
export const holdExpired = () =>
  new BookingError('conflict', 'hold-expired', 'The hold has expired; choose a slot again.');
export const appointmentNotFound = () => new BookingError('not_found', 'not-found', 'No such appointment.');
export const slotNotFound = () => new BookingError('not_found', 'not-found', 'No such slot.');

/** Who works on bookings: the authorization view and the audit view of the same actor. */
export type { ConversationAccess as BookingAccess } from '../conversations/conversation-access.ts';

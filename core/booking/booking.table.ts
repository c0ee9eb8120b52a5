import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { appointmentColumns } from './booking.columns.ts';
import type {
  AppointmentStatus,
  LocalizedText,
  ResourceKind,
  ServiceRestrictions,
  SlotStatus,
} from './booking.ts';

type Json<T> = ColumnType<T, string, string>;
type OptionalSealed<C> = ColumnType<Buffer | null, SealedOf<C> | null, SealedOf<C> | null>;

export interface BookingServiceTable {
  tenant_id: string;
  service_id: string;
  code: string;
  names: Json<LocalizedText>;
  duration_minutes: number;
  restrictions: ColumnType<ServiceRestrictions, string | undefined, string>;
  school_id: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface BookingResourceTable {
  tenant_id: string;
  resource_id: string;
  code: string;
  kind: ResourceKind;
  names: Json<LocalizedText>;
  title: ColumnType<LocalizedText | null, string | null, string | null>;
  service_id: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface BookingScheduleTable {
  tenant_id: string;
  schedule_id: string;
  service_id: string;
  resource_id: string | null;
  time_zone: string;
  /** A ScheduleDefinition (availability.ts). */
  definition: Json<unknown>;
  active: Generated<boolean>;
  /** A `date`: read as YYYY-MM-DD (core/db/type-parsers.ts). */
  generated_through: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface BookingSlotTable {
  tenant_id: string;
  slot_id: string;
  schedule_id: string | null;
  service_id: string;
  resource_id: string | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  status: ColumnType<SlotStatus, SlotStatus | undefined, SlotStatus>;
  created_at: Generated<Date>;
}

/** `appointments`, keyed by (tenant_id, appointment_id); the note is bound to appointment_id. */
export interface AppointmentTable {
  tenant_id: string;
  appointment_id: string;
  slot_id: string;
  place: number;
  slot_capacity: number;
  contact_id: string;
  status: AppointmentStatus;
  hold_expires_at: Date | null;
  confirmation_code: string;
  idempotency_key: string;
  channel: string;
  conversation_id: string | null;
  booked_by_id: string | null;
  care_team: ColumnType<string[], string[] | undefined, string[]>;
  school_id: string | null;
  note: OptionalSealed<(typeof appointmentColumns.columns)['note']>;
  cancel_reason: string | null;
  reminder_due_at: Date | null;
  reminder_sent_at: Date | null;
  reminder_claimed_at: Generated<Date | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  cancelled_at: Date | null;
}

export interface BookingDatabase {
  booking_services: BookingServiceTable;
  booking_resources: BookingResourceTable;
  booking_schedules: BookingScheduleTable;
  booking_slots: BookingSlotTable;
  appointments: AppointmentTable;
}

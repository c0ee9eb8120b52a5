import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of the booking tables (DESIGN §2.1). Services, resources, schedules and
 * slots are the tenant's catalogue: the names of doctors and guides are staff directory data, not
 * personal data of contacts. Of an appointment only the note is personal — the reason for a
 * visit is health data — and it is sealed under the contact's key, so erasing the contact erases it.
 */
export const bookingServiceColumns = defineColumns('booking_services', {
  tenant_id: { classification: 'internal' },
  service_id: { classification: 'internal' },
  code: { classification: 'internal' },
  names: { classification: 'internal' },
  duration_minutes: { classification: 'internal' },
  restrictions: { classification: 'internal' },
  school_id: { classification: 'internal' },
  active: { classification: 'internal' },
  created_at: { classification: 'internal' },
});

export const bookingResourceColumns = defineColumns('booking_resources', {
  tenant_id: { classification: 'internal' },
  resource_id: { classification: 'internal' },
  code: { classification: 'internal' },
  kind: { classification: 'internal' },
  names: { classification: 'internal' },
  title: { classification: 'internal' },
  service_id: { classification: 'internal' },
  active: { classification: 'internal' },
  created_at: { classification: 'internal' },
});

export const bookingScheduleColumns = defineColumns('booking_schedules', {
  tenant_id: { classification: 'internal' },
  schedule_id: { classification: 'internal' },
  service_id: { classification: 'internal' },
  resource_id: { classification: 'internal' },
  time_zone: { classification: 'internal' },
  definition: { classification: 'internal' },
  active: { classification: 'internal' },
  generated_through: { classification: 'internal' },
  created_at: { classification: 'internal' },
});

export const bookingSlotColumns = defineColumns('booking_slots', {
  tenant_id: { classification: 'internal' },
  slot_id: { classification: 'internal' },
  schedule_id: { classification: 'internal' },
  service_id: { classification: 'internal' },
  resource_id: { classification: 'internal' },
  starts_at: { classification: 'internal' },
  ends_at: { classification: 'internal' },
  capacity: { classification: 'internal' },
  status: { classification: 'internal' },
  created_at: { classification: 'internal' },
});

export const appointmentColumns = defineColumns('appointments', {
  tenant_id: { classification: 'internal' },
  // The row id bound into the note's ciphertext.
  appointment_id: { classification: 'internal' },
  slot_id: { classification: 'internal' },
  place: { classification: 'internal' },
  slot_capacity: { classification: 'internal' },
  // The data subject whose key seals the note.
  contact_id: { classification: 'internal' },
  status: { classification: 'internal' },
  hold_expires_at: { classification: 'internal' },
  // Random, and says nothing of the person; shown to them to quote at the front desk.
  confirmation_code: { classification: 'internal' },
  idempotency_key: { classification: 'internal' },
  channel: { classification: 'internal' },
  conversation_id: { classification: 'internal' },
  booked_by_id: { classification: 'internal' },
  care_team: { classification: 'internal' },
  school_id: { classification: 'internal' },
  note: { classification: 'phi', subjectKeyed: true },
  // A code (`hold-expired`, `patient-request`…), never free text.
  cancel_reason: { classification: 'internal' },
  reminder_due_at: { classification: 'internal' },
  reminder_sent_at: { classification: 'internal' },
  reminder_claimed_at: { classification: 'internal' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
  cancelled_at: { classification: 'internal' },
});

export const BOOKING_COLUMNS = [
  bookingServiceColumns,
  bookingResourceColumns,
  bookingScheduleColumns,
  bookingSlotColumns,
  appointmentColumns,
] as const;

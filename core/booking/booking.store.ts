import { randomInt } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { decryptField, KeyDestroyed, type Keyring, readSealed } from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { appointmentColumns } from './booking.columns.ts';
import type { AppointmentTable, BookingSlotTable } from './booking.table.ts';
import type { Appointment, FreeSlot, LocalizedText, SlotQuery } from './booking.ts';
import { PARTS_OF_DAY, partOfDayRange } from './part-of-day.ts';
import { parseLocalDate } from './zoned-instant.ts';

/**
 * The SQL of booking, below the scheduler and the service: rows in, rows out, every statement
 * scoped to one tenant. Functions that must run inside a transaction take a `Transaction`.
 */
export type BookingKeyring = Pick<Keyring<Transaction<Database>>, 'encryptionKey' | 'decryptionKey'>;

export const NOTE = appointmentColumns.columns.note;

// No 0/O, 1/I/L: read aloud or typed from a text message without ambiguity.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Eight characters, uniformly from the alphabet (node:crypto's randomInt has no modulo bias). */
export function confirmationCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

interface DatabaseError {
  readonly code?: string;
  readonly constraint?: string;
  readonly message?: string;
}

/** Whether `error` is PostgreSQL's unique (23505) or foreign-key (23503) violation of `constraint`. */
export function violates(error: unknown, sqlState: '23505' | '23503', constraint: string): boolean {
  const e = error as DatabaseError | null;
  if (e?.code !== sqlState) return false;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

export type SlotRow = Selectable<BookingSlotTable>;

/** The slot, locked for the rest of the transaction: holds on one slot queue here, not in the index. */
export async function lockSlot(
  trx: Transaction<Database>,
  tenantId: string,
  slotId: string,
): Promise<SlotRow | undefined> {
  if (!isUuid(slotId)) return undefined;
  return trx
    .selectFrom('booking_slots')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('slot_id', '=', slotId)
    .forUpdate()
    .executeTakeFirst();
}

/** Expired holds of the slot give their places back. */
export async function releaseExpiredHolds(
  trx: Transaction<Database>,
  tenantId: string,
  slotId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('appointments')
    .set({
      status: 'cancelled',
      cancel_reason: 'hold-expired',
      cancelled_at: now,
      hold_expires_at: null,
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('slot_id', '=', slotId)
    .where('status', '=', 'pending')
    .where('hold_expires_at', '<=', now)
    .execute();
}

/** The lowest place of the slot no active appointment occupies, if any. */
export async function lowestFreePlace(
  trx: Transaction<Database>,
  slot: SlotRow,
): Promise<number | undefined> {
  const { rows } = await sql<{ place: number }>`
    select p::int as place from generate_series(1, ${slot.capacity}::int) as p
    where not exists (
      select 1 from appointments a
      where a.tenant_id = ${slot.tenant_id} and a.slot_id = ${slot.slot_id} and a.place = p
        and a.status in ('pending', 'booked'))
    order by p limit 1`.execute(trx);
  return rows[0]?.place;
}

export async function lockAppointment(
  trx: Transaction<Database>,
  tenantId: string,
  appointmentId: string,
): Promise<Selectable<AppointmentTable> | undefined> {
  if (!isUuid(appointmentId)) return undefined;
  return trx
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('appointment_id', '=', appointmentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function appointmentByKey(
  db: Kysely<Database>,
  tenantId: string,
  idempotencyKey: string,
): Promise<Selectable<AppointmentTable> | undefined> {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** An appointment with its slot, service and resource, as the domain object is built from. */
export function appointmentView(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('booking_slots as s', (j) =>
      j.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.slot_id', '=', 'a.slot_id'),
    )
    .innerJoin('booking_services as v', (j) =>
      j.onRef('v.tenant_id', '=', 's.tenant_id').onRef('v.service_id', '=', 's.service_id'),
    )
    .leftJoin('booking_resources as r', (j) =>
      j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.resource_id', '=', 's.resource_id'),
    )
    .selectAll('a')
    .select([
      's.starts_at',
      's.ends_at',
      'v.service_id',
      'v.code as service_code',
      'v.names as service_names',
      'r.resource_id',
      'r.code as resource_code',
      'r.names as resource_names',
      'r.title as resource_title',
    ])
    .where('a.tenant_id', '=', tenantId);
}

export type AppointmentViewRow = Selectable<AppointmentTable> & {
  starts_at: Date;
  ends_at: Date;
  service_id: string;
  service_code: string;
  service_names: LocalizedText;
  resource_id: string | null;
  resource_code: string | null;
  resource_names: LocalizedText | null;
  resource_title: LocalizedText | null;
};

export async function loadAppointment(
  db: Kysely<Database>,
  tenantId: string,
  appointmentId: string,
): Promise<AppointmentViewRow | undefined> {
  if (!isUuid(appointmentId)) return undefined;
  return appointmentView(db, tenantId).where('a.appointment_id', '=', appointmentId).executeTakeFirst();
}

/** The domain object; the note opened with the contact's key, or null once they are erased. */
export async function toAppointment(
  keyring: BookingKeyring | undefined,
  row: AppointmentViewRow,
): Promise<Appointment> {
  let note: string | null = null;
  if (row.note !== null && keyring) {
    try {
      const at = { tenantId: row.tenant_id, rowId: row.appointment_id, subjectId: row.contact_id };
      note = await decryptField(keyring, NOTE, at, readSealed(NOTE, row.note));
    } catch (error) {
      if (!(error instanceof KeyDestroyed)) throw error;
    }
  }
  return {
    tenantId: row.tenant_id,
    id: row.appointment_id,
    slotId: row.slot_id,
    place: row.place,
    contactId: row.contact_id,
    status: row.status,
    holdExpiresAt: row.hold_expires_at,
    confirmationCode: row.confirmation_code,
    channel: row.channel,
    conversationId: row.conversation_id,
    bookedById: row.booked_by_id,
    careTeam: row.care_team,
    schoolId: row.school_id,
    note,
    cancelReason: row.cancel_reason,
    service: { id: row.service_id, code: row.service_code, names: row.service_names },
    resource:
      row.resource_id === null || row.resource_code === null || row.resource_names === null
        ? null
        : {
            id: row.resource_id,
            code: row.resource_code,
            names: row.resource_names,
            title: row.resource_title,
          },
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reminderDueAt: row.reminder_due_at,
    reminderSentAt: row.reminder_sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cancelledAt: row.cancelled_at,
  };
}

interface FreeSlotRow {
  slot_id: string;
  service_code: string;
  resource_code: string | null;
  resource_names: LocalizedText | null;
  resource_title: LocalizedText | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  taken: number;
}

export interface FreeSlotSearch {
  readonly tenantId: string;
  readonly serviceCode: string;
  readonly resourceCode?: string | undefined;
  /** Ranges of start instants, [from, to) each; the slot must start in one of them. */
  readonly ranges: readonly { readonly from: Date; readonly to: Date }[];
  readonly now: Date;
  readonly limit: number;
  /** Nearest to this instant first, instead of earliest first (alternatives to a taken slot). */
  readonly near?: Date;
  readonly excludeSlotId?: string;
}

/**
 * Free slots: open, active, in the future, with fewer active appointments than places. A hold
 * counts only while it lasts; an expired one still occupies its row until the next hold on the
 * slot releases it, but search already offers its place.
 */
export async function searchFreeSlots(db: Kysely<Database>, q: FreeSlotSearch): Promise<FreeSlot[]> {
  if (q.ranges.length === 0) return [];
  const ranges = sql.join(
    q.ranges.map((r) => sql`(s.starts_at >= ${r.from}::timestamptz and s.starts_at < ${r.to}::timestamptz)`),
    sql` or `,
  );
  const order = q.near
    ? sql`abs(extract(epoch from s.starts_at - ${q.near}::timestamptz)), s.starts_at, r.code nulls first`
    : sql`s.starts_at, r.code nulls first, s.slot_id`;
  const { rows } = await sql<FreeSlotRow>`
    select s.slot_id, v.code as service_code, r.code as resource_code, r.names as resource_names,
           r.title as resource_title, s.starts_at, s.ends_at, s.capacity, t.taken
    from booking_slots s
    join booking_services v on v.tenant_id = s.tenant_id and v.service_id = s.service_id
    left join booking_resources r on r.tenant_id = s.tenant_id and r.resource_id = s.resource_id
    cross join lateral (
      select count(*)::int as taken from appointments a
      where a.tenant_id = s.tenant_id and a.slot_id = s.slot_id
        and (a.status = 'booked' or (a.status = 'pending' and a.hold_expires_at > ${q.now}::timestamptz))
    ) t
    where s.tenant_id = ${q.tenantId} and v.code = ${q.serviceCode} and v.active
      and s.status = 'free' and s.starts_at > ${q.now}::timestamptz
      and (r.resource_id is null or r.active)
      ${q.resourceCode === undefined ? sql`` : sql`and r.code = ${q.resourceCode}`}
      ${q.excludeSlotId === undefined ? sql`` : sql`and s.slot_id <> ${q.excludeSlotId}::uuid`}
      and (${ranges})
      and t.taken < s.capacity
    order by ${order}
    limit ${q.limit}`.execute(db);
  return rows.map((row) => ({
    slotId: row.slot_id,
    serviceCode: row.service_code,
    resourceCode: row.resource_code,
    resourceNames: row.resource_names,
    resourceTitle: row.resource_title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    remaining: row.capacity - row.taken,
  }));
}

/** Up to three free slots of the slot's service near its start, for a "slot taken" answer. */
export async function alternativesTo(
  db: Kysely<Database>,
  tenantId: string,
  slotId: string,
  now: Date,
): Promise<FreeSlot[]> {
  if (!isUuid(slotId)) return [];
  const slot = await db
    .selectFrom('booking_slots as s')
    .innerJoin('booking_services as v', (j) =>
      j.onRef('v.tenant_id', '=', 's.tenant_id').onRef('v.service_id', '=', 's.service_id'),
    )
    .select(['v.code', 's.starts_at'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.slot_id', '=', slotId)
    .executeTakeFirst();
  if (!slot) return [];
  const week = 7 * 24 * 3600 * 1000;
  return searchFreeSlots(db, {
    tenantId,
    serviceCode: slot.code,
    ranges: [
      { from: new Date(slot.starts_at.getTime() - week), to: new Date(slot.starts_at.getTime() + week) },
    ],
    now,
    limit: 3,
    near: slot.starts_at,
    excludeSlotId: slotId,
  });
}

const MAX_SEARCH = 200;
const DEFAULT_SEARCH = 3;
const MAX_DAYS = 62;
const DEFAULT_WINDOW_MS = 14 * 24 * 3600 * 1000;

const badQuery = (path: string, message: string) =>
  new AppError('validation_failed', 'The slot search is invalid.', { issues: [{ path, message }] });

/** The local dates fromDate…toDate (inclusive), stepping by calendar day. */
function datesBetween(fromDate: string, toDate: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(fromDate); t <= Date.parse(toDate); t += 24 * 3600 * 1000)
    dates.push(new Date(t).toISOString().slice(0, 10));
  return dates;
}

async function tenantTimeZone(db: Kysely<Database>, tenantId: string): Promise<string> {
  const tenant = await db
    .selectFrom('tenants')
    .select('time_zone')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant) throw new AppError('not_found', 'No such tenant.');
  return tenant.time_zone;
}

/** The port's `findSlots`: a query checked and turned into ranges of start instants. */
export async function findFreeSlots(db: Kysely<Database>, q: SlotQuery, now: Date): Promise<FreeSlot[]> {
  if (typeof q.serviceCode !== 'string' || q.serviceCode === '') throw badQuery('serviceCode', 'required');
  const limit = q.limit ?? DEFAULT_SEARCH;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH)
    throw badQuery('limit', `expected an integer from 1 to ${MAX_SEARCH}`);
  if (q.partOfDay !== undefined && !(PARTS_OF_DAY as readonly string[]).includes(q.partOfDay))
    throw badQuery('partOfDay', `expected one of: ${PARTS_OF_DAY.join(', ')}`);
  let ranges: { from: Date; to: Date }[];
  if (q.fromDate !== undefined || q.toDate !== undefined) {
    const fromDate = q.fromDate ?? q.toDate;
    const toDate = q.toDate ?? q.fromDate;
    if (!fromDate || !parseLocalDate(fromDate)) throw badQuery('fromDate', 'expected a date YYYY-MM-DD');
    if (!toDate || !parseLocalDate(toDate)) throw badQuery('toDate', 'expected a date YYYY-MM-DD');
    const span = (Date.parse(toDate) - Date.parse(fromDate)) / (24 * 3600 * 1000);
    if (span < 0 || span >= MAX_DAYS)
      throw badQuery('toDate', `expected 0 to ${MAX_DAYS - 1} days after fromDate`);
    const timeZone = await tenantTimeZone(db, q.tenantId);
    ranges = datesBetween(fromDate, toDate).map((date) => partOfDayRange(date, q.partOfDay, timeZone));
  } else {
    if (q.partOfDay !== undefined) throw badQuery('partOfDay', 'needs fromDate and toDate');
    const from = q.from ?? now;
    const to = q.to ?? new Date(from.getTime() + DEFAULT_WINDOW_MS);
    if (!(from instanceof Date) || Number.isNaN(from.getTime()))
      throw badQuery('from', 'expected an instant');
    if (!(to instanceof Date) || Number.isNaN(to.getTime()) || to <= from)
      throw badQuery('to', 'expected an instant after from');
    ranges = [{ from, to }];
  }
  return searchFreeSlots(db, {
    tenantId: q.tenantId,
    serviceCode: q.serviceCode,
    resourceCode: q.resourceCode,
    ranges,
    now,
    limit,
  });
}

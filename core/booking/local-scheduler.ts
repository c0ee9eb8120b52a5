import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { decryptField, encryptField, KeyDestroyed, readSealed } from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import {
  alternativesTo,
  appointmentByKey,
  appointmentView,
  type BookingKeyring,
  confirmationCode,
  findFreeSlots,
  isUuid,
  loadAppointment,
  lockAppointment,
  lockSlot,
  lowestFreePlace,
  NOTE,
  releaseExpiredHolds,
  type SlotRow,
  toAppointment,
  violates,
} from './booking.store.ts';
import type { AppointmentTable } from './booking.table.ts';
import {
  type Appointment,
  appointmentNotFound,
  BookingError,
  type CancelActor,
  type Hold,
  type HoldRequest,
  holdExpired,
  type SchedulingPort,
  slotNotFound,
  slotTaken,
} from './booking.ts';
import { type BookingRule, type BookingRuleContext, runRules } from './booking-rules.ts';

/** What the rules need to know of the person: their date of birth is sealed, so a caller supplies it. */
export type ContactFacts = (tenantId: string, contactId: string) => Promise<BookingRuleContext['contact']>;

export interface LocalSchedulerDeps {
  readonly db: Kysely<Database>;
  readonly keyring: BookingKeyring;
  readonly now?: () => Date;
  /** The booking rules (booking-rules.ts `rulesFromConfig`), run in order before a place is taken. */
  readonly rules?: readonly BookingRule[];
  /**
   * Each tenant's own rules (booking-settings.ts, a short cache), asked at every hold, booking,
   * reschedule and contact's cancel; when given, it replaces `rules`.
   */
  readonly rulesFor?: (tenantId: string) => Promise<readonly BookingRule[]>;
  /** Facts about the contact for age and sex rules; by default nothing is known and they are unverified. */
  readonly contactFacts?: ContactFacts;
  /** How long before the start a reminder is due; default 24 h. */
  readonly reminderLeadMinutes?: number;
}

/** Work to do in the booking's own transaction (an audit record): it fails, the booking fails. */
export type RecordInTransaction = (trx: Transaction<Database>, appointment: Appointment) => Promise<void>;

const DEFAULT_TTL = 300;
const MAX_TTL = 3600;
const MIN_TTL = 30;
const MAX_NOTE = 2000;
const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;
const REASON = /^[a-z][a-z0-9-]{0,39}$/;

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The booking request is invalid.', { issues: [{ path, message }] });

/** Thrown inside a transaction when no place is left; turned into `slot-taken` after rollback. */
class NoPlace extends Error {}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length < 1 || key.length > 128)
    throw invalid('idempotencyKey', 'expected 1 to 128 characters');
}

function checkHold(req: HoldRequest): number {
  if (!isUuid(req.slotId)) throw slotNotFound();
  if (!isUuid(req.contactId)) throw new AppError('not_found', 'No such contact.');
  checkKey(req.idempotencyKey);
  if (typeof req.channel !== 'string' || !CHANNEL.test(req.channel))
    throw invalid('channel', 'not supported');
  if (req.conversationId !== undefined && !isUuid(req.conversationId))
    throw invalid('conversationId', 'expected a uuid');
  if (req.bookedById !== undefined && !isUuid(req.bookedById)) throw invalid('bookedById', 'expected a uuid');
  if (req.note !== undefined && (typeof req.note !== 'string' || req.note.length > MAX_NOTE))
    throw invalid('note', `expected at most ${MAX_NOTE} characters`);
  const ttl = req.ttlSeconds ?? DEFAULT_TTL;
  if (!Number.isInteger(ttl) || ttl < MIN_TTL || ttl > MAX_TTL)
    throw invalid('ttlSeconds', `expected an integer from ${MIN_TTL} to ${MAX_TTL}`);
  return ttl;
}

interface Placement {
  readonly id: string;
  readonly tenantId: string;
  readonly slotId: string;
  readonly contactId: string;
  readonly idempotencyKey: string;
  readonly channel: string;
  readonly conversationId: string | null;
  readonly bookedById: string | null;
  readonly note: Buffer | null;
  /** Null places a booked appointment directly (the new half of a reschedule). */
  readonly holdExpiresAt: Date | null;
  /** Access attributes to carry over instead of deriving them (reschedule). */
  readonly access?: { readonly careTeam: string[]; readonly schoolId: string | null };
  readonly facts: BookingRuleContext['contact'];
  /** The tenant's rules, read before the transaction. */
  readonly rules: readonly BookingRule[];
  /** The booking a reschedule moves: it does not count against the new slot. */
  readonly original?: { readonly start: Date; readonly serviceCode: string; readonly appointmentId: string };
}

/**
 * The scheduling port on the Custos database (DESIGN §7). Double booking is impossible by the
 * schema (booking.migrations.ts); here the slot row is locked while a place is chosen so that
 * concurrent holds queue instead of failing on the index, and a failure on the index still
 * reads as "slot taken", with alternatives, never as an internal error.
 */
export function createLocalScheduler(deps: LocalSchedulerDeps) {
  const { db, keyring } = deps;
  const now = deps.now ?? (() => new Date());
  const leadMs = (deps.reminderLeadMinutes ?? 24 * 60) * 60_000;

  async function view(executor: Kysely<Database>, tenantId: string, appointmentId: string) {
    const row = await loadAppointment(executor, tenantId, appointmentId);
    if (!row) throw appointmentNotFound();
    return toAppointment(keyring, row);
  }

  /** Inside a transaction: no key lookups (they take another connection), so the note stays closed. */
  async function viewIn(trx: Transaction<Database>, tenantId: string, appointmentId: string) {
    const row = await loadAppointment(trx, tenantId, appointmentId);
    if (!row) throw appointmentNotFound();
    return toAppointment(undefined, row);
  }

  /**
   * The tenant's rules and what they know of the person, fetched before any transaction starts
   * (embedded PGlite has one connection: a read outside the transaction would wait for it).
   */
  async function ruleInputs(tenantId: string, contactId: string) {
    const rules = deps.rulesFor ? await deps.rulesFor(tenantId) : (deps.rules ?? []);
    const facts: BookingRuleContext['contact'] =
      rules.length > 0 && deps.contactFacts
        ? await deps.contactFacts(tenantId, contactId)
        : { verified: false };
    return { rules, facts };
  }

  async function sealNote(tenantId: string, contactId: string, id: string, note: string | null | undefined) {
    if (note === undefined || note === null || note === '') return null;
    const sealed = await encryptField(keyring, NOTE, { tenantId, rowId: id, subjectId: contactId }, note);
    return Buffer.from(sealed);
  }

  /** The rules' verdict on taking `slot` for `p`; the first failure is the answer. */
  async function checkRules(
    trx: Transaction<Database>,
    q: {
      tenantId: string;
      contactId: string;
      slot: { starts_at: Date; ends_at: Date; service_id: string };
      action: 'book' | 'cancel' | 'reschedule';
      facts: BookingRuleContext['contact'];
      rules: readonly BookingRule[];
      original?: Placement['original'] | undefined;
    },
    at: Date,
  ) {
    const { slot, original, rules } = q;
    if (rules.length === 0) return;
    const service = await trx
      .selectFrom('booking_services')
      .innerJoin('tenants', 'tenants.tenant_id', 'booking_services.tenant_id')
      .select(['code', 'restrictions', 'time_zone'])
      .where('booking_services.tenant_id', '=', q.tenantId)
      .where('service_id', '=', slot.service_id)
      .executeTakeFirstOrThrow();
    const existing = await appointmentView(trx, q.tenantId)
      .where('a.contact_id', '=', q.contactId)
      .where('s.ends_at', '>', at)
      .where((eb) =>
        eb.or([
          eb('a.status', '=', 'booked'),
          eb.and([eb('a.status', '=', 'pending'), eb('a.hold_expires_at', '>', at)]),
        ]),
      )
      .execute();
    const verdict = runRules(rules, {
      now: at,
      timeZone: service.time_zone,
      slot: { start: slot.starts_at, end: slot.ends_at, serviceCode: service.code },
      service: { code: service.code, ...service.restrictions },
      contact: q.facts,
      existing: existing
        .filter((b) => b.appointment_id !== original?.appointmentId)
        .map((b) => ({ start: b.starts_at, end: b.ends_at, serviceCode: b.service_code, status: b.status })),
      action: q.action,
      ...(original ? { original: { start: original.start, serviceCode: original.serviceCode } } : {}),
    });
    if (!verdict.ok)
      throw new BookingError('unprocessable', 'rule-violation', verdict.message.en, {
        details: { rule: verdict.code, message: verdict.message },
      });
  }

  /** Who may see the appointment: copied from its conversation, else the service's school. */
  async function accessAttributes(trx: Transaction<Database>, slot: SlotRow, p: Placement) {
    if (p.access) return p.access;
    const service = await trx
      .selectFrom('booking_services')
      .select('school_id')
      .where('tenant_id', '=', p.tenantId)
      .where('service_id', '=', slot.service_id)
      .executeTakeFirstOrThrow();
    if (p.conversationId === null) return { careTeam: [], schoolId: service.school_id };
    const conversation = await trx
      .selectFrom('conversations')
      .select(['care_team', 'school_id'])
      .where('tenant_id', '=', p.tenantId)
      .where('conversation_id', '=', p.conversationId)
      .where('contact_id', '=', p.contactId)
      .executeTakeFirst();
    if (!conversation) throw new AppError('not_found', 'No such conversation.');
    return { careTeam: conversation.care_team, schoolId: conversation.school_id ?? service.school_id };
  }

  /** Locks the slot, frees expired holds, takes the lowest free place. Throws NoPlace when full. */
  async function place(
    trx: Transaction<Database>,
    p: Placement,
    at: Date,
  ): Promise<Selectable<AppointmentTable>> {
    const slot = await lockSlot(trx, p.tenantId, p.slotId);
    if (!slot) throw slotNotFound();
    if (slot.status !== 'free') throw new NoPlace();
    if (slot.starts_at.getTime() <= at.getTime())
      throw new BookingError('unprocessable', 'slot-in-past', 'The slot has already started.');
    const action = p.original ? 'reschedule' : 'book';
    await checkRules(
      trx,
      {
        tenantId: p.tenantId,
        contactId: p.contactId,
        slot,
        action,
        facts: p.facts,
        rules: p.rules,
        original: p.original,
      },
      at,
    );
    const access = await accessAttributes(trx, slot, p);
    await releaseExpiredHolds(trx, p.tenantId, slot.slot_id, at);
    const free = await lowestFreePlace(trx, slot);
    if (free === undefined) throw new NoPlace();
    const booked = p.holdExpiresAt === null;
    const due = new Date(slot.starts_at.getTime() - leadMs);
    const { rows } = await sql<Selectable<AppointmentTable>>`
      insert into appointments (tenant_id, appointment_id, slot_id, place, slot_capacity, contact_id, status,
        hold_expires_at, confirmation_code, idempotency_key, channel, conversation_id, booked_by_id,
        care_team, school_id, note, reminder_due_at, created_at, updated_at)
      select ${p.tenantId}::uuid, ${p.id}::uuid, ${slot.slot_id}::uuid, ${free}::int, ${slot.capacity}::int,
        ${p.contactId}::uuid, ${booked ? 'booked' : 'pending'}, ${p.holdExpiresAt}::timestamptz,
        ${confirmationCode()}, ${p.idempotencyKey}, ${p.channel}, ${p.conversationId}::uuid,
        ${p.bookedById}::uuid, ${access.careTeam}::text[], ${access.schoolId}, ${p.note}::bytea,
        ${booked && due > at ? due : null}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      where exists (select 1 from contacts where tenant_id = ${p.tenantId} and contact_id = ${p.contactId}
                    and erased_at is null)
      returning *`.execute(trx);
    if (!rows[0]) throw new AppError('not_found', 'No such contact.');
    return rows[0];
  }

  /**
   * Runs `work` in one transaction and maps a lost race for a place to `slot-taken` with
   * alternatives; a clash of random confirmation codes is retried.
   */
  async function placing<T>(
    tenantId: string,
    slotId: string,
    work: (trx: Transaction<Database>) => Promise<T>,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        if (
          error instanceof NoPlace ||
          violates(error, '23505', 'appointments_active_place') ||
          violates(error, '23503', 'appointments_slot_capacity')
        )
          throw slotTaken(await alternativesTo(db, tenantId, slotId, now()));
        if (attempt < 3 && violates(error, '23505', 'appointments_confirmation_code')) continue;
        throw error;
      }
    }
  }

  function replayHold(existing: Selectable<AppointmentTable>, req: HoldRequest): Hold {
    if (
      existing.slot_id !== req.slotId ||
      existing.contact_id !== req.contactId ||
      existing.status !== 'pending'
    )
      throw new BookingError(
        'conflict',
        'idempotency-key-reused',
        'The idempotency key was used for another booking.',
      );
    if (existing.hold_expires_at === null || existing.hold_expires_at <= now()) throw holdExpired();
    return {
      appointmentId: existing.appointment_id,
      expiresAt: existing.hold_expires_at,
      place: existing.place,
    };
  }

  async function hold(req: HoldRequest): Promise<Hold> {
    const ttl = checkHold(req);
    const existing = await appointmentByKey(db, req.tenantId, req.idempotencyKey);
    if (existing) return replayHold(existing, req);
    const id = randomUUID();
    const note = await sealNote(req.tenantId, req.contactId, id, req.note);
    const { rules, facts } = await ruleInputs(req.tenantId, req.contactId);
    const at = now();
    try {
      const row = await placing(req.tenantId, req.slotId, (trx) =>
        place(
          trx,
          {
            id,
            tenantId: req.tenantId,
            slotId: req.slotId,
            contactId: req.contactId,
            idempotencyKey: req.idempotencyKey,
            channel: req.channel,
            conversationId: req.conversationId ?? null,
            bookedById: req.bookedById ?? null,
            note,
            facts,
            rules,
            holdExpiresAt: new Date(at.getTime() + ttl * 1000),
          },
          at,
        ),
      );
      return { appointmentId: row.appointment_id, expiresAt: row.hold_expires_at as Date, place: row.place };
    } catch (error) {
      // The same key sent twice at once: the second insert lost; answer as for a replay.
      if (!violates(error, '23505', 'appointments_idempotency_key')) throw error;
      const winner = await appointmentByKey(db, req.tenantId, req.idempotencyKey);
      if (!winner) throw error;
      return replayHold(winner, req);
    }
  }

  /** Pending → booked in `trx`; the reminder is due `lead` before the start, or never if that is past. */
  async function confirmIn(
    trx: Transaction<Database>,
    req: { tenantId: string; appointmentId: string; idempotencyKey: string },
    at: Date,
  ): Promise<'booked' | 'expired'> {
    checkKey(req.idempotencyKey);
    const row = await lockAppointment(trx, req.tenantId, req.appointmentId);
    if (!row) throw appointmentNotFound();
    if (row.idempotency_key !== req.idempotencyKey)
      throw new BookingError(
        'conflict',
        'idempotency-key-reused',
        'The idempotency key belongs to another booking.',
      );
    if (row.status === 'booked') return 'booked';
    if (row.status === 'cancelled' && row.cancel_reason === 'hold-expired') return 'expired';
    if (row.status !== 'pending')
      throw new BookingError('conflict', 'invalid-state', `A ${row.status} appointment cannot be confirmed.`);
    if ((row.hold_expires_at as Date).getTime() <= at.getTime()) {
      await releaseExpiredHolds(trx, req.tenantId, row.slot_id, at);
      return 'expired';
    }
    const slot = await trx
      .selectFrom('booking_slots')
      .select('starts_at')
      .where('tenant_id', '=', req.tenantId)
      .where('slot_id', '=', row.slot_id)
      .executeTakeFirstOrThrow();
    const due = new Date(slot.starts_at.getTime() - leadMs);
    await trx
      .updateTable('appointments')
      .set({
        status: 'booked',
        hold_expires_at: null,
        reminder_due_at: due > at ? due : null,
        updated_at: at,
      })
      .where('tenant_id', '=', req.tenantId)
      .where('appointment_id', '=', row.appointment_id)
      .execute();
    return 'booked';
  }

  async function confirm(
    req: { tenantId: string; appointmentId: string; idempotencyKey: string },
    record?: RecordInTransaction,
  ): Promise<Appointment> {
    const at = now();
    const outcome = await db.transaction().execute(async (trx) => {
      const result = await confirmIn(trx, req, at);
      if (result === 'booked' && record)
        await record(trx, await viewIn(trx, req.tenantId, req.appointmentId));
      return result;
    });
    if (outcome === 'expired') throw holdExpired();
    return view(db, req.tenantId, req.appointmentId);
  }

  async function cancel(
    req: { tenantId: string; appointmentId: string; reason: string; actor: CancelActor },
    record?: RecordInTransaction,
  ): Promise<Appointment> {
    if (typeof req.reason !== 'string' || !REASON.test(req.reason))
      throw invalid('reason', 'expected a reason code like patient-request');
    // Staff cancel whatever the rules say; a contact's cancel is checked against them.
    const { rules, facts } =
      req.actor.kind === 'contact'
        ? await ruleInputs(req.tenantId, req.actor.id)
        : { rules: [], facts: { verified: false } };
    const at = now();
    await db.transaction().execute(async (trx) => {
      const row = await lockAppointment(trx, req.tenantId, req.appointmentId);
      if (!row) throw appointmentNotFound();
      if (row.status === 'noshow' || row.status === 'fulfilled')
        throw new BookingError(
          'conflict',
          'invalid-state',
          `A ${row.status} appointment cannot be cancelled.`,
        );
      if (row.status !== 'cancelled' && req.actor.kind === 'contact') {
        const slot = await trx
          .selectFrom('booking_slots')
          .select(['starts_at', 'ends_at', 'service_id'])
          .where('tenant_id', '=', req.tenantId)
          .where('slot_id', '=', row.slot_id)
          .executeTakeFirstOrThrow();
        await checkRules(
          trx,
          { tenantId: req.tenantId, contactId: row.contact_id, slot, action: 'cancel', facts, rules },
          at,
        );
      }
      if (row.status !== 'cancelled') {
        await trx
          .updateTable('appointments')
          .set({
            status: 'cancelled',
            cancel_reason: req.reason,
            cancelled_at: at,
            hold_expires_at: null,
            updated_at: at,
          })
          .where('tenant_id', '=', req.tenantId)
          .where('appointment_id', '=', row.appointment_id)
          .execute();
      }
      if (record) await record(trx, await viewIn(trx, req.tenantId, req.appointmentId));
    });
    return view(db, req.tenantId, req.appointmentId);
  }

  /** Hold and confirm in one transaction: staff booking on behalf of a contact. */
  async function book(req: HoldRequest, record?: RecordInTransaction): Promise<Appointment> {
    const ttl = checkHold(req);
    const existing = await appointmentByKey(db, req.tenantId, req.idempotencyKey);
    if (existing) {
      if (
        existing.slot_id !== req.slotId ||
        existing.contact_id !== req.contactId ||
        existing.status !== 'booked'
      )
        throw new BookingError(
          'conflict',
          'idempotency-key-reused',
          'The idempotency key was used for another booking.',
        );
      return view(db, req.tenantId, existing.appointment_id);
    }
    const id = randomUUID();
    const note = await sealNote(req.tenantId, req.contactId, id, req.note);
    const { rules, facts } = await ruleInputs(req.tenantId, req.contactId);
    const at = now();
    await placing(req.tenantId, req.slotId, async (trx) => {
      await place(
        trx,
        {
          id,
          tenantId: req.tenantId,
          slotId: req.slotId,
          contactId: req.contactId,
          idempotencyKey: req.idempotencyKey,
          channel: req.channel,
          conversationId: req.conversationId ?? null,
          bookedById: req.bookedById ?? null,
          note,
          facts,
          rules,
          holdExpiresAt: new Date(at.getTime() + ttl * 1000),
        },
        at,
      );
      await confirmIn(
        trx,
        { tenantId: req.tenantId, appointmentId: id, idempotencyKey: req.idempotencyKey },
        at,
      );
      if (record) await record(trx, await viewIn(trx, req.tenantId, id));
    });
    return view(db, req.tenantId, id);
  }

  async function reschedule(
    req: {
      tenantId: string;
      appointmentId: string;
      newSlotId: string;
      idempotencyKey: string;
    },
    record?: RecordInTransaction,
  ): Promise<Appointment> {
    checkKey(req.idempotencyKey);
    if (!isUuid(req.newSlotId)) throw slotNotFound();
    const existing = await appointmentByKey(db, req.tenantId, req.idempotencyKey);
    if (existing) {
      if (existing.slot_id !== req.newSlotId || existing.status !== 'booked')
        throw new BookingError(
          'conflict',
          'idempotency-key-reused',
          'The idempotency key was used for another booking.',
        );
      return view(db, req.tenantId, existing.appointment_id);
    }
    const old = await loadAppointment(db, req.tenantId, req.appointmentId);
    if (!old) throw appointmentNotFound();
    const id = randomUUID();
    // The note moves with the visit: opened from the old row, sealed again for the new one.
    let plainNote: string | null = null;
    if (old.note !== null) {
      try {
        const at = { tenantId: old.tenant_id, rowId: old.appointment_id, subjectId: old.contact_id };
        plainNote = await decryptField(keyring, NOTE, at, readSealed(NOTE, old.note));
      } catch (error) {
        if (!(error instanceof KeyDestroyed)) throw error;
      }
    }
    const note = await sealNote(req.tenantId, old.contact_id, id, plainNote);
    const { rules, facts } = await ruleInputs(req.tenantId, old.contact_id);
    const at = now();
    await placing(req.tenantId, req.newSlotId, async (trx) => {
      const current = await lockAppointment(trx, req.tenantId, req.appointmentId);
      if (!current) throw appointmentNotFound();
      if (current.status !== 'booked')
        throw new BookingError(
          'conflict',
          'invalid-state',
          `A ${current.status} appointment cannot be rescheduled.`,
        );
      const target = await trx
        .selectFrom('booking_slots')
        .select('service_id')
        .where('tenant_id', '=', req.tenantId)
        .where('slot_id', '=', req.newSlotId)
        .executeTakeFirst();
      if (!target) throw slotNotFound();
      if (target.service_id !== old.service_id)
        throw invalid('newSlotId', 'expected a slot of the same service');
      await place(
        trx,
        {
          id,
          tenantId: req.tenantId,
          slotId: req.newSlotId,
          contactId: current.contact_id,
          idempotencyKey: req.idempotencyKey,
          channel: current.channel,
          conversationId: current.conversation_id,
          bookedById: current.booked_by_id,
          note,
          facts,
          rules,
          holdExpiresAt: null,
          access: { careTeam: current.care_team, schoolId: current.school_id },
          original: {
            start: old.starts_at,
            serviceCode: old.service_code,
            appointmentId: old.appointment_id,
          },
        },
        at,
      );
      await trx
        .updateTable('appointments')
        .set({ status: 'cancelled', cancel_reason: 'rescheduled', cancelled_at: at, updated_at: at })
        .where('tenant_id', '=', req.tenantId)
        .where('appointment_id', '=', current.appointment_id)
        .execute();
      if (record) await record(trx, await viewIn(trx, req.tenantId, id));
    });
    return view(db, req.tenantId, id);
  }

  async function getAppointments(q: { tenantId: string; contactId: string; includePast?: boolean }) {
    if (!isUuid(q.contactId)) return [];
    const at = now();
    const base = appointmentView(db, q.tenantId).where('a.contact_id', '=', q.contactId);
    const rows = await (q.includePast
      ? base
      : base
          .where('s.ends_at', '>', at)
          .where((eb) =>
            eb.or([
              eb('a.status', '=', 'booked'),
              eb.and([eb('a.status', '=', 'pending'), eb('a.hold_expires_at', '>', at)]),
            ]),
          )
    )
      .orderBy('s.starts_at')
      .orderBy('a.appointment_id')
      .execute();
    return Promise.all(rows.map((row) => toAppointment(keyring, row)));
  }

  const port: SchedulingPort = {
    findSlots: (q) => findFreeSlots(db, q, now()),
    hold,
    confirm: (req) => confirm(req),
    cancel: (req) => cancel(req),
    reschedule: (req) => reschedule(req),
    getAppointments,
  };
  return { ...port, confirm, cancel, book, reschedule };
}

export type LocalScheduler = ReturnType<typeof createLocalScheduler>;

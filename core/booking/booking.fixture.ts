import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type NewAuditEvent, recordAuditEvent } from '../../compliance/index.ts';
import type { AccessActor } from '../access/access-actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import {
  contactStore,
  insertTenant,
  keyringOn,
  staff,
  syntheticContact,
  testProvider,
} from '../contacts/contact.fixture.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { createBookingService } from './booking.service.ts';
import type { BookingAccess } from './booking.ts';
import type { BookingRule } from './booking-rules.ts';
import { createLocalScheduler } from './local-scheduler.ts';

/**
 * Test wiring for booking on a test database, as the application sees it (`custos_app` under
 * row-level security): a clock the test moves, a keyring on the SQL key store, audit events kept
 * for inspection, a synthetic clinic with a cardiology service and two doctors.
 */
export const pseudonymKey = async (tenantId: string) =>
  createHash('sha256').update(`test-booking-pseudonym/${tenantId}`).digest();

/** Friday 1 March 2030, 08:00 in Shanghai. */
export const START = new Date('2030-03-01T00:00:00Z');
export const HOUR = 3600_000;

export async function bookingWorld(handle: DatabaseHandle, options: { rules?: readonly BookingRule[] } = {}) {
  const app: Kysely<Database> = handle.rowSecured(currentDataScope);
  const keyring = keyringOn(app, testProvider());
  let clock = START;
  const now = () => clock;
  const events: NewAuditEvent[] = [];
  let auditDown = false;
  const audit: Pick<AuditLog, 'record'> = {
    async record(trx, event) {
      if (auditDown) throw new Error('the audit log is unavailable');
      events.push(event);
      await recordAuditEvent(trx, event);
    },
  };
  const contacts = contactStore(app, keyring);
  const tenantId = await insertTenant(handle.db);
  const schedulerOn = (db: Kysely<Database>) =>
    createLocalScheduler({ db, keyring, now, ...(options.rules ? { rules: options.rules } : {}) });
  const scheduler = schedulerOn(app);
  const service = createBookingService({ db: app, scheduler, keyring, audit, pseudonymKey });

  async function insertService(code: string, extra: { schoolId?: string } = {}) {
    const serviceId = randomUUID();
    await app
      .insertInto('booking_services')
      .values({
        tenant_id: tenantId,
        service_id: serviceId,
        code,
        names: JSON.stringify({ 'zh-CN': `测试${code}`, en: `Test ${code}` }),
        duration_minutes: 15,
        school_id: extra.schoolId ?? null,
      })
      .execute();
    return serviceId;
  }

  async function insertResource(code: string, serviceId: string) {
    const resourceId = randomUUID();
    await app
      .insertInto('booking_resources')
      .values({
        tenant_id: tenantId,
        resource_id: resourceId,
        code,
        kind: 'practitioner',
        names: JSON.stringify({ 'zh-CN': `测试医生${code}`, en: `Test doctor ${code}` }),
        title: JSON.stringify({ 'zh-CN': '主任医师', en: 'Chief Physician' }),
        service_id: serviceId,
      })
      .execute();
    return resourceId;
  }

  const cardiology = await insertService('cardiology');
  const doctors = [await insertResource('dr-a', cardiology), await insertResource('dr-b', cardiology)];

  return {
    app,
    keyring,
    tenantId,
    events,
    scheduler,
    schedulerOn,
    service,
    cardiology,
    doctors,
    insertService,
    insertResource,
    now,
    /** Moves the clock; nothing sleeps. */
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
    setClock: (at: Date) => {
      clock = at;
    },
    failAudit: (down: boolean) => {
      auditDown = down;
    },
    async contact(n: number) {
      return (await contacts.service.create(staff(tenantId), syntheticContact(n))).id;
    },
    eraseContact: (contactId: string) => contacts.service.erase(staff(tenantId), contactId),
    /** A declared slot (no schedule) `hoursAhead` after the start of the clock. */
    async slot(setup: {
      hoursAhead: number;
      capacity?: number;
      serviceId?: string;
      resourceId?: string | null;
      minutes?: number;
    }) {
      const slotId = randomUUID();
      const startsAt = new Date(START.getTime() + setup.hoursAhead * HOUR);
      await app
        .insertInto('booking_slots')
        .values({
          tenant_id: tenantId,
          slot_id: slotId,
          schedule_id: null,
          service_id: setup.serviceId ?? cardiology,
          resource_id: setup.resourceId === undefined ? (doctors[0] as string) : setup.resourceId,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + (setup.minutes ?? 15) * 60_000),
          capacity: setup.capacity ?? 1,
        })
        .execute();
      return slotId;
    },
    staffAccess: (roles: AccessActor['roles'], extra: Partial<AccessActor> = {}, id: string = randomUUID()) =>
      staffAccess(tenantId, id, roles, extra),
    contactAccess: (contactId: string, verified = true): BookingAccess => ({
      tenantId,
      actor: { id: contactId, tenantId, roles: ['contact'], mfa: false, verified },
      auditActor: { kind: 'contact', id: contactId, role: 'contact' },
    }),
  };
}

export function staffAccess(
  tenantId: string,
  id: string,
  roles: AccessActor['roles'],
  extra: Partial<AccessActor> = {},
): BookingAccess {
  const actor: AccessActor = { id, tenantId, roles, mfa: true, ...extra };
  return { tenantId, actor, auditActor: { kind: 'staff', id, role: roles[0] } };
}

export type BookingWorld = Awaited<ReturnType<typeof bookingWorld>>;

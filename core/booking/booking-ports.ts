import { type ActionPort, type PortCall, PortRefusal } from '../dialogue/dialogue-types.ts';
import type { LocalizedText } from '../packs/localized-text.ts';
import { type Appointment, type FreeSlot, isBookingError, type SchedulingPort } from './booking.ts';
import { formatNoticeTime } from './notification-templates.ts';
import { PARTS_OF_DAY, type PartOfDay } from './part-of-day.ts';

/**
 * The booking engine as the dialogue sees it: flow ports (`booking.*`) over any `SchedulingPort`
 * — the local scheduler, or a HIS/SIS adapter. Slot values are canonical (a department id is a
 * service code, dates are local ISO dates in the tenant's zone); what the contact reads is made
 * here, in their language. Refusals the contact can act on (a time just taken, a hold that ran
 * out, a rule) are `PortRefusal`s; anything else is a fault the flow answers with a human.
 */

export interface BookingPortsDeps {
  readonly scheduling: SchedulingPort;
  /** How long a hold lasts while the contact gives their details; default 10 minutes. */
  readonly holdSeconds?: number;
  /** The channel recorded on appointments made in chat. */
  readonly channel?: string;
  /** How far ahead `booking.doctorSchedule` looks; default 14 days. */
  readonly scheduleDays?: number;
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

const TAKEN = t('抱歉，这个时间刚被别人约走了。', 'Sorry, that time was just taken by someone else.');
const EXPIRED = t(
  '保留时间已过，号源已释放，请重新选择。',
  'The hold ran out and the time was released; please choose again.',
);
const GONE = t(
  '没有找到这个预约，它可能已被取消。',
  'I could not find that appointment; it may have been cancelled.',
);

const partOf = (value: string | undefined): PartOfDay | undefined =>
  (PARTS_OF_DAY as readonly string[]).includes(value ?? '') ? (value as PartOfDay) : undefined;

function who(names: LocalizedText | null, title: LocalizedText | null, locale: PortCall['locale']): string {
  if (!names) return '';
  return locale === 'zh-CN'
    ? ` ${names['zh-CN']}${title ? ` ${title['zh-CN']}` : ''}`
    : ` — ${names.en}${title ? ` (${title.en})` : ''}`;
}

/** "12月3日（周四）上午 09:30 林知远 主任医师" / "Thu 3 Dec 2026, 9:30 AM — Dr. Lin (Chief Physician)". */
export function slotLabel(slot: FreeSlot, call: PortCall): string {
  const { date, time } = formatNoticeTime(slot.startsAt, call.timeZone, call.locale);
  const when = call.locale === 'zh-CN' ? `${date}${time}` : `${date}, ${time}`;
  return `${when}${who(slot.resourceNames, slot.resourceTitle, call.locale)}`;
}

export function appointmentLabel(a: Appointment, call: PortCall): string {
  const { date, time } = formatNoticeTime(a.startsAt, call.timeZone, call.locale);
  const service = a.service.names[call.locale];
  const doctor = a.resource ? who(a.resource.names, a.resource.title, call.locale) : '';
  return call.locale === 'zh-CN'
    ? `${date}${time} ${service}${doctor}（确认码 ${a.confirmationCode}）`
    : `${service}${doctor}, ${date}, ${time} (code ${a.confirmationCode})`;
}

function refusing(error: unknown): never {
  if (isBookingError(error, 'slot-taken')) throw new PortRefusal(TAKEN);
  if (isBookingError(error, 'hold-expired')) throw new PortRefusal(EXPIRED);
  if (isBookingError(error, 'not-found')) throw new PortRefusal(GONE);
  if (isBookingError(error, 'rule-violation')) {
    const message = (error.details as { message?: LocalizedText } | undefined)?.message;
    throw new PortRefusal(
      message ?? t('抱歉，按医院规定这个预约不能办理。', 'Sorry, the booking rules do not allow this.'),
    );
  }
  throw error;
}

/**
 * What the flow asks to keep with the booking (`args.note`: slot names, comma-separated), e.g. a
 * tour's group size: sealed under the contact's key with the appointment.
 */
function noteOf(call: PortCall): { note?: string } {
  const names = (call.args.note ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const lines = names.flatMap((name) => (call.slots[name] ? [`${name}: ${call.slots[name]}`] : []));
  return lines.length > 0 ? { note: lines.join('; ') } : {};
}

/** A vocabulary id (`general_surgery`) names the service whose code is its kebab-case form. */
export const serviceCodeOf = (id: string) => id.replaceAll('_', '-');

const required = (call: PortCall, name: string): string => {
  const value = call.slots[name];
  if (!value) throw new Error(`port ${call.port} needs the slot "${name}"`);
  return value;
};

export function createBookingPorts(deps: BookingPortsDeps): Readonly<Record<string, ActionPort>> {
  const { scheduling } = deps;
  const channel = deps.channel ?? 'web';
  // The visitor's own appointments, and, once verified, those of the record they proved to be
  // and of that record's wards (a guardian's minors with consent in force).
  const theirs = async (call: PortCall) => {
    const proven = call.verifiedSubjectId ? [call.verifiedSubjectId, ...(call.wardIds ?? [])] : [];
    const people = [...new Set([call.contactId, ...proven])];
    const lists = await Promise.all(
      people.map((contactId) => scheduling.getAppointments({ tenantId: call.tenantId, contactId })),
    );
    return lists
      .flat()
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  };
  const upcoming = async (call: PortCall) =>
    (await theirs(call)).filter((a) => a.status === 'booked' && a.startsAt > call.now);
  /** The appointment named by the `appointment` slot, refused unless it is the visitor's or their record's. */
  const ownAppointment = async (call: PortCall) => {
    const id = required(call, 'appointment');
    if (!(await theirs(call)).some((a) => a.id === id)) throw new PortRefusal(GONE);
    return id;
  };
  // The flow's constant (a school's `campus-tour`), else the department chosen, else — for a
  // reschedule — the appointment's own service.
  const serviceOf = async (call: PortCall) => {
    if (call.args.service) return call.args.service;
    if (call.slots.department) return serviceCodeOf(call.slots.department);
    const appointment = (await upcoming(call)).find((a) => a.id === call.slots.appointment);
    if (!appointment) throw new PortRefusal(GONE);
    return appointment.service.code;
  };

  return {
    'booking.findSlots': async (call) => {
      const date = required(call, 'date');
      const part = partOf(call.slots.part);
      const slots = await scheduling.findSlots({
        tenantId: call.tenantId,
        serviceCode: await serviceOf(call),
        fromDate: date,
        toDate: date,
        ...(part ? { partOfDay: part } : {}),
        from: call.now,
        limit: 3,
      });
      return { options: slots.map((slot) => ({ value: slot.slotId, label: slotLabel(slot, call) })) };
    },

    'booking.hold': async (call) => {
      try {
        const hold = await scheduling.hold({
          tenantId: call.tenantId,
          slotId: required(call, 'slot'),
          contactId: call.contactId,
          idempotencyKey: call.idempotencyKey,
          ttlSeconds: deps.holdSeconds ?? 600,
          channel,
          conversationId: call.conversationId,
          ...noteOf(call),
        });
        // The confirmation must carry the hold's own key (local-scheduler.ts): it travels with the hold.
        return {
          values: {
            hold_id: { value: hold.appointmentId, text: hold.appointmentId },
            hold_key: { value: call.idempotencyKey, text: '' },
          },
        };
      } catch (error) {
        return refusing(error);
      }
    },

    'booking.confirm': async (call) => {
      try {
        const booked = await scheduling.confirm({
          tenantId: call.tenantId,
          appointmentId: required(call, 'hold_id'),
          idempotencyKey: call.slots.hold_key ?? call.idempotencyKey,
        });
        return { reference: booked.confirmationCode };
      } catch (error) {
        return refusing(error);
      }
    },

    'booking.release': async (call) => {
      const holdId = call.slots.hold_id;
      if (holdId) {
        await scheduling
          .cancel({
            tenantId: call.tenantId,
            appointmentId: holdId,
            reason: 'contact-declined',
            actor: { kind: 'contact', id: call.contactId },
          })
          // A hold that expired or was released already needs nothing more.
          .catch((error) => {
            if (!isBookingError(error)) throw error;
          });
      }
      return {};
    },

    // A gate for flows that show or change appointments: a verified visitor passes, and so does
    // one with upcoming appointments of their own (booked with the credential they hold now);
    // anyone else is refused, so that the flow's `failed` state can verify them.
    'booking.checkAccess': async (call) => {
      if (call.verifiedSubjectId) return {};
      if ((await upcoming(call)).length > 0) return {};
      throw new PortRefusal(
        t(
          '查询或更改就诊记录上的预约前，需要先核实您的身份。',
          'Before I can show or change the appointments on your hospital record, I need to confirm who you are.',
        ),
      );
    },

    'booking.myAppointments': async (call) => ({
      options: (await upcoming(call)).map((a) => ({ value: a.id, label: appointmentLabel(a, call) })),
    }),

    'booking.listMine': async (call) => {
      const mine = await upcoming(call);
      const text =
        mine.length === 0
          ? t(
              '您目前没有待就诊的预约。需要现在预约吗？',
              'You have no upcoming appointments. Would you like to book one?',
            )[call.locale]
          : `${t('您的预约：', 'Your appointments:')[call.locale]}\n${mine.map((a, i) => `${i + 1}. ${appointmentLabel(a, call)}`).join('\n')}`;
      return { values: { appointments: { value: String(mine.length), text } } };
    },

    'booking.cancel': async (call) => {
      try {
        const cancelled = await scheduling.cancel({
          tenantId: call.tenantId,
          appointmentId: await ownAppointment(call),
          reason: 'contact-request',
          actor: { kind: 'contact', id: call.contactId },
        });
        return { reference: cancelled.confirmationCode };
      } catch (error) {
        return refusing(error);
      }
    },

    'booking.reschedule': async (call) => {
      try {
        const moved = await scheduling.reschedule({
          tenantId: call.tenantId,
          appointmentId: await ownAppointment(call),
          newSlotId: required(call, 'slot'),
          idempotencyKey: call.idempotencyKey,
          actor: { kind: 'contact', id: call.contactId },
        });
        return { reference: moved.confirmationCode };
      } catch (error) {
        return refusing(error);
      }
    },

    // Who sees patients in a department over the next two weeks, and on which half-days.
    'booking.doctorSchedule': async (call) => {
      const days = deps.scheduleDays ?? 14;
      const slots = await scheduling.findSlots({
        tenantId: call.tenantId,
        serviceCode: serviceCodeOf(required(call, 'department')),
        from: call.now,
        to: new Date(call.now.getTime() + days * 86_400_000),
        limit: 200,
      });
      const byDoctor = new Map<string, { name: string; sessions: Set<string> }>();
      for (const slot of slots) {
        const name = who(slot.resourceNames, slot.resourceTitle, call.locale).replace(/^ — | /, '') || '—';
        const { date, time } = formatNoticeTime(slot.startsAt, call.timeZone, call.locale);
        const session =
          call.locale === 'zh-CN'
            ? `${date}${time.split(' ')[0]}`
            : `${date} ${time.endsWith('AM') ? 'morning' : 'afternoon'}`;
        const entry = byDoctor.get(slot.resourceCode ?? name) ?? { name, sessions: new Set<string>() };
        entry.sessions.add(session);
        byDoctor.set(slot.resourceCode ?? name, entry);
      }
      const text =
        byDoctor.size === 0
          ? t(
              '未来两周这个科室暂时没有可预约的号。',
              'There are no free appointments in this department in the next two weeks.',
            )[call.locale]
          : [
              t('未来两周有号的医生：', 'Doctors with free times in the next two weeks:')[call.locale],
              ...[...byDoctor.values()].map(
                (d) =>
                  `· ${d.name}：${[...d.sessions].slice(0, 4).join(call.locale === 'zh-CN' ? '、' : '; ')}`,
              ),
            ].join('\n');
      return { values: { schedule: { value: String(byDoctor.size), text } } };
    },
  };
}

import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors/app-error.ts';
import { addDays, compareDates, isoDate, type PlainDate, wallClock } from '../nlu/time/zoned-time.ts';
import { parseLocalDate } from './zoned-instant.ts';

/**
 * Booking constraints as a list of small validators, each tested alone and run in order; the
 * first failure is the answer. Rules are pure: the service gathers the context (the contact's
 * active bookings, the clock) and decides what to do with a failure.
 */
export type RuleMessage = { readonly 'zh-CN': string; readonly en: string };
export type RuleVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: RuleCode; readonly message: RuleMessage };

export const RULE_CODES = [
  'lead-time',
  'too-far-ahead',
  'max-per-day',
  'age-restricted',
  'sex-restricted',
  'guardian-required',
  'cancellation-window',
  'overlap',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type Sex = 'female' | 'male';

export interface BookingRuleContext {
  readonly now: Date;
  /** The tenant's zone: days and ages are counted on its calendar. */
  readonly timeZone: string;
  /** The slot being booked, or — for a cancel — the booked one. */
  readonly slot: { readonly start: Date; readonly end: Date; readonly serviceCode: string };
  readonly service: {
    readonly code: string;
    readonly minAgeYears?: number;
    readonly maxAgeYears?: number;
    readonly sex?: Sex;
  };
  readonly contact: {
    /** YYYY-MM-DD. */
    readonly dateOfBirth?: string;
    readonly sex?: Sex | 'other';
    readonly isMinor?: boolean;
    readonly hasGuardian?: boolean;
    readonly verified: boolean;
  };
  /**
   * The contact's bookings. Only `pending` and `booked` ones count. Without `end`, a booking is
   * taken to last as long as the slot being booked.
   */
  readonly existing: readonly {
    readonly start: Date;
    readonly end?: Date;
    readonly serviceCode: string;
    readonly status: string;
  }[];
  readonly action: 'book' | 'cancel' | 'reschedule';
  /**
   * For a reschedule: the booking being moved. It does not count against the new slot, and the
   * cancellation window is measured from its start.
   */
  readonly original?: { readonly start: Date; readonly serviceCode: string };
}

export type BookingRule = (ctx: BookingRuleContext) => RuleVerdict;

const OK: RuleVerdict = { ok: true };
const fail = (code: RuleCode, zh: string, en: string): RuleVerdict => ({
  ok: false,
  code,
  message: { 'zh-CN': zh, en },
});

const MINUTE = 60_000;
const ACTIVE = new Set(['pending', 'booked']);
const takesNewSlot = (ctx: BookingRuleContext) => ctx.action !== 'cancel';

function localDay(instant: Date, timeZone: string): PlainDate {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** Whole years from `birth` to `on` (a 29 February birthday comes of age on 1 March). */
export function ageOn(birth: PlainDate, on: PlainDate): number {
  const years = on.year - birth.year;
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return hadBirthday ? years : years - 1;
}

/** The contact's bookings that still hold a place, less the one a reschedule moves. */
function holding(ctx: BookingRuleContext) {
  const original = ctx.original;
  let skipped = false;
  return ctx.existing.filter((b) => {
    if (!ACTIVE.has(b.status)) return false;
    if (
      !skipped &&
      original &&
      b.start.getTime() === original.start.getTime() &&
      b.serviceCode === original.serviceCode
    ) {
      skipped = true;
      return false;
    }
    return true;
  });
}

/** Not too soon (staff need time to prepare) and not too far ahead (rosters are not published yet). */
export function leadTime(settings: { minMinutes: number; maxDays: number }): BookingRule {
  return (ctx) => {
    if (!takesNewSlot(ctx)) return OK;
    if (ctx.slot.start.getTime() - ctx.now.getTime() < settings.minMinutes * MINUTE)
      return fail(
        'lead-time',
        `抱歉，该时段需至少提前 ${settings.minMinutes} 分钟预约，请选择稍后的时间。`,
        `Sorry, this time must be booked at least ${settings.minMinutes} minutes in advance. Please choose a later time.`,
      );
    const lastDay = addDays(localDay(ctx.now, ctx.timeZone), settings.maxDays);
    if (compareDates(localDay(ctx.slot.start, ctx.timeZone), lastDay) > 0)
      return fail(
        'too-far-ahead',
        `抱歉，目前只能预约 ${settings.maxDays} 天以内（${isoDate(lastDay)} 前）的时段。`,
        `Sorry, bookings open at most ${settings.maxDays} days ahead (until ${isoDate(lastDay)}).`,
      );
    return OK;
  };
}

/** At most `perDay` bookings on one local day — counted per service when `perService`. */
export function maxPerDay(settings: { perDay: number; perService?: boolean }): BookingRule {
  return (ctx) => {
    if (!takesNewSlot(ctx)) return OK;
    const day = isoDate(localDay(ctx.slot.start, ctx.timeZone));
    const count = holding(ctx).filter(
      (b) =>
        isoDate(localDay(b.start, ctx.timeZone)) === day &&
        (!settings.perService || b.serviceCode === ctx.slot.serviceCode),
    ).length;
    if (count < settings.perDay) return OK;
    return settings.perService
      ? fail(
          'max-per-day',
          `抱歉，同一项目每天最多可预约 ${settings.perDay} 次，您当天的预约已满。`,
          `Sorry, this service can be booked at most ${settings.perDay} times a day, and that day is full for you.`,
        )
      : fail(
          'max-per-day',
          `抱歉，每天最多可预约 ${settings.perDay} 次，您当天的预约已满。`,
          `Sorry, at most ${settings.perDay} bookings a day are possible, and that day is full for you.`,
        );
  };
}

function contactAge(ctx: BookingRuleContext): number | undefined {
  const birth = ctx.contact.dateOfBirth ? parseLocalDate(ctx.contact.dateOfBirth) : undefined;
  return birth ? ageOn(birth, localDay(ctx.slot.start, ctx.timeZone)) : undefined;
}

/** The service's age bounds (inclusive, e.g. paediatrics up to 14), on the visit's local date. */
export function ageRestriction(): BookingRule {
  return (ctx) => {
    const { minAgeYears: min, maxAgeYears: max } = ctx.service;
    if (!takesNewSlot(ctx) || (min === undefined && max === undefined)) return OK;
    const age = contactAge(ctx);
    if (age === undefined)
      return fail(
        'age-restricted',
        '该项目有年龄要求，请先提供出生日期后再预约。',
        'This service has an age requirement; please provide a date of birth before booking.',
      );
    if ((min !== undefined && age < min) || (max !== undefined && age > max))
      return fail(
        'age-restricted',
        `抱歉，该项目仅适用于${ageText(min, max, 'zh')}的人士，建议选择其他科室或项目。`,
        `Sorry, this service is for people ${ageText(min, max, 'en')}. Please choose another service.`,
      );
    return OK;
  };
}

function ageText(min: number | undefined, max: number | undefined, lang: 'zh' | 'en'): string {
  if (lang === 'zh') {
    if (min !== undefined && max !== undefined) return ` ${min} 至 ${max} 岁`;
    return min !== undefined ? ` ${min} 岁及以上` : ` ${max} 岁及以下`;
  }
  if (min !== undefined && max !== undefined) return `aged ${min} to ${max}`;
  return min !== undefined ? `aged ${min} or over` : `aged ${max} or under`;
}

/** A service for one sex only (e.g. obstetrics); an unknown sex does not qualify. */
export function sexRestriction(): BookingRule {
  return (ctx) => {
    const wanted = ctx.service.sex;
    if (!takesNewSlot(ctx) || wanted === undefined || ctx.contact.sex === wanted) return OK;
    return wanted === 'female'
      ? fail(
          'sex-restricted',
          '抱歉，该项目仅面向女性，请选择其他项目。',
          'Sorry, this service is for women only. Please choose another service.',
        )
      : fail(
          'sex-restricted',
          '抱歉，该项目仅面向男性，请选择其他项目。',
          'Sorry, this service is for men only. Please choose another service.',
        );
  };
}

/** A minor (by flag, or by age on the visit date) books only with a guardian on record. */
export function guardianRequiredForMinors(settings: { minorBelowYears: number }): BookingRule {
  return (ctx) => {
    if (!takesNewSlot(ctx) || ctx.contact.hasGuardian) return OK;
    const age = contactAge(ctx);
    const minor = ctx.contact.isMinor === true || (age !== undefined && age < settings.minorBelowYears);
    if (!minor) return OK;
    return fail(
      'guardian-required',
      `未满 ${settings.minorBelowYears} 岁的预约需由监护人确认，请监护人协助完成预约。`,
      `Bookings for anyone under ${settings.minorBelowYears} need a parent or guardian. Please ask your guardian to help complete the booking.`,
    );
  };
}

/** Cancelling or moving a booking closes `minHoursBefore` hours before it starts. */
export function cancellationWindow(settings: { minHoursBefore: number }): BookingRule {
  return (ctx) => {
    if (ctx.action === 'book') return OK;
    const start = ctx.action === 'reschedule' && ctx.original ? ctx.original.start : ctx.slot.start;
    if (start.getTime() - ctx.now.getTime() >= settings.minHoursBefore * 60 * MINUTE) return OK;
    return ctx.action === 'cancel'
      ? fail(
          'cancellation-window',
          `抱歉，就诊/活动开始前 ${settings.minHoursBefore} 小时内无法在线取消，请联系工作人员。`,
          `Sorry, a booking cannot be cancelled online within ${settings.minHoursBefore} hours of its start. Please contact our staff.`,
        )
      : fail(
          'cancellation-window',
          `抱歉，就诊/活动开始前 ${settings.minHoursBefore} 小时内无法在线改约，请联系工作人员。`,
          `Sorry, a booking cannot be rescheduled online within ${settings.minHoursBefore} hours of its start. Please contact our staff.`,
        );
  };
}

/** One person, one place at a time. */
export function noOverlap(): BookingRule {
  return (ctx) => {
    if (!takesNewSlot(ctx)) return OK;
    const start = ctx.slot.start.getTime();
    const end = ctx.slot.end.getTime();
    const clash = holding(ctx).some((b) => {
      const bStart = b.start.getTime();
      const bEnd = b.end ? b.end.getTime() : bStart + (end - start);
      return bStart < end && start < bEnd;
    });
    if (!clash) return OK;
    return fail(
      'overlap',
      '您在该时段已有其他预约，请选择其他时间。',
      'You already have a booking at this time. Please choose another time.',
    );
  };
}

export function runRules(rules: readonly BookingRule[], ctx: BookingRuleContext): RuleVerdict {
  for (const rule of rules) {
    const verdict = rule(ctx);
    if (!verdict.ok) return verdict;
  }
  return OK;
}

const count = (max: number) => z.number().int('must be a whole number').min(0).max(max);

/**
 * A tenant's booking rules. Every part is optional; `false` turns a rule off. Defaults:
 * - leadTime: book at least 30 minutes ahead, at most 90 days ahead;
 * - maxPerDay: 2 bookings per local day per service;
 * - cancellation: cancel or reschedule up to 2 hours before the start;
 * - guardian: contacts under 18 need a guardian;
 * - ageRestriction, sexRestriction, noOverlap: on.
 */
export const bookingRulesConfigSchema = z.strictObject({
  leadTime: z
    .union([
      z.literal(false),
      z.strictObject({ minMinutes: count(60 * 24 * 30).default(30), maxDays: count(3660).default(90) }),
    ])
    .default({ minMinutes: 30, maxDays: 90 }),
  maxPerDay: z
    .union([
      z.literal(false),
      z.strictObject({ perDay: count(100).min(1).default(2), perService: z.boolean().default(true) }),
    ])
    .default({ perDay: 2, perService: true }),
  cancellation: z
    .union([z.literal(false), z.strictObject({ minHoursBefore: count(24 * 30).default(2) })])
    .default({ minHoursBefore: 2 }),
  guardian: z
    .union([z.literal(false), z.strictObject({ minorBelowYears: count(25).min(1).default(18) })])
    .default({ minorBelowYears: 18 }),
  ageRestriction: z.boolean().default(true),
  sexRestriction: z.boolean().default(true),
  noOverlap: z.boolean().default(true),
});

/**
 * A rule's settings are `false` or an object; when an object is wrong, say where inside it rather
 * than that it is neither of the two.
 */
function fieldIssues(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): FieldIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const deepest = issue.errors.find((branch) => branch.some((i) => i.path.length > 0));
    if (deepest) return deepest.flatMap((i) => fieldIssues(i, path));
  }
  return [{ path: path.map(String).join('.'), message: issue.message }];
}

export type BookingRulesConfig = z.input<typeof bookingRulesConfigSchema>;

/**
 * The tenant's rule list, in the order a person would want to hear about problems: a closed
 * cancellation window first, then timing, then who may book, then the contact's other bookings.
 */
export function rulesFromConfig(config: unknown = {}): BookingRule[] {
  const parsed = bookingRulesConfigSchema.safeParse(config);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The booking rules configuration is not valid.', {
      issues: parsed.error.issues.flatMap((i) => fieldIssues(i)),
    });
  const c = parsed.data;
  const rules: BookingRule[] = [];
  if (c.cancellation) rules.push(cancellationWindow(c.cancellation));
  if (c.leadTime) rules.push(leadTime(c.leadTime));
  if (c.ageRestriction) rules.push(ageRestriction());
  if (c.sexRestriction) rules.push(sexRestriction());
  if (c.guardian) rules.push(guardianRequiredForMinors(c.guardian));
  if (c.noOverlap) rules.push(noOverlap());
  if (c.maxPerDay) rules.push(maxPerDay(c.maxPerDay));
  return rules;
}

/**
 * Checks a tenant's rule settings without building the rules: the parsed settings (defaults
 * filled in), or `validation_failed` with the path of every bad field (`maxPerDay.perDay`).
 */
export function checkBookingRulesConfig(config: unknown = {}): z.output<typeof bookingRulesConfigSchema> {
  const parsed = bookingRulesConfigSchema.safeParse(config);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The booking rules configuration is not valid.', {
      issues: parsed.error.issues.flatMap((i) => fieldIssues(i)),
    });
  return parsed.data;
}

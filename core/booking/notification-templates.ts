import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors/app-error.ts';
import { wallClock, weekday } from '../nlu/time/zoned-time.ts';
import { partOfDayLabel, partOfDayOf } from './part-of-day.ts';

/**
 * The texts a contact receives about a booking, in the tenant's zone and the contact's language.
 * A tenant may replace any of them with a template of `{placeholders}`; templates are checked when
 * they are loaded, so a typo fails the configuration change, never a reminder at 7 a.m.
 */
export const NOTICE_KINDS = ['confirmation', 'reminder', 'cancellation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeLocale = 'zh-CN' | 'en';

export interface NoticeData {
  readonly serviceName: string;
  readonly resourceName?: string;
  readonly start: Date;
  readonly timeZone: string;
  readonly confirmationCode: string;
  readonly location?: string;
}

/** What a tenant template may use; an absent resource or location is an empty text. */
export const NOTICE_PLACEHOLDERS = [
  'serviceName',
  'resourceName',
  'when',
  'date',
  'time',
  'location',
  'confirmationCode',
] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];

/** A checked template: literal text and placeholder names, in order. */
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly (string | { readonly name: string })[];
}

/**
 * Checks `source` and splits it: `{name}` is a placeholder, `{{` and `}}` stand for literal braces.
 * Throws `AppError('validation_failed')` for a name outside `allowed` or a stray brace.
 */
export function compileTemplate(
  source: string,
  allowed: readonly string[] = NOTICE_PLACEHOLDERS,
): CompiledTemplate {
  const parts: (string | { name: string })[] = [];
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if ((ch === '{' || ch === '}') && source[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const close = source.indexOf('}', i);
      const name = close < 0 ? '' : source.slice(i + 1, close);
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
        throw templateError(
          `a "{" at position ${i} does not open a placeholder like {serviceName} (write {{ for a brace)`,
        );
      if (!allowed.includes(name))
        throw templateError(
          `unknown placeholder {${name}}; known: ${allowed.map((a) => `{${a}}`).join(', ')}`,
        );
      if (text) parts.push(text);
      text = '';
      parts.push({ name });
      i = close;
    } else if (ch === '}') {
      throw templateError(`a "}" at position ${i} closes no placeholder (write }} for a brace)`);
    } else text += ch;
  }
  if (text) parts.push(text);
  return { source, parts };
}

function templateError(message: string): AppError {
  return new AppError('validation_failed', `Template: ${message}.`);
}

/** Fills a template. A text template is checked against the names in `values` first. */
export function renderTemplate(
  template: string | CompiledTemplate,
  values: Readonly<Record<string, string>>,
): string {
  const compiled = typeof template === 'string' ? compileTemplate(template, Object.keys(values)) : template;
  return compiled.parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = values[part.name];
      if (value === undefined) throw templateError(`no value for {${part.name}}`);
      return value;
    })
    .join('');
}

const templateText = z.string().min(1).max(2000);
const localeTemplates = z.strictObject({ 'zh-CN': templateText.optional(), en: templateText.optional() });

export const noticeTemplatesSchema = z.strictObject({
  confirmation: localeTemplates.optional(),
  reminder: localeTemplates.optional(),
  cancellation: localeTemplates.optional(),
});

export type NoticeTemplates = Partial<Record<NoticeKind, Partial<Record<NoticeLocale, CompiledTemplate>>>>;

/** A tenant's overrides, checked now: shape, and every placeholder name. */
export function loadNoticeTemplates(input: unknown): NoticeTemplates {
  const parsed = noticeTemplatesSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The notification templates are not valid.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const issues: FieldIssue[] = [];
  const result: NoticeTemplates = {};
  for (const kind of NOTICE_KINDS)
    for (const locale of ['zh-CN', 'en'] as const) {
      const source = parsed.data[kind]?.[locale];
      if (source === undefined) continue;
      try {
        result[kind] = { ...result[kind], [locale]: compileTemplate(source) };
      } catch (error) {
        issues.push({ path: `${kind}.${locale}`, message: (error as Error).message });
      }
    }
  if (issues.length > 0)
    throw new AppError('validation_failed', 'The notification templates are not valid.', { issues });
  return result;
}

const ZH_WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `2026年12月1日（周二）上午 09:30` / `Tue 1 Dec 2026, 9:30 AM`, in `timeZone`. Chinese names the
 * part of the day and counts afternoon and evening hours from 1 (下午 02:30), as people say it.
 */
export function formatNoticeTime(
  start: Date,
  timeZone: string,
  locale: NoticeLocale,
): { date: string; time: string } {
  const w = wallClock(start, timeZone);
  const wd = weekday(w);
  const hour12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  if (locale === 'zh-CN') {
    const part = partOfDayOf(start, timeZone);
    const hour = part === 'morning' ? w.hour : hour12;
    return {
      date: `${w.year}年${w.month}月${w.day}日（周${ZH_WEEKDAYS[wd - 1]}）`,
      time: `${partOfDayLabel(part, 'zh-CN')} ${pad(hour)}:${pad(w.minute)}`,
    };
  }
  return {
    date: `${EN_WEEKDAYS[wd - 1]} ${w.day} ${EN_MONTHS[w.month - 1]} ${w.year}`,
    time: `${hour12}:${pad(w.minute)} ${w.hour < 12 ? 'AM' : 'PM'}`,
  };
}

type Values = Record<NoticePlaceholder, string>;

function defaultNotice(kind: NoticeKind, locale: NoticeLocale, v: Values): string {
  if (locale === 'zh-CN') {
    const who = v.resourceName ? `${v.serviceName}（${v.resourceName}）` : v.serviceName;
    const where = v.location ? `，地点：${v.location}` : '';
    switch (kind) {
      case 'confirmation':
        return `预约成功：${who}，时间 ${v.when}${where}。确认码：${v.confirmationCode}。如需改约或取消，请提前与我们联系。`;
      case 'reminder':
        return `温馨提醒：您预约的${who}将于 ${v.when} 开始${where}。确认码：${v.confirmationCode}。`;
      case 'cancellation':
        return `您预约的${who}（${v.when}）已取消。确认码：${v.confirmationCode}。如需重新预约，欢迎随时联系我们。`;
    }
  }
  const who = v.resourceName ? `${v.serviceName} with ${v.resourceName}` : v.serviceName;
  const where = v.location ? ` at ${v.location}` : '';
  switch (kind) {
    case 'confirmation':
      return `Your booking is confirmed: ${who}, ${v.when}${where}. Confirmation code: ${v.confirmationCode}. To reschedule or cancel, please contact us in advance.`;
    case 'reminder':
      return `Reminder: your booking for ${who} is on ${v.when}${where}. Confirmation code: ${v.confirmationCode}.`;
    case 'cancellation':
      return `Your booking for ${who} on ${v.when} has been cancelled. Confirmation code: ${v.confirmationCode}. You are welcome to book again at any time.`;
  }
}

/** The notice text: the tenant's template for this kind and locale when it has one, else the built-in text. */
export function renderBookingNotice(
  kind: NoticeKind,
  locale: NoticeLocale,
  data: NoticeData,
  templates: NoticeTemplates = {},
): string {
  const { date, time } = formatNoticeTime(data.start, data.timeZone, locale);
  const values: Values = {
    serviceName: data.serviceName,
    resourceName: data.resourceName ?? '',
    when: locale === 'zh-CN' ? `${date}${time}` : `${date}, ${time}`,
    date,
    time,
    location: data.location ?? '',
    confirmationCode: data.confirmationCode,
  };
  const template = templates[kind]?.[locale];
  return template ? renderTemplate(template, values) : defaultNotice(kind, locale, values);
}

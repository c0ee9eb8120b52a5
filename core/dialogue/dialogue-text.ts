import type { NluResult } from '../nlu/engine.ts';
import type { EntityVocabulary } from '../nlu/entities/entity.ts';
import type { LocalizedText, PackLocale } from '../packs/localized-text.ts';
import type { SlotValue } from './dialogue-state.ts';
import type { SlotDefinition } from './flow.schema.ts';

export const pick = (text: LocalizedText, locale: PackLocale): string => text[locale];

/** Fills `{name}` placeholders; one without a value renders empty rather than as a brace. */
export function render(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, key: string) => values[key] ?? '');
}

// Two words, or one of four letters or more: "ok" or "yes" alone says nothing about the language.
const CLEARLY_ENGLISH = /[a-z]{4,}|[a-z]+ [a-z]+/;

/**
 * Replies follow the language the contact writes in when the message makes it clear, and
 * otherwise stay in the conversation's language.
 */
export function replyLocale(
  nlu: NluResult,
  current: PackLocale | undefined,
  fallback: PackLocale,
): PackLocale {
  if (nlu.language === 'zh') return 'zh-CN';
  if (nlu.language === 'en' && CLEARLY_ENGLISH.test(nlu.text)) return 'en';
  return current ?? fallback;
}

const HAN = /\p{Script=Han}/u;
const PART_OF_DAY: Readonly<Record<string, LocalizedText>> = {
  morning: { 'zh-CN': '上午', en: 'morning' },
  afternoon: { 'zh-CN': '下午', en: 'afternoon' },
  evening: { 'zh-CN': '晚上', en: 'evening' },
};
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function format(locale: PackLocale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

export interface DisplayContext {
  readonly locale: PackLocale;
  readonly timeZone: string;
  readonly vocabularies: readonly EntityVocabulary[];
}

/**
 * A slot value as the contact should read it back: dates spelled out in the reply language
 * (周五 becomes 2026年12月4日周五), a vocabulary value by its name in that language (cardiology
 * becomes 心内科 in Chinese), free text as typed.
 */
export function displaySlot(slot: SlotDefinition, value: SlotValue, context: DisplayContext): string {
  const { locale } = context;
  if (slot.entity === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value.value))
    return format(locale, 'UTC', false).format(new Date(`${value.value}T00:00:00Z`));
  if (slot.entity === 'datetime' && !Number.isNaN(Date.parse(value.value)))
    return format(locale, context.timeZone, true).format(new Date(value.value));
  if (slot.entity === 'time_of_day') {
    const label = PART_OF_DAY[value.value];
    if (label) return label[locale];
  }
  const vocabulary = context.vocabularies.find((v) => v.type === slot.entity);
  const entry = vocabulary?.entries.find((e) => e.value === value.value);
  if (entry) {
    const wanted = (form: string) => (locale === 'zh-CN' ? HAN.test(form) : !HAN.test(form));
    return entry.synonyms.find(wanted) ?? value.text;
  }
  return value.text;
}

import { addDays, isoDate, wallClock } from '../nlu/time/zoned-time.ts';
import type { SlotValue } from './dialogue-state.ts';
import type { SlotDefinition } from './flow.schema.ts';

/** The parts of an NLU entity a slot is filled from (current message or carried over). */
export interface EntityLike {
  readonly type: string;
  readonly value: string;
  readonly text: string;
  readonly timeOfDay?: string;
  readonly impliedDate?: true;
}

export interface SlotContext {
  readonly now: Date;
  readonly timeZone: string;
}

/** Which entity types fill a slot, and how their value is read for it. */
function reader(slotType: string): (entity: EntityLike) => string | undefined {
  switch (slotType) {
    // A date-time answers "which day?": its day is taken. "下午" alone names no day.
    case 'date':
      return (e) =>
        (e.type === 'date' && !e.impliedDate) || e.type === 'datetime' ? e.value.slice(0, 10) : undefined;
    // 上午 / afternoon, alone or with a day ("明天上午").
    case 'time_of_day':
      return (e) => e.timeOfDay;
    case 'time':
      return (e) => (e.type === 'datetime' ? e.value.slice(11, 16) : undefined);
    // A Chinese mobile is a phone number too.
    case 'phone':
      return (e) => (e.type === 'phone' || e.type === 'mobile_cn' ? e.value : undefined);
    case 'text':
      return () => undefined;
    default:
      return (e) => (e.type === slotType ? e.value : undefined);
  }
}

/** The first value in `entities` of the slot's type, as it would be stored. */
export function entityValue(slot: SlotDefinition, entities: readonly EntityLike[]): SlotValue | undefined {
  const read = reader(slot.entity);
  for (const entity of entities) {
    const value = read(entity);
    if (value !== undefined) return { value, text: entity.text };
  }
  return undefined;
}

const TRAILING = /[\s。.!！?？,，;；~～]+$/u;

/** A free-text answer: lead-ins the flow names ("我叫", "my name is") and trailing punctuation removed. */
export function textValue(slot: SlotDefinition, typed: string): SlotValue {
  let text = typed.normalize('NFKC').trim();
  const lower = text.toLowerCase();
  const prefix = [...(slot.validation?.stripPrefixes ?? [])]
    .sort((a, b) => b.length - a.length)
    .find((p) => lower.startsWith(p.toLowerCase()));
  if (prefix) text = text.slice(prefix.length).trim();
  text = text.replace(/^[:：,，\s]+/u, '').replace(TRAILING, '');
  return { value: text, text };
}

const patterns = new Map<string, RegExp>();
/** A text slot's `pattern`, matched against the whole answer, ignoring case. */
function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(`^(?:${source})$`, 'iu');
    patterns.set(source, pattern);
  }
  return pattern;
}

/**
 * A text slot with a `pattern` whose answer has that shape ("483920" for a six-digit code): the
 * answer is taken as it is, before the message is read as a question off the path — an intent
 * guessed from digits or a record number must not interrupt.
 */
export function shapedTextAnswer(slot: SlotDefinition, typed: string): SlotValue | undefined {
  if (slot.entity !== 'text' || slot.validation?.pattern === undefined) return undefined;
  const value = textValue(slot, typed);
  return patternOf(slot.validation.pattern).test(value.value) ? value : undefined;
}

/** Whether a value passes the slot's validation. */
export function isValidSlotValue(slot: SlotDefinition, value: SlotValue, context: SlotContext): boolean {
  const rules = slot.validation;
  if (slot.entity === 'text') {
    const length = [...value.value].length;
    if (rules?.pattern !== undefined && !patternOf(rules.pattern).test(value.value)) return false;
    return length >= (rules?.minLength ?? 1) && length <= (rules?.maxLength ?? 200);
  }
  if (!rules) return true;
  if (rules.allowed && !rules.allowed.includes(value.value)) return false;
  if (slot.entity === 'date') return dateInRange(value.value, rules.future, rules.maxDaysAhead, context);
  if (slot.entity === 'datetime') {
    const at = Date.parse(value.value);
    if (Number.isNaN(at)) return false;
    if (rules.future && at <= context.now.getTime()) return false;
    if (rules.maxDaysAhead !== undefined && at > context.now.getTime() + rules.maxDaysAhead * 86_400_000)
      return false;
  }
  return true;
}

function dateInRange(
  date: string,
  future: boolean | undefined,
  maxDaysAhead: number | undefined,
  context: SlotContext,
) {
  const today = wallClock(context.now, context.timeZone);
  // ISO dates compare as strings.
  if (future && date < isoDate(today)) return false;
  if (maxDaysAhead !== undefined && date > isoDate(addDays(today, maxDaysAhead))) return false;
  return true;
}

import { AppError } from '../errors/app-error.ts';
import { addDays, compareDates, isoDate } from '../nlu/time/zoned-time.ts';
import { type ScheduleDefinition, scheduleDefinitionSchema, windowSpan, windowsOn } from './availability.ts';
import { parseLocalDate, zonedInstant } from './zoned-instant.ts';

/** A concrete slot (FHIR Slot) cut from a schedule's windows. */
export interface GeneratedSlot {
  readonly start: Date;
  readonly end: Date;
  readonly capacity: number;
  /** The local date the window started on (a night window's slots after midnight keep it). */
  readonly localDate: string;
}

const MINUTE = 60_000;
/** A year of slots per call is plenty for a materialising job, and bounds the work one call can ask for. */
export const MAX_GENERATION_DAYS = 366;

/**
 * The slots of `def` on the local dates `from`…`to` (inclusive), sorted by start.
 *
 * A window's wall-clock start and end become instants (`zonedInstant`: the first instant the
 * clock shows that time), and slots are cut by stepping `slotMinutes` of *real* time from the
 * start instant, dropping a last slot that would end after the window. So a slot always lasts
 * exactly `slotMinutes`; on a spring-forward day wall times that do not exist get no slot and a
 * window loses the skipped hour; on a fall-back day the repeated hour is covered once per real
 * hour and never yields two slots at the same instant. Since the wall → instant mapping never
 * runs backwards, windows that do not overlap on the wall clock (which the schema enforces) do
 * not overlap in real time either.
 */
export function generateSlots(def: ScheduleDefinition, from: string, to: string): GeneratedSlot[] {
  const parsed = scheduleDefinitionSchema.safeParse(def);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The schedule definition is not valid.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const first = parseLocalDate(from);
  const last = parseLocalDate(to);
  if (!first || !last)
    throw new AppError('validation_failed', `Expected dates YYYY-MM-DD, got ${from} and ${to}.`);
  if (compareDates(first, last) > 0)
    throw new AppError('validation_failed', `The range ends (${to}) before it starts (${from}).`);
  const slots: GeneratedSlot[] = [];
  let days = 0;
  for (let date = first; compareDates(date, last) <= 0; date = addDays(date, 1)) {
    if (++days > MAX_GENERATION_DAYS)
      throw new AppError('validation_failed', `At most ${MAX_GENERATION_DAYS} days of slots at a time.`);
    const localDate = isoDate(date);
    for (const window of windowsOn(def, date)) {
      const span = windowSpan(window);
      const windowStart = zonedInstant(date, span.start, def.timeZone).getTime();
      const windowEnd = zonedInstant(date, span.end, def.timeZone).getTime();
      const step = span.slotMinutes * MINUTE;
      for (let t = windowStart; t + step <= windowEnd; t += step)
        slots.push({ start: new Date(t), end: new Date(t + step), capacity: span.capacity, localDate });
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * The first pair of indices whose slots overlap (touching ends do not), or undefined: for
 * checking the slots of several schedules that share one resource. Order of the input is free.
 */
export function overlapping(slots: readonly { start: Date; end: Date }[]): [number, number] | undefined {
  const order = slots.map((_, i) => i).sort((a, b) => slots[a]!.start.getTime() - slots[b]!.start.getTime());
  let reach = -1;
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    if (reach < 0 || slots[prev]!.end.getTime() > slots[reach]!.end.getTime()) reach = prev;
    const current = order[k]!;
    if (slots[current]!.start.getTime() < slots[reach]!.end.getTime())
      return reach < current ? [reach, current] : [current, reach];
  }
  return undefined;
}

import type { TimeOfDay } from '../time/temporal-piece.ts';

/** How an entity was found, for explaining a parse. */
export type EntitySource = 'vocabulary' | 'pinyin' | 'pattern' | 'temporal';

/** Offsets are UTF-16 indices into the normalised text (`NluResult.text`). */
export interface Entity {
  readonly type: string;
  /** Canonical value: the vocabulary id, a normalised number, or an ISO date/date-time. */
  readonly value: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly source: EntitySource;
  readonly timeOfDay?: TimeOfDay;
  /** A part of day said without a day ("下午"): `value` is today's date only by default. */
  readonly impliedDate?: true;
}

/** A pack vocabulary: one entity type, its canonical values and their other names. */
export interface EntityVocabulary {
  readonly type: string;
  readonly entries: readonly VocabularyEntry[];
  /** Also match Chinese names typed as pinyin (xinneike) or initials (xnk). */
  readonly pinyin?: boolean;
}

export interface VocabularyEntry {
  readonly value: string;
  /** Every surface form, in any language: full names, synonyms, abbreviations. */
  readonly synonyms: readonly string[];
}

/** Keeps the leftmost, then longest, of overlapping entities. */
export function resolveOverlaps<T extends { start: number; end: number }>(found: T[]): T[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const e of found) if (kept.length === 0 || e.start >= (kept.at(-1) as T).end) kept.push(e);
  return kept;
}

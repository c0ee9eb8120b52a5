import type { NluResult } from './engine.ts';
import type { EntityVocabulary } from './entities/entity.ts';
import type { SafetyRule } from './safety.ts';
import type { TrainingExample } from './train-intent.ts';

/**
 * What a vertical pack gives the NLU engine (DESIGN §7): intents with training utterances in
 * each language, entity vocabularies, red-flag rules and the shape of its record numbers.
 * `VerticalPack` will carry one of these; until then the CLI takes a resolver.
 */
export interface NluPackData {
  readonly id: string;
  readonly intents: readonly PackIntent[];
  readonly vocabularies?: readonly EntityVocabulary[];
  readonly safetyRules?: readonly SafetyRule[];
  /** Regular-expression source for the pack's record number (MRN, student number). */
  readonly recordNumberPattern?: string;
  /**
   * Fields a pack adds to a parse, computed from the text and the engine's result: the medical
   * pack's department `triage` and its `safety` verdict. Pure and fast: it runs on every message.
   */
  readonly annotate?: (text: string, result: NluResult) => Readonly<Record<string, unknown>>;
}

export interface PackIntent {
  readonly name: string;
  readonly utterances: { readonly zh?: readonly string[]; readonly en?: readonly string[] };
}

/** Finds a pack's NLU data by pack id; the composition root supplies the real one. */
export type NluPackResolver = (id: string) => NluPackData | undefined;

export function packTrainingExamples(pack: NluPackData): TrainingExample[] {
  return pack.intents.flatMap((intent) =>
    [...(intent.utterances.zh ?? []), ...(intent.utterances.en ?? [])].map((text) => ({
      text,
      intent: intent.name,
    })),
  );
}

/** Vocabulary forms become jieba words, so that 心血管内科 is one token, not three. */
export function packUserWords(pack: NluPackData): string[] {
  return (pack.vocabularies ?? []).flatMap((v) =>
    v.entries.flatMap((e) => [e.value, ...e.synonyms]).filter((w) => /\p{Script=Han}/u.test(w)),
  );
}

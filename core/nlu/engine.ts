import { type Entity, type EntityVocabulary, resolveOverlaps } from './entities/entity.ts';
import { createGazetteer } from './entities/gazetteer.ts';
import { createPatternMatcher } from './entities/patterns.ts';
import { createIntentClassifier, type IntentModel } from './intent-model.ts';
import { identifyLanguage, type Language } from './language.ts';
import { normalizeText } from './normalize.ts';
import { createSafetyDetector, type SafetyResult, type SafetyRule } from './safety.ts';
import { detectSentiment, type Sentiment } from './sentiment.ts';
import { findTemporalEntities } from './time/temporal-entities.ts';
import { assertTimeZone } from './time/zoned-time.ts';

export interface NluResult {
  /** The normalised text; entity offsets point into it. */
  readonly text: string;
  readonly truncated: boolean;
  readonly language: Language;
  readonly intent: string;
  readonly confidence: number;
  readonly entities: readonly Entity[];
  readonly sentiment: Sentiment;
  readonly safety: SafetyResult;
  readonly modelVersion: string;
}

export interface ParseContext {
  /** The moment relative dates are resolved against; defaults to the engine's clock. */
  readonly now?: Date;
  /** IANA zone of the speaker (the tenant's zone); defaults to the engine's. */
  readonly timeZone?: string;
}

export interface NluEngineOptions {
  readonly model: IntentModel;
  readonly vocabularies?: readonly EntityVocabulary[];
  readonly safetyRules?: readonly SafetyRule[];
  readonly recordNumberPattern?: string;
  readonly timeZone?: string;
  readonly clock?: () => Date;
}

export interface NluEngine {
  readonly modelVersion: string;
  parse(text: string, context?: ParseContext): NluResult;
}

/**
 * One model plus one pack's vocabularies and rules. Everything is built here, once, so that
 * `parse` only runs precompiled matchers; it is synchronous, so it always sees one model.
 */
export function createNluEngine(options: NluEngineOptions): NluEngine {
  const classifier = createIntentClassifier(options.model);
  const gazetteer = createGazetteer(options.vocabularies ?? []);
  const patterns = createPatternMatcher(
    options.recordNumberPattern ? { recordNumber: options.recordNumberPattern } : {},
  );
  const safety = createSafetyDetector(options.safetyRules ?? []);
  const defaultZone = options.timeZone ?? 'Asia/Shanghai';
  assertTimeZone(defaultZone);
  const clock = options.clock ?? (() => new Date());
  const modelVersion = options.model.metadata.version;

  return {
    modelVersion,
    parse(input, context = {}) {
      if (typeof input !== 'string') throw new TypeError('text must be a string');
      const { text, truncated } = normalizeText(input);
      const prediction = classifier.predict(text);
      const temporal = findTemporalEntities(text, {
        now: context.now ?? clock(),
        timeZone: context.timeZone ?? defaultZone,
      }).map((e): Entity => ({ ...e, source: 'temporal' }));
      // Patterns win: the digits of a phone number must not be read as a date or a code.
      const fixed = patterns(text);
      const free = (e: Entity) => !fixed.some((f) => e.start < f.end && e.end > f.start);
      const entities = resolveOverlaps([
        ...fixed,
        ...resolveOverlaps([...gazetteer.find(text), ...temporal]).filter(free),
      ]);
      return {
        text,
        truncated,
        language: identifyLanguage(text),
        intent: prediction.intent,
        confidence: round(prediction.confidence),
        entities,
        sentiment: detectSentiment(text, input),
        safety: safety(text),
        modelVersion,
      };
    },
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

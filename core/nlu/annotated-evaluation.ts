import type { AnnotatedExample } from './datasets.ts';
import type { NluResult } from './engine.ts';
import { type EvaluationReport, evaluateIntents } from './evaluation.ts';

/** What one parse of a held-out message yielded: the engine's result and the pack's own fields. */
export interface AnnotatedPrediction {
  readonly result: NluResult;
  /** The pack's annotations (`NluPackData.annotate`), e.g. the medical pack's `triage` and `safety`. */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface EntityScore {
  /** Messages whose gold annotation names this entity type. */
  readonly messages: number;
  /** Of those, messages where the engine found the type with the gold value. */
  readonly correct: number;
  readonly accuracy: number;
}

export interface AnnotatedReport {
  /** The intent report of each language's messages (by the annotation, else the detected language). */
  readonly byLanguage: Readonly<Record<string, EvaluationReport>>;
  readonly entities: Readonly<Record<string, EntityScore>>;
  /** Only when the set marks emergencies: recall over `emergency: true`, flag rate over `false`. */
  readonly emergency?: {
    readonly emergencies: number;
    readonly recall: number;
    readonly benign: number;
    readonly benignFlagged: number;
    readonly benignFlagRate: number;
  };
  /** Only when the set carries `triage`: the pack's ranking against the acceptable best departments. */
  readonly triage?: { readonly messages: number; readonly top1: number; readonly top3: number };
}

/**
 * Scores what `evaluateIntents` cannot see: accuracy per language, entity values, emergency recall
 * and false alarms, and triage ranking. A date entity matches when its ISO value starts with the
 * gold date (a date-time on that day counts). Emergency is read from the pack's `safety.emergency`
 * when it gives one, else from the engine's `safety.severity === 'emergency'`.
 */
export function evaluateAnnotated(
  examples: readonly AnnotatedExample[],
  predictions: readonly AnnotatedPrediction[],
): AnnotatedReport {
  if (examples.length !== predictions.length) throw new Error('examples and predictions differ in length');
  const languages = new Map<string, { gold: string[]; predicted: string[] }>();
  const entities = new Map<string, { messages: number; correct: number }>();
  let emergencies = 0;
  let caught = 0;
  let benign = 0;
  let benignFlagged = 0;
  let triaged = 0;
  let top1 = 0;
  let top3 = 0;
  examples.forEach((example, i) => {
    const { result, extra } = predictions[i] as AnnotatedPrediction;
    const language = example.language ?? result.language;
    const bucket = languages.get(language) ?? { gold: [], predicted: [] };
    bucket.gold.push(example.intent);
    bucket.predicted.push(result.intent);
    languages.set(language, bucket);

    for (const [type, value] of Object.entries(example.entities ?? {})) {
      const score = entities.get(type) ?? { messages: 0, correct: 0 };
      score.messages++;
      if (found(result, type, value)) score.correct++;
      entities.set(type, score);
    }

    if (example.emergency !== undefined) {
      const flagged = isEmergency(result, extra);
      if (example.emergency) {
        emergencies++;
        if (flagged) caught++;
      } else {
        benign++;
        if (flagged) benignFlagged++;
      }
    }

    if (example.triage !== undefined && example.triage.length > 0) {
      triaged++;
      const ranked = Array.isArray(extra.triage) ? (extra.triage as unknown[]) : [];
      const acceptable = new Set(example.triage);
      if (acceptable.has(String(ranked[0]))) top1++;
      if (ranked.slice(0, 3).some((d) => acceptable.has(String(d)))) top3++;
    }
  });

  const byLanguage: Record<string, EvaluationReport> = {};
  for (const [language, { gold, predicted }] of [...languages].sort(([a], [b]) => a.localeCompare(b)))
    byLanguage[language] = evaluateIntents(gold, predicted);
  const entityScores: Record<string, EntityScore> = {};
  for (const [type, { messages, correct }] of [...entities].sort(([a], [b]) => a.localeCompare(b)))
    entityScores[type] = { messages, correct, accuracy: r4(correct / messages) };
  return {
    byLanguage,
    entities: entityScores,
    ...(emergencies + benign > 0
      ? {
          emergency: {
            emergencies,
            recall: emergencies > 0 ? r4(caught / emergencies) : 1,
            benign,
            benignFlagged,
            benignFlagRate: benign > 0 ? r4(benignFlagged / benign) : 0,
          },
        }
      : {}),
    ...(triaged > 0
      ? { triage: { messages: triaged, top1: r4(top1 / triaged), top3: r4(top3 / triaged) } }
      : {}),
  };
}

// A time of day rides on the temporal entity it qualifies ("明天上午") or stands alone ("上午").
function found(result: NluResult, type: string, gold: string): boolean {
  return result.entities.some((e) => {
    if (type === 'time_of_day') return e.timeOfDay === gold || (e.type === type && e.value === gold);
    // A gold date is also found in a date-time on that day ("明天上午9点").
    if (type === 'date') return (e.type === 'date' || e.type === 'datetime') && e.value.startsWith(gold);
    return e.type === type && e.value === gold;
  });
}

function isEmergency(result: NluResult, extra: Readonly<Record<string, unknown>>): boolean {
  const safety = extra.safety as { emergency?: unknown } | undefined;
  if (typeof safety?.emergency === 'boolean') return safety.emergency;
  return result.safety.severity === 'emergency';
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

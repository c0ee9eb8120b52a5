import { OUT_OF_SCOPE } from './intent-model.ts';

export interface IntentScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface EvaluationReport {
  readonly examples: number;
  /** Over all examples, out-of-scope ones included. */
  readonly accuracy: number;
  /** Unweighted mean F1 over in-scope intents. */
  readonly macroF1: number;
  /** Share of in-scope examples given their exact intent (a wrong rejection counts as an error). */
  readonly inScopeAccuracy: number;
  /** Share of out-of-scope examples rejected; null when the test set has none. */
  readonly oosRecall: number | null;
  /** Share of rejections that were truly out of scope; null when nothing was rejected. */
  readonly oosPrecision: number | null;
  readonly perIntent: Readonly<Record<string, IntentScores>>;
}

/** Scores predictions against gold labels; OUT_OF_SCOPE is the rejection label. */
export function evaluateIntents(gold: readonly string[], predicted: readonly string[]): EvaluationReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] as string;
    const p = predicted[i] as string;
    if (g === p) {
      correct++;
      inc(tp, g);
    } else {
      inc(fp, p);
      inc(fn, g);
    }
    if (g !== OUT_OF_SCOPE) {
      inScope++;
      if (g === p) inScopeCorrect++;
    }
  }
  const labels = [...new Set([...gold, ...predicted])].sort();
  const perIntent: Record<string, IntentScores> = {};
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const precision = ratio(t, t + (fp.get(label) ?? 0)) ?? 0;
    const recall = ratio(t, t + (fn.get(label) ?? 0)) ?? 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perIntent[label] = {
      precision: r4(precision),
      recall: r4(recall),
      f1: r4(f1),
      support: t + (fn.get(label) ?? 0),
    };
  }
  const inScopeLabels = labels.filter((l) => l !== OUT_OF_SCOPE && (perIntent[l]?.support ?? 0) > 0);
  const macroF1 =
    inScopeLabels.reduce((s, l) => s + (perIntent[l]?.f1 ?? 0), 0) / Math.max(1, inScopeLabels.length);
  const oos = perIntent[OUT_OF_SCOPE];
  const oosGold = gold.filter((g) => g === OUT_OF_SCOPE).length;
  const oosPredicted = predicted.filter((p) => p === OUT_OF_SCOPE).length;
  return {
    examples: gold.length,
    accuracy: r4(ratio(correct, gold.length) ?? 0),
    macroF1: r4(macroF1),
    inScopeAccuracy: r4(ratio(inScopeCorrect, inScope) ?? 0),
    oosRecall: oosGold > 0 ? (oos?.recall ?? 0) : null,
    oosPrecision: oosPredicted > 0 ? (oos?.precision ?? 0) : null,
    perIntent,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? undefined : a / b);
const r4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Custos NLU against nlp.js (node-nlp NlpManager) on the same carved splits of two public
 * benchmarks, in one run: accuracy, out-of-scope recall, training time and throughput, with
 * ratios. The official KUAKE-QIC dev and CLINC150 test splits stay untouched; these splits are
 * carved from the published training files (see docs/nlu.md and docs/benchmarks.md).
 *
 *   node --import tsx bench/nlu.ts [--data ../shared/data/nlu] [--skip-nlpjs]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createNluEngine,
  evaluateIntents,
  loadNluModel,
  OUT_OF_SCOPE,
  saveNluModel,
  type TrainingExample,
  trainIntentModel,
} from '../core/index.ts';

const { values } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data/nlu' }, 'skip-nlpjs': { type: 'boolean' } },
});
const dataDir = values.data as string;

interface Carved {
  readonly name: string;
  readonly language: 'zh' | 'en';
  readonly train: TrainingExample[];
  readonly tune: TrainingExample[];
  readonly test: TrainingExample[];
}

/** mulberry32: a seeded shuffle, so the carved splits are the same on every run. */
function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Stratified k-fold: each label's rows are shuffled (seeded) and dealt round-robin into `k` folds. */
function stratifiedFolds(rows: TrainingExample[], k: number, seed: number): TrainingExample[][] {
  const byLabel = new Map<string, TrainingExample[]>();
  for (const r of rows) byLabel.set(r.intent, [...(byLabel.get(r.intent) ?? []), r]);
  const folds: TrainingExample[][] = Array.from({ length: k }, () => []);
  let dealt = 0;
  for (const [i, label] of [...byLabel.keys()].sort().entries()) {
    for (const r of seededShuffle([...(byLabel.get(label) ?? [])], seed * 1000 + i))
      (folds[dealt++ % k] as TrainingExample[]).push(r);
  }
  return folds;
}

/** Splits each label's rows in the same proportion, after a seeded shuffle. */
function stratified(
  rows: TrainingExample[],
  share: number,
  seed: number,
): [TrainingExample[], TrainingExample[]] {
  const byLabel = new Map<string, TrainingExample[]>();
  for (const r of rows) byLabel.set(r.intent, [...(byLabel.get(r.intent) ?? []), r]);
  const held: TrainingExample[] = [];
  const kept: TrainingExample[] = [];
  for (const [i, label] of [...byLabel.keys()].sort().entries()) {
    const group = seededShuffle([...(byLabel.get(label) ?? [])], seed * 1000 + i);
    const cut = Math.round(group.length * share);
    held.push(...group.slice(0, cut));
    kept.push(...group.slice(cut));
  }
  return [kept, held];
}

const KUAKE_FOLDS = 5;
const KUAKE_SEED = 7;

/** KUAKE-QIC's published train file in 5 stratified folds; fold `f` is scored, the rest trains. */
function kuake(f = 0): Carved {
  const rows = JSON.parse(readFileSync(join(dataDir, 'kuake-qic/train.json'), 'utf8')) as {
    query: string;
    label: string;
  }[];
  const folds = stratifiedFolds(
    rows.map((r) => ({ text: r.query, intent: r.label })),
    KUAKE_FOLDS,
    KUAKE_SEED,
  );
  return {
    name: `KUAKE-QIC (fold ${f + 1} of ${KUAKE_FOLDS}, stratified, seed ${KUAKE_SEED})`,
    language: 'zh',
    train: folds.filter((_, i) => i !== f).flat(),
    tune: [],
    test: folds[f] as TrainingExample[],
  };
}

/** `swap` scores the half that otherwise calibrates, and calibrates on the other. */
function clinc(swap = false): Carved {
  const data = JSON.parse(readFileSync(join(dataDir, 'clinc150/train_val.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const rows = (split: string) =>
    (data[split] ?? []).map(([text, intent]) => ({ text, intent: intent === 'oos' ? OUT_OF_SCOPE : intent }));
  // val + oos_val halved: one half calibrates the threshold, the other is scored.
  const [first, second] = stratified([...rows('val'), ...rows('oos_val')], 0.5, 7);
  const [test, tune] = swap ? [second, first] : [first, second];
  return {
    name: `CLINC150 (train+oos_train → ${swap ? 'second' : 'first'} half of val+oos_val)`,
    language: 'en',
    train: [...rows('train'), ...rows('oos_train')],
    tune,
    test,
  };
}

interface Outcome {
  readonly accuracy: number;
  readonly inScopeAccuracy: number;
  readonly oosRecall: number | null;
  readonly macroF1: number;
  readonly trainSeconds: number;
  readonly perSecond: number;
}

async function runCustos(set: Carved): Promise<Outcome & { loadMs?: number; modelBytes?: number }> {
  const started = performance.now();
  const model = trainIntentModel(set.train, { tune: set.tune });
  const trainSeconds = (performance.now() - started) / 1000;
  const engine = createNluEngine({ model });
  const predicted = set.test.map((e) => engine.parse(e.text).intent);
  // Throughput of the full parse (intent, entities, dates, sentiment, safety) on one core.
  for (const e of set.test.slice(0, 500)) engine.parse(e.text);
  // The machine is shared: time 7 passes and keep the median pass.
  const rates: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (const e of set.test) engine.parse(e.text);
    rates.push(set.test.length / ((performance.now() - t) / 1000));
  }
  const perSecond = median(rates);
  const dir = await mkdtemp(join(tmpdir(), 'custos-nlu-bench-'));
  try {
    const file = join(dir, 'model.bin');
    await saveNluModel(model, file);
    const loads: number[] = [];
    for (let r = 0; r < 5; r++) {
      const l = performance.now();
      await loadNluModel(file);
      loads.push(performance.now() - l);
    }
    const loadMs = median(loads);
    const modelBytes = readFileSync(file).length;
    return { ...scores(set, predicted), trainSeconds, perSecond, loadMs, modelBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runNlpjs(set: Carved): Promise<Outcome> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp');
  const manager = new NlpManager({
    languages: [set.language],
    autoSave: false,
    forceNER: false,
    nlu: { log: false },
  });
  // nlp.js has no calibrated rejection beyond its "None" intent; explicit oos rows are an intent.
  for (const e of set.train) manager.addDocument(set.language, e.text, e.intent);
  const started = performance.now();
  await manager.train();
  const trainSeconds = (performance.now() - started) / 1000;
  const predicted: string[] = [];
  const t = performance.now();
  for (const e of set.test) {
    const r = await manager.process(set.language, e.text);
    predicted.push(r.intent === 'None' || r.intent === OUT_OF_SCOPE ? OUT_OF_SCOPE : r.intent);
  }
  const perSecond = set.test.length / ((performance.now() - t) / 1000);
  return { ...scores(set, predicted), trainSeconds, perSecond };
}

function scores(set: Carved, predicted: string[]) {
  const r = evaluateIntents(
    set.test.map((e) => e.intent),
    predicted,
  );
  return {
    accuracy: r.accuracy,
    inScopeAccuracy: r.inScopeAccuracy,
    oosRecall: r.oosRecall,
    macroF1: r.macroF1,
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

for (const set of [kuake(0), clinc()]) {
  console.log(`\n${set.name}: ${set.train.length} train, ${set.tune.length} tune, ${set.test.length} test`);
  const custos = await runCustos(set);
  console.log(
    `  Custos  accuracy ${pct(custos.accuracy)}  in-scope ${pct(custos.inScopeAccuracy)}  OOS recall ${pct(custos.oosRecall)}  macro-F1 ${pct(custos.macroF1)}  train ${custos.trainSeconds.toFixed(2)} s  ${custos.perSecond.toFixed(0)} parses/s  load ${custos.loadMs?.toFixed(0)} ms  model ${((custos.modelBytes ?? 0) / 1e6).toFixed(1)} MB`,
  );
  if (values['skip-nlpjs']) continue;
  const nlpjs = await runNlpjs(set);
  console.log(
    `  nlp.js  accuracy ${pct(nlpjs.accuracy)}  in-scope ${pct(nlpjs.inScopeAccuracy)}  OOS recall ${pct(nlpjs.oosRecall)}  macro-F1 ${pct(nlpjs.macroF1)}  train ${nlpjs.trainSeconds.toFixed(2)} s  ${nlpjs.perSecond.toFixed(0)} parses/s`,
  );
  console.log(
    `  ratio   accuracy ${ratio(custos.accuracy, nlpjs.accuracy)}  training time ${ratio(custos.trainSeconds, nlpjs.trainSeconds)}  throughput ${ratio(custos.perSecond, nlpjs.perSecond)}`,
  );
}

// Custos alone on the other carves: every KUAKE-QIC fold, and CLINC150 with the halves swapped.
const accuracies: number[] = [];
for (let f = 0; f < KUAKE_FOLDS; f++) {
  const set = kuake(f);
  const model = trainIntentModel(set.train);
  const engine = createNluEngine({ model });
  accuracies.push(
    scores(
      set,
      set.test.map((e) => engine.parse(e.text).intent),
    ).accuracy,
  );
}
const mean = accuracies.reduce((s, a) => s + a, 0) / accuracies.length;
console.log(
  `\nKUAKE-QIC ${KUAKE_FOLDS}-fold (seed ${KUAKE_SEED}), Custos: ${accuracies.map(pct).join(', ')}; mean ${pct(mean)}`,
);
const swapped = clinc(true);
const other = await runCustos(swapped);
console.log(
  `${swapped.name}, Custos: in-scope ${pct(other.inScopeAccuracy)}  OOS recall ${pct(other.oosRecall)}  train ${other.trainSeconds.toFixed(2)} s  ${other.perSecond.toFixed(0)} parses/s`,
);

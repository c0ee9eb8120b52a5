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

function kuake(): Carved {
  const rows = JSON.parse(readFileSync(join(dataDir, 'kuake-qic/train.json'), 'utf8')) as {
    query: string;
    label: string;
  }[];
  const [train, test] = stratified(
    rows.map((r) => ({ text: r.query, intent: r.label })),
    0.2,
    7,
  );
  return { name: 'KUAKE-QIC (20% of train, stratified)', language: 'zh', train, tune: [], test };
}

function clinc(): Carved {
  const data = JSON.parse(readFileSync(join(dataDir, 'clinc150/train_val.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const rows = (split: string) =>
    (data[split] ?? []).map(([text, intent]) => ({ text, intent: intent === 'oos' ? OUT_OF_SCOPE : intent }));
  // val + oos_val halved: one half calibrates the threshold, the other is scored.
  const [test, tune] = stratified([...rows('val'), ...rows('oos_val')], 0.5, 7);
  return {
    name: 'CLINC150 (train+oos_train → half of val+oos_val)',
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
  const rounds = 3;
  const t = performance.now();
  for (let r = 0; r < rounds; r++) for (const e of set.test) engine.parse(e.text);
  const perSecond = (rounds * set.test.length) / ((performance.now() - t) / 1000);
  const dir = await mkdtemp(join(tmpdir(), 'custos-nlu-bench-'));
  try {
    const file = join(dir, 'model.bin');
    await saveNluModel(model, file);
    const l = performance.now();
    await loadNluModel(file);
    const loadMs = performance.now() - l;
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

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

for (const set of [kuake(), clinc()]) {
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

import { createInterface } from 'node:readline';
import {
  type AnnotatedExample,
  createNluEngine,
  DATASET_FORMATS,
  DatasetError,
  type DatasetFormat,
  evaluateAnnotated,
  evaluateIntents,
  type IntentModel,
  loadNluModel,
  ModelFormatError,
  type NluEngine,
  type NluPackData,
  type NluPackResolver,
  type NluResult,
  packTrainingExamples,
  packUserWords,
  readAnnotatedJsonl,
  readClinc,
  readJsonl,
  readKuake,
  saveNluModel,
  TrainingDataError,
  type TrainingExample,
  trainIntentModel,
} from '../../core/index.ts';
import { parse } from '../args.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';

const usage = `Usage: custos nlu parse [--pack P] [--model FILE] [--time-zone TZ] [--now ISO] ["text"]
       custos nlu train (--format kuake|clinc|jsonl --train FILE [--tune FILE] | --pack P) --out MODEL
       custos nlu eval  --format kuake|clinc|jsonl (--train FILE | --pack P) [--tune FILE] [--now ISO] --test FILE

parse   prints {language, intent, confidence, entities, sentiment, safety, modelVersion} as JSON;
        without a text it reads one message per line from stdin and prints one JSON line each.
train   trains an intent model and writes the artefact to MODEL.
eval    trains on one file, evaluates on another and prints a JSON report.

Formats: kuake  CBLUE KUAKE-QIC, a JSON array of {query, label}
         clinc  CLINC150 data_full.json; --train-splits (train,oos_train), --tune-splits
                (val,oos_val; they calibrate the out-of-scope threshold; --tune defaults to
                --train), --test-splits (test,oos_test); label "oos" is out of scope
         jsonl  one {"text", "intent"} per line; intent "out_of_scope" marks out of scope;
                optional "language" (zh|en), "entities" ({type: value}), "triage" (acceptable
                best departments) and "emergency" (true|false) add per-language, entity,
                triage and emergency scores to the eval report
Options: --seed N (training seed, default 1); --now ISO resolves relative dates (parse, eval)
With --pack, parse also prints the pack's own fields (the medical pack's triage and safety).`;

const OPTIONS = {
  pack: { type: 'string' },
  model: { type: 'string' },
  format: { type: 'string' },
  train: { type: 'string' },
  tune: { type: 'string' },
  test: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'string' },
  'time-zone': { type: 'string' },
  'train-splits': { type: 'string' },
  'tune-splits': { type: 'string' },
  'test-splits': { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** `resolvePack` is how the composition root hands packs in; the default knows none. */
export function createNluCommand(resolvePack: NluPackResolver = () => undefined): Command {
  return {
    name: 'nlu',
    summary: 'Parse messages, train and evaluate intent models',
    usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        io.stdout.write(`${usage}\n`);
        return sub === undefined ? 2 : 0;
      }
      if (sub !== 'parse' && sub !== 'train' && sub !== 'eval')
        throw new UsageError(`unknown nlu command "${sub}" (expected parse, train or eval)`);
      const { values, positionals } = parse(rest, OPTIONS, sub === 'parse');
      if (values.help) {
        io.stdout.write(`${usage}\n`);
        return 0;
      }
      try {
        if (sub === 'parse') return await runParse(values, positionals, io, resolvePack);
        if (sub === 'train') return await runTrain(values, io, resolvePack);
        return await runEval(values, io, resolvePack);
      } catch (error) {
        // Bad input files are the caller's mistake: one line, exit 2, like any bad argument.
        if (
          error instanceof DatasetError ||
          error instanceof ModelFormatError ||
          error instanceof TrainingDataError
        )
          throw new UsageError(error.message);
        throw error;
      }
    },
  };
}

export const nluCommand: Command = createNluCommand();

function pack(values: Values, resolvePack: NluPackResolver): NluPackData | undefined {
  if (values.pack === undefined) return undefined;
  const found = resolvePack(values.pack);
  if (!found) throw new UsageError(`unknown pack "${values.pack}": no NLU data is registered for it`);
  return found;
}

function seed(values: Values): number {
  const n = Number(values.seed ?? 1);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new UsageError('--seed must be a non-negative integer');
  return n;
}

function trainPack(data: NluPackData, values: Values): IntentModel {
  return trainIntentModel(packTrainingExamples(data), {
    seed: seed(values),
    features: { userWords: packUserWords(data) },
  });
}

function engineFor(model: IntentModel, data: NluPackData | undefined, values: Values): NluEngine {
  try {
    return createNluEngine({
      model,
      vocabularies: data?.vocabularies ?? [],
      safetyRules: data?.safetyRules ?? [],
      ...(data?.recordNumberPattern ? { recordNumberPattern: data.recordNumberPattern } : {}),
      ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw new UsageError(`--time-zone: unknown time zone "${values['time-zone']}"`);
    throw error;
  }
}

// A pack's annotations come after the engine's fields and may refine one (the medical `safety`).
function view(r: NluResult, data: NluPackData | undefined) {
  const { language, intent, confidence, entities, sentiment, safety, modelVersion } = r;
  const extra = data?.annotate?.(r.text, r) ?? {};
  return { language, intent, confidence, entities, sentiment, safety, modelVersion, ...extra };
}

async function runParse(values: Values, positionals: string[], io: CommandIo, resolvePack: NluPackResolver) {
  const data = pack(values, resolvePack);
  if (!data && values.model === undefined) throw new UsageError('nlu parse needs --model FILE or --pack P');
  const now = reference(values);
  const model =
    values.model !== undefined ? await loadNluModel(values.model) : trainPack(data as NluPackData, values);
  const engine = engineFor(model, data, values);
  const context = now ? { now } : {};
  if (positionals.length > 0) {
    io.stdout.write(`${JSON.stringify(view(engine.parse(positionals.join(' '), context), data))}\n`);
    return 0;
  }
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    io.stdout.write(`${JSON.stringify(view(engine.parse(line, context), data))}\n`);
  }
  return 0;
}

interface Splits {
  readonly train: TrainingExample[];
  readonly tune: TrainingExample[];
}

function format(values: Values): DatasetFormat {
  const f = values.format;
  if (f === undefined) throw new UsageError(`--format is required (${DATASET_FORMATS.join(', ')})`);
  if (!(DATASET_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`unknown --format "${f}" (expected ${DATASET_FORMATS.join(', ')})`);
  return f as DatasetFormat;
}

const splitList = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function readSet(fmt: DatasetFormat, path: string, splits: string[]): Promise<TrainingExample[]> {
  if (fmt === 'kuake') return readKuake(path);
  if (fmt === 'clinc') return readClinc(path, splits);
  return readJsonl(path);
}

async function trainingData(values: Values, fmt: DatasetFormat): Promise<Splits> {
  if (values.train === undefined) throw new UsageError('--train FILE is required (or --pack P)');
  const train = await readSet(fmt, values.train, splitList(values['train-splits'], 'train,oos_train'));
  let tune: TrainingExample[] = [];
  if (fmt === 'clinc')
    tune = await readSet(fmt, values.tune ?? values.train, splitList(values['tune-splits'], 'val,oos_val'));
  else if (values.tune !== undefined) tune = await readSet(fmt, values.tune, []);
  if (train.length === 0) throw new UsageError(`${values.train} holds no training examples`);
  return { train, tune };
}

async function trainModel(
  values: Values,
  resolvePack: NluPackResolver,
): Promise<{ model: IntentModel; data?: NluPackData; seconds: number }> {
  const data = pack(values, resolvePack);
  const started = performance.now();
  if (data) {
    if (values.train !== undefined) throw new UsageError('--pack brings its own training data; drop --train');
    const model = trainPack(data, values);
    return { model, data, seconds: (performance.now() - started) / 1000 };
  }
  const fmt = format(values);
  const { train, tune } = await trainingData(values, fmt);
  const begin = performance.now();
  const model = trainIntentModel(train, { seed: seed(values), tune });
  return { model, seconds: (performance.now() - begin) / 1000 };
}

async function runTrain(values: Values, io: CommandIo, resolvePack: NluPackResolver) {
  if (values.out === undefined) throw new UsageError('--out MODEL is required');
  const { model, seconds } = await trainModel(values, resolvePack);
  await saveNluModel(model, values.out);
  const { version, examples, labels, threshold } = model.metadata;
  io.stdout.write(
    `${JSON.stringify({ modelVersion: version, examples, intents: labels.length, threshold, trainSeconds: round(seconds), out: values.out })}\n`,
  );
  return 0;
}

async function runEval(values: Values, io: CommandIo, resolvePack: NluPackResolver) {
  if (values.test === undefined) throw new UsageError('--test FILE is required');
  const fmt = values.pack !== undefined && values.format === undefined ? 'jsonl' : format(values);
  const annotated = fmt === 'jsonl' ? await readAnnotatedJsonl(values.test) : undefined;
  const test =
    annotated ?? (await readSet(fmt, values.test, splitList(values['test-splits'], 'test,oos_test')));
  if (test.length === 0) throw new UsageError(`${values.test} holds no test examples`);
  const now = reference(values);
  const { model, data, seconds } = await trainModel(values, resolvePack);
  const engine = engineFor(model, data, values);
  const context = now ? { now } : {};
  const started = performance.now();
  const results = test.map((e) => engine.parse(e.text, context));
  const parseSeconds = (performance.now() - started) / 1000;
  const report = evaluateIntents(
    test.map((e) => e.intent),
    results.map((r) => r.intent),
  );
  // Annotations (language, entities, triage, emergency) are scored when the file carries them.
  const detail = annotated
    ? evaluateAnnotated(
        annotated,
        results.map((result, i) => ({
          result,
          extra: data?.annotate?.((annotated[i] as AnnotatedExample).text, result) ?? {},
        })),
      )
    : undefined;
  io.stdout.write(
    `${JSON.stringify(
      {
        modelVersion: model.metadata.version,
        format: fmt,
        trainExamples: model.metadata.examples,
        threshold: round(model.metadata.threshold),
        ...report,
        ...detail,
        trainSeconds: round(seconds),
        utterancesPerSecond: Math.round(test.length / Math.max(parseSeconds, 1e-9)),
      },
      null,
      2,
    )}\n`,
  );
  return 0;
}

function reference(values: Values): Date | undefined {
  if (values.now === undefined) return undefined;
  const now = new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: "${values.now}" is not an ISO date-time`);
  return now;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

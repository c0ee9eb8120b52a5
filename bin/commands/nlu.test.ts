import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { createNluCommand, nluCommand } from './nlu.ts';

// An invented bilingual front desk, written to temporary files in each published format.
const INTENTS: Record<string, string[]> = {
  book: [
    '我想预约{x}',
    '帮我挂{x}的号',
    '预约{x}门诊',
    'book {y} for me',
    'i want an appointment at {y}',
    'schedule {y}',
  ],
  price: [
    '{x}多少钱',
    '{x}挂号费是多少',
    '{x}收费贵吗',
    'how much is {y}',
    'what does {y} cost',
    'price of {y}',
  ],
  hours: [
    '{x}几点开门',
    '{x}周末上班吗',
    '{x}门诊时间',
    'when does {y} open',
    'opening hours of {y}',
    'is {y} open today',
  ],
};
const PLACES: [string, string][] = [
  ['眼科', 'eye clinic'],
  ['儿科', 'pediatrics'],
  ['皮肤科', 'dermatology'],
  ['口腔科', 'dental'],
];
const rows = (places: [string, string][]) =>
  Object.entries(INTENTS).flatMap(([intent, ts]) =>
    places.flatMap(([x, y]) =>
      ts.map((t) => [t.replace('{x}', x).replace('{y}', y), intent] as [string, string]),
    ),
  );
const OOS: [string, string][] = [
  ['what is the weather on mars', 'oos'],
  ['推荐一部电影', 'oos'],
  ['tell me a joke', 'oos'],
];

let dir: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-nlu-'));
  const train = rows(PLACES.slice(0, 3));
  const test = rows(PLACES.slice(3));
  await writeFile(
    path('kuake-train.json'),
    JSON.stringify(train.map(([query, label], i) => ({ id: `s${i}`, query, label }))),
  );
  await writeFile(
    path('kuake-test.json'),
    JSON.stringify(test.map(([query, label], i) => ({ id: `t${i}`, query, label }))),
  );
  await writeFile(
    path('clinc.json'),
    JSON.stringify({
      train,
      oos_train: OOS.slice(0, 1),
      val: test.slice(0, 6),
      oos_val: OOS.slice(1),
      test,
      oos_test: OOS,
    }),
  );
  await writeFile(
    path('train.jsonl'),
    train.map(([text, intent]) => JSON.stringify({ text, intent })).join('\n'),
  );
  await writeFile(
    path('test.jsonl'),
    `${test.map(([text, intent]) => JSON.stringify({ text, intent })).join('\n')}\n`,
  );
  await writeFile(path('broken.jsonl'), '{"text": "hi", "intent": "book"}\nnot json\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the command as `custos nlu …` would: a UsageError is one line on stderr and exit 2. */
async function run(args: string[], stdin = '', command = nluCommand) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  let code: number;
  try {
    code = await command.run(args, { stdin: Readable.from([stdin]), stdout, stderr, env: {} });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    expect(error.message).not.toContain('\n');
    err = error.message;
    code = 2;
  }
  return { code, stdout: out, stderr: err };
}

describe('custos nlu train and parse', () => {
  it('trains a model file, then parses an argument and stdin lines with it', async () => {
    const trained = await run([
      'train',
      '--format',
      'jsonl',
      '--train',
      path('train.jsonl'),
      '--out',
      path('m.model'),
    ]);
    expect(trained.code).toBe(0);
    const { modelVersion } = JSON.parse(trained.stdout);
    expect(modelVersion).toMatch(/^nlu-/);

    const one = await run([
      'parse',
      '--model',
      path('m.model'),
      '--now',
      '2025-03-12T10:00:00+08:00',
      '口腔科',
      '多少钱',
    ]);
    expect(one.code).toBe(0);
    const parsed = JSON.parse(one.stdout);
    expect(Object.keys(parsed).sort()).toEqual(
      ['confidence', 'entities', 'intent', 'language', 'modelVersion', 'safety', 'sentiment'].sort(),
    );
    expect(parsed).toMatchObject({ intent: 'price', language: 'zh', modelVersion });

    const many = await run(
      ['parse', '--model', path('m.model')],
      'when does dental open\n帮我挂口腔科的号\n\n',
    );
    const lines = many.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((l) => l.intent)).toEqual(['hours', 'book']);
    expect(lines[2].intent).toBe('out_of_scope');
  });
});

describe('custos nlu eval', () => {
  it.each([
    ['kuake', ['--train', 'kuake-train.json', '--test', 'kuake-test.json']],
    ['clinc', ['--train', 'clinc.json', '--test', 'clinc.json']],
    ['jsonl', ['--train', 'train.jsonl', '--test', 'test.jsonl']],
  ])('%s', async (format, files) => {
    const args = files.map((f) => (f.startsWith('--') ? f : path(f)));
    const result = await run(['eval', '--format', format, ...args]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    for (const key of [
      'accuracy',
      'macroF1',
      'inScopeAccuracy',
      'oosRecall',
      'oosPrecision',
      'perIntent',
      'trainSeconds',
      'utterancesPerSecond',
    ])
      expect(report).toHaveProperty(key);
    expect(report.inScopeAccuracy).toBeGreaterThan(0.8);
    expect(report.perIntent.book).toMatchObject({ support: 6 });
    if (format === 'clinc') {
      expect(report.examples).toBe(18 + 3);
      expect(report.threshold).toBeGreaterThan(0);
    } else expect(report.oosRecall).toBeNull();
  });

  it('uses a pack’s own training data with --pack and only --test', async () => {
    const withPack = createNluCommand((id) =>
      id === 'demo'
        ? {
            id,
            intents: Object.entries(INTENTS).map(([name, ts]) => ({
              name,
              utterances: {
                zh: ts.slice(0, 3).map((t) => t.replace('{x}', '眼科')),
                en: ts.slice(3).map((t) => t.replace('{y}', 'eye clinic')),
              },
            })),
          }
        : undefined,
    );
    const result = await run(['eval', '--pack', 'demo', '--test', path('test.jsonl')], '', withPack);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).examples).toBe(18);
  });
});

describe('annotated held-out sets', () => {
  // A pack whose own annotation ranks "departments" by a keyword and flags one red flag, so that the
  // report's triage and emergency figures can be predicted exactly.
  const annotatedPack = createNluCommand((id) =>
    id === 'demo'
      ? {
          id,
          intents: Object.entries(INTENTS).map(([name, ts]) => ({
            name,
            utterances: {
              zh: PLACES.slice(0, 3).flatMap(([x]) => ts.slice(0, 3).map((t) => t.replace('{x}', x))),
              en: PLACES.slice(0, 3).flatMap(([, y]) => ts.slice(3).map((t) => t.replace('{y}', y))),
            },
          })),
          annotate: (text) => ({
            triage: text.includes('眼') || text.includes('eye') ? ['ophthalmology', 'ent'] : ['dermatology'],
            safety: { emergency: text.includes('!!'), reasons: [] },
          }),
        }
      : undefined,
  );

  it('scores language, entities, triage and emergencies when the file carries them', async () => {
    const lines = [
      { text: '我想预约口腔科', intent: 'book', language: 'zh' },
      { text: 'book dental for me', intent: 'book', language: 'en' },
      { text: '眼科几点开门!!', intent: 'hours', language: 'zh', emergency: true, triage: ['ophthalmology'] },
      {
        text: 'when does eye clinic open',
        intent: 'hours',
        language: 'en',
        emergency: false,
        triage: ['ent'],
      },
      {
        text: 'how much is dental tomorrow',
        intent: 'price',
        language: 'en',
        entities: { date: '2026-12-02' },
      },
    ];
    await writeFile(path('annotated.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const result = await run(
      ['eval', '--pack', 'demo', '--now', '2026-12-01T10:00:00+08:00', '--test', path('annotated.jsonl')],
      '',
      annotatedPack,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.byLanguage.zh.examples).toBe(2);
    expect(report.byLanguage.en.examples).toBe(3);
    expect(report.entities.date).toEqual({ messages: 1, correct: 1, accuracy: 1 });
    expect(report.emergency).toEqual({
      emergencies: 1,
      recall: 1,
      benign: 1,
      benignFlagged: 0,
      benignFlagRate: 0,
    });
    // Both triaged messages rank ophthalmology first: top-1 right for one, top-3 for both.
    expect(report.triage).toEqual({ messages: 2, top1: 0.5, top3: 1 });
  });

  it('prints a pack’s annotations with each parse', async () => {
    const result = await run(['parse', '--pack', 'demo', 'eye clinic!!'], '', annotatedPack);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.triage).toEqual(['ophthalmology', 'ent']);
    expect(parsed.safety).toEqual({ emergency: true, reasons: [] });
    expect(parsed.intent).toBeTypeOf('string');
  });

  it.each([
    ['{"text": "x", "intent": "book", "language": "fr"}', /:1: language must be "zh" or "en"/],
    ['{"text": "x", "intent": "book", "entities": {"date": 3}}', /:1: entities must map/],
    ['\n{"text": "x", "intent": "book", "triage": "eye"}', /:2: triage must be an array/],
    ['{"text": "x", "intent": "book", "emergency": "yes"}', /:1: emergency must be true or false/],
  ])('rejects a bad annotation: %s', async (line, message) => {
    await writeFile(path('bad-annotation.jsonl'), line);
    const result = await run(
      ['eval', '--pack', 'demo', '--test', path('bad-annotation.jsonl')],
      '',
      annotatedPack,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('bad arguments', () => {
  it.each([
    [['frobnicate'], /unknown nlu command "frobnicate"/],
    [['parse', 'hello'], /needs --model FILE or --pack P/],
    [['parse', '--pack', 'medical', 'hello'], /unknown pack "medical"/],
    [
      ['parse', '--model', '/nonexistent/model.bin', 'hi'],
      /cannot read model \/nonexistent\/model.bin \(ENOENT\)/,
    ],
    [['eval', '--format', 'csv', '--train', 'x', '--test', 'y'], /unknown --format "csv"/],
    [['eval', '--format', 'jsonl', '--train', 'train.jsonl'], /--test FILE is required/],
    [
      ['eval', '--format', 'jsonl', '--train', 'broken.jsonl', '--test', 'test.jsonl'],
      /broken\.jsonl:2 is not valid JSON/,
    ],
    [
      ['eval', '--format', 'kuake', '--train', 'train.jsonl', '--test', 'kuake-test.json'],
      /not valid JSON|expected a JSON array/,
    ],
    [
      ['eval', '--format', 'clinc', '--train', 'clinc.json', '--test', 'clinc.json', '--test-splits', 'nope'],
      /no split "nope"/,
    ],
    [
      ['eval', '--format', 'jsonl', '--train', 'train.jsonl', '--test', 'test.jsonl', '--now', 'soon'],
      /--now: "soon"/,
    ],
    [['train', '--format', 'jsonl', '--train', 'train.jsonl'], /--out MODEL is required/],
    [['train', '--bogus'], /bogus/],
    [['parse', '--model', 'train.jsonl', 'hi'], /not a Custos NLU model/],
  ])('%j', async (args, message) => {
    const withPaths = args.map((a) => (/\.(jsonl?|json)$/.test(a) && !a.startsWith('/') ? path(a) : a));
    const result = await run(withPaths);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

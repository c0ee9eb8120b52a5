import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNluEngine, type NluResult } from './engine.ts';
import { syntheticExamples } from './synthetic-intents.fixture.ts';
import { trainIntentModel } from './train-intent.ts';

const engine = createNluEngine({
  model: trainIntentModel(syntheticExamples([0, 1]), { now: new Date('2025-01-01T00:00:00Z') }),
  vocabularies: [
    { type: 'department', pinyin: true, entries: [{ value: 'cardiology', synonyms: ['心内科'] }] },
  ],
  safetyRules: [{ id: 'chest_pain', severity: 'emergency', patterns: ['胸痛', 'chest pain'] }],
  recordNumberPattern: 'mrn\\d{6}',
  clock: () => new Date('2025-03-12T02:30:00Z'),
});

function assertValid(r: NluResult) {
  expect(['zh', 'en', 'mixed', 'und']).toContain(r.language);
  expect(typeof r.intent).toBe('string');
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(['neutral', 'negative', 'angry']).toContain(r.sentiment.label);
  for (const e of r.entities) {
    expect(e.start).toBeGreaterThanOrEqual(0);
    expect(e.end).toBeLessThanOrEqual(r.text.length);
    expect(r.text.slice(e.start, e.end)).toBe(e.text);
  }
  // The result must survive JSON: no lone surrogates, no NaN.
  expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(r)));
  expect(r.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const emoji = fc.constantFrom('🙂', '🔥', '👍🏽', '🏥', '❤️', '\u200d', '🇨🇳');
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '明天下午两点',
    '心内科',
    '13800138000',
    'next tuesday at 3pm',
    '不胸痛',
    '２０２５年',
    '後天',
  ),
  loneSurrogate,
  control,
  emoji,
);

describe('garbage input', () => {
  it('always returns a valid result', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => assertValid(engine.parse(parts.join('')))),
      { numRuns: 300, seed: 42 },
    );
  });

  it.each([
    ['empty', ''],
    ['spaces', '   \t\n '],
    ['emoji only', '🙂🔥👍🏽🏥'.repeat(50)],
    ['control characters', '\u0000\u0001\u0007\u001b[31m\u007f\u202e'],
    ['lone surrogates', '\ud800abc\udfff心内科\ud83d'],
    ['100 KB of text', '我想预约明天上午的心内科 chest pain 13800138000 '.repeat(2600)],
    ['100 KB without spaces', 'a'.repeat(100_000)],
  ])('%s', (_name, text) => {
    const r = engine.parse(text);
    assertValid(r);
    if (text.length > 4096) expect(r.truncated).toBe(true);
  });

  it('rejects a non-string with a clear error', () => {
    expect(() => engine.parse(undefined as unknown as string)).toThrow('text must be a string');
  });
});

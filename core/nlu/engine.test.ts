import { describe, expect, it } from 'vitest';
import { createNluEngine } from './engine.ts';
import { identifyLanguage } from './language.ts';
import { normalizeText } from './normalize.ts';
import { syntheticExamples } from './synthetic-intents.fixture.ts';
import { trainIntentModel } from './train-intent.ts';

describe('normalisation', () => {
  it.each([
    ['ＡＢＣ１２３！', 'abc123!'],
    ['醫院門診', '医院门诊'],
    ['  Hello\u3000World  ', 'hello world'],
    ['a\u0000b\u202ec', 'a b c'],
    ['\ud800x', '\ufffdx'],
  ])('%j → %j', (input, expected) => expect(normalizeText(input).text).toBe(expected));
});

describe('language identification', () => {
  it.each([
    ['我想预约明天的号', 'zh'],
    ['I want to book an appointment', 'en'],
    ['我想挂cardiology的号', 'mixed'],
    ['做CT要多少钱', 'zh'],
    ['B超', 'zh'],
    ['预约MRI', 'zh'],
    ['book 心内科 please', 'mixed'],
    ['13800138000', 'und'],
    ['🙂', 'und'],
    ['', 'und'],
  ])('%s → %s', (text, expected) => expect(identifyLanguage(normalizeText(text).text)).toBe(expected));
});

describe('engine', () => {
  const model = trainIntentModel(syntheticExamples(), { now: new Date('2025-01-01T00:00:00Z') });
  const engine = createNluEngine({
    model,
    vocabularies: [
      { type: 'department', entries: [{ value: 'cardiology', synonyms: ['心内科', '心血管内科'] }] },
    ],
    safetyRules: [{ id: 'chest_pain', severity: 'emergency', patterns: ['胸痛'] }],
    timeZone: 'Asia/Shanghai',
    clock: () => new Date('2025-03-12T02:30:00Z'),
  });

  it('puts every part of the parse together', () => {
    const r = engine.parse('帮我挂心血管内科的号，明天上午，手机13800138000');
    expect(r).toMatchObject({
      language: 'zh',
      intent: 'book_appointment',
      modelVersion: model.metadata.version,
    });
    expect(r.entities.map((e) => [e.type, e.value])).toEqual([
      ['department', 'cardiology'],
      ['date', '2025-03-13'],
      ['mobile_cn', '+8613800138000'],
    ]);
    expect(r.safety.flagged).toBe(false);
  });

  it('uses the caller’s clock and zone when given', () => {
    const r = engine.parse('tomorrow at 3pm', {
      now: new Date('2025-06-01T12:00:00Z'),
      timeZone: 'Europe/London',
    });
    expect(r.entities[0]?.value).toBe('2025-06-02T15:00:00+01:00');
  });

  it('raises the safety flag whatever the intent', () => {
    expect(engine.parse('预约心内科，我现在胸痛').safety).toMatchObject({
      flagged: true,
      severity: 'emergency',
    });
  });

  it('refuses an unknown time zone at construction', () => {
    expect(() => createNluEngine({ model, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

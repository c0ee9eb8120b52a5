import { describe, expect, it } from 'vitest';
import { createNluEngine, packTrainingExamples, trainIntentModel } from '../../../core/index.ts';
import { medicalIntents } from './intents.ts';

// The fixed ids flows, FAQ links and evaluations rely on.
const INTENT_IDS = [
  'greeting',
  'goodbye',
  'human_agent',
  'complaint',
  'out_of_scope',
  'book_appointment',
  'reschedule_appointment',
  'cancel_appointment',
  'my_appointments',
  'department_triage',
  'doctor_info',
  'hours_location',
  'insurance_billing',
  'test_results',
  'medical_records',
  'emergency',
] as const;

const LANGUAGES = ['zh', 'en'] as const;
const MIN_PER_LANGUAGE = 45;
const MAX_LENGTH = 200;

const key = (text: string) => text.trim().toLowerCase();
const all = medicalIntents.flatMap((intent) =>
  LANGUAGES.flatMap((language) =>
    (intent.utterances[language] ?? []).map((text) => ({ intent: intent.name, language, text })),
  ),
);

describe('medical intents', () => {
  it('has exactly the fixed intents, each once', () => {
    const names = medicalIntents.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...INTENT_IDS].sort());
  });

  it.each(LANGUAGES)('has at least %s utterances per intent', (language) => {
    const short = medicalIntents
      .map((i) => ({ name: i.name, count: i.utterances[language]?.length ?? 0 }))
      .filter((c) => c.count < MIN_PER_LANGUAGE);
    expect(short).toEqual([]);
  });

  it('repeats no utterance within or across intents', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const u of all) {
      const previous = seen.get(key(u.text));
      if (previous) duplicates.push(`${u.text} (${previous} / ${u.intent})`);
      else seen.set(key(u.text), u.intent);
    }
    expect(duplicates).toEqual([]);
  });

  it('has no empty, padded or overlong utterance', () => {
    const bad = all.filter(
      (u) => u.text.trim() === '' || u.text !== u.text.trim() || u.text.length > MAX_LENGTH,
    );
    expect(bad).toEqual([]);
  });
});

describe('a model trained on the medical intents', () => {
  const model = trainIntentModel(packTrainingExamples({ id: 'medical', intents: medicalIntents }), {
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const engine = createNluEngine({ model });

  // Messages that are not in the training data, across the boundaries the data is built to hold.
  const unseen: readonly (readonly [text: string, intent: (typeof INTENT_IDS)[number]])[] = [
    ['想给我儿子约个下周二的儿科', 'book_appointment'],
    ['周四的号能换成周五吗', 'reschedule_appointment'],
    ['后天的号我不要了 帮我退掉', 'cancel_appointment'],
    ['帮我看看我约的是几号几点', 'my_appointments'],
    ['最近老是胃胀 应该挂什么科', 'department_triage'],
    ['我爸突然倒地不起 叫不醒', 'emergency'],
    ['周医生是哪个科室的 擅长什么', 'doctor_info'],
    ['口腔科在哪栋楼几楼', 'hours_location'],
    ['做个胃镜医保能报吗', 'insurance_billing'],
    ['上周做的CT结果出来没有', 'test_results'],
    ['想复印一下去年的住院病历', 'medical_records'],
    ['你们护士太没耐心了，我要投诉', 'complaint'],
    ['can i move my friday appointment to monday', 'reschedule_appointment'],
    ['please cancel my appointment on thursday', 'cancel_appointment'],
    ['what time is my appointment on thursday', 'my_appointments'],
    ['my daughter has a runny nose and cough, which department', 'department_triage'],
    ['my wife is bleeding heavily and fainted', 'emergency'],
    ['are my blood results back yet', 'test_results'],
    ['how can i get a copy of my medical records', 'medical_records'],
    ['i would rather speak with an actual person', 'human_agent'],
    ['can you recommend a good pizza place', 'out_of_scope'],
  ];

  it('has not seen the probe messages', () => {
    const trained = new Set(all.map((u) => key(u.text)));
    expect(unseen.filter(([text]) => trained.has(key(text)))).toEqual([]);
  });

  it.each(unseen)('reads %s as %s', (text, intent) => {
    expect(engine.parse(text).intent).toBe(intent);
  });
});

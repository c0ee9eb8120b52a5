import { describe, expect, it } from 'vitest';
import { createNluEngine, trainIntentModel } from '../../../core/index.ts';
import { EDUCATION_INTENTS, educationIntents } from './intents.ts';
import { educationVocabularies } from './vocabularies.ts';

const LANGUAGES = ['zh', 'en'] as const;
const key = (text: string) => text.trim().toLowerCase();

describe('education intents: data', () => {
  it('cover every fixed intent once, and nothing else', () => {
    expect(educationIntents.map((i) => i.name)).toEqual([...EDUCATION_INTENTS]);
    expect(EDUCATION_INTENTS).toHaveLength(17);
  });

  it.each(EDUCATION_INTENTS.flatMap((name) => LANGUAGES.map((language) => [name, language] as const)))(
    '%s has enough %s utterances',
    (name, language) => {
      const utterances = educationIntents.find((i) => i.name === name)?.utterances[language] ?? [];
      expect(utterances.length).toBeGreaterThanOrEqual(name === 'out_of_scope' ? 60 : 45);
    },
  );

  it('write Chinese utterances in Chinese and English ones without Chinese characters', () => {
    for (const intent of educationIntents) {
      for (const text of intent.utterances.zh ?? []) expect(text, intent.name).toMatch(/\p{Script=Han}/u);
      for (const text of intent.utterances.en ?? []) expect(text, intent.name).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('never repeat an utterance, within an intent or across intents', () => {
    const owner = new Map<string, string>();
    const repeated: string[] = [];
    for (const intent of educationIntents)
      for (const text of [...(intent.utterances.zh ?? []), ...(intent.utterances.en ?? [])]) {
        expect(key(text), intent.name).not.toBe('');
        const previous = owner.get(key(text));
        if (previous !== undefined) repeated.push(`${text}: ${previous} / ${intent.name}`);
        owner.set(key(text), intent.name);
      }
    expect(repeated).toEqual([]);
  });
});

// Phrasings that are not in the training data, one or more per intent, including the hard
// boundaries the data is written to draw.
const UNSEEN: readonly (readonly [string, string])[] = [
  ['老师下午好，在不在', 'greeting'],
  ['ok 明白了，谢谢老师，拜拜', 'goodbye'],
  ['帮我转一下人工客服吧', 'human_agent'],
  ['你们招生老师太敷衍了，我要投诉', 'complaint'],
  ['明天北京会不会下雨', 'out_of_scope'],
  ['初二报名需要什么条件', 'admission_requirements'],
  ['初二报名需要什么材料', 'required_documents'],
  ['初二报名要走哪些步骤', 'application_process'],
  ['初二报名什么时候截止', 'application_deadline'],
  ['我儿子的申请审核到哪了', 'application_status'],
  ['高一学费一年多少，有校车吗', 'tuition_fees'],
  ['家里困难，学费可以申请减免吗', 'scholarships_aid'],
  ['下周六上午想带孩子来参观校园', 'book_campus_tour'],
  ['想给孩子约下周六的入学面试', 'book_interview'],
  ['孩子在外省读初二，想转学过来', 'transfer_enrollment'],
  ['你们有IB课程吗', 'programs_curriculum'],
  ['住校的话宿舍几个人一间', 'campus_services'],
  ['hello, anyone there to help?', 'greeting'],
  ['thanks a lot, bye bye', 'goodbye'],
  ['can I talk to a real person please', 'human_agent'],
  ['your admissions staff were rude, I want to complain', 'complaint'],
  ['recommend a good movie for tonight', 'out_of_scope'],
  ['what are the entry requirements for grade 8', 'admission_requirements'],
  ['what documents are needed for grade 8', 'required_documents'],
  ['what is the deadline for grade 8 applications', 'application_deadline'],
  ['how do I apply for grade 8', 'application_process'],
  ['has my application for grade 8 been reviewed yet', 'application_status'],
  ['how much is tuition for grade 8', 'tuition_fees'],
  ['do you offer scholarships for grade 8', 'scholarships_aid'],
  ['can we book a campus tour next saturday', 'book_campus_tour'],
  ['can we book an interview next saturday', 'book_interview'],
  ['can my son transfer into grade 8 mid-year', 'transfer_enrollment'],
  ['do you offer a-level or ap', 'programs_curriculum'],
  ['is there a school bus and a canteen', 'campus_services'],
];

describe('education intents: a model trained on them', () => {
  const model = trainIntentModel(
    educationIntents.flatMap((intent) =>
      [...(intent.utterances.zh ?? []), ...(intent.utterances.en ?? [])].map((text) => ({
        text,
        intent: intent.name,
      })),
    ),
    {
      seed: 1,
      now: new Date('2026-01-01T00:00:00Z'),
      features: {
        userWords: educationVocabularies.flatMap((v) =>
          v.entries.flatMap((e) => e.synonyms).filter((w) => /\p{Script=Han}/u.test(w)),
        ),
      },
    },
  );
  const engine = createNluEngine({ model, vocabularies: educationVocabularies });

  it('knows every fixed intent', () => {
    expect([...model.metadata.labels].sort()).toEqual([...EDUCATION_INTENTS].sort());
  });

  it('reads unseen phrasings, across the hard boundaries', () => {
    const wrong = UNSEEN.filter(([text, intent]) => engine.parse(text).intent !== intent).map(
      ([text, intent]) => `${text}: expected ${intent}, got ${engine.parse(text).intent}`,
    );
    expect(wrong).toEqual([]);
  });
});

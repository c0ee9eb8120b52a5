import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import {
  createNluEngine,
  type EntityVocabulary,
  normalizeText,
  trainIntentModel,
} from '../../../core/index.ts';
import {
  documentVocabulary,
  educationVocabularies,
  feeVocabulary,
  GRADE_IDS,
  gradeVocabulary,
  programVocabulary,
  serviceVocabulary,
} from './vocabularies.ts';

/**
 * Written forms, then full pinyin of Chinese forms, each claimed by one value only. Initials are
 * left out: 三年级, 四年级 and 十年级 all shorten to "snj" by nature.
 */
function collisions(vocabulary: EntityVocabulary): string[] {
  const owner = new Map<string, string>();
  const found: string[] = [];
  const claim = (key: string, value: string, form: string) => {
    const previous = owner.get(key);
    if (previous !== undefined && previous !== value) found.push(`${key}: ${previous} / ${value} (${form})`);
    owner.set(key, value);
  };
  for (const entry of vocabulary.entries)
    for (const form of [entry.value, ...entry.synonyms]) claim(normalizeText(form).text, entry.value, form);
  if (vocabulary.pinyin)
    for (const entry of vocabulary.entries)
      for (const form of entry.synonyms) {
        if (!/^\p{Script=Han}+$/u.test(form)) continue;
        claim(pinyin(form, { toneType: 'none', type: 'array', v: true }).join(''), entry.value, form);
      }
  return found;
}

// A two-intent model is enough to run the real entity matcher over the vocabularies.
const engine = createNluEngine({
  model: trainIntentModel([
    { text: '学费多少', intent: 'tuition_fees' },
    { text: 'how much is tuition', intent: 'tuition_fees' },
    { text: '怎么预约参观', intent: 'book_campus_tour' },
    { text: 'book a campus tour', intent: 'book_campus_tour' },
  ]),
  vocabularies: educationVocabularies,
});
const found = (text: string, type: string) =>
  engine
    .parse(text)
    .entities.filter((e) => e.type === type)
    .map((e) => e.value);

describe('education vocabularies: shape', () => {
  it('have the fixed entity types, and only grades are matched as pinyin', () => {
    expect(educationVocabularies).toEqual([
      gradeVocabulary,
      programVocabulary,
      documentVocabulary,
      feeVocabulary,
      serviceVocabulary,
    ]);
    expect(educationVocabularies.map((v) => [v.type, v.pinyin ?? false])).toEqual([
      ['grade', true],
      ['program', false],
      ['document', false],
      ['fee', false],
      ['campus_service', false],
    ]);
  });

  it('name every grade from kindergarten to grade 12, and nothing else', () => {
    expect(GRADE_IDS).toHaveLength(13);
    expect(gradeVocabulary.entries.map((e) => e.value)).toEqual([...GRADE_IDS]);
    expect(GRADE_IDS).toContain('kindergarten');
    expect(GRADE_IDS).toContain('grade_12');
  });

  it.each(educationVocabularies.map((v) => [v.type, v] as const))(
    '%s: snake_case ids, each with synonyms in both languages',
    (_type, vocabulary) => {
      const values = vocabulary.entries.map((e) => e.value);
      expect(new Set(values).size).toBe(values.length);
      for (const entry of vocabulary.entries) {
        expect(entry.value).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
        expect(
          entry.synonyms.some((s) => /\p{Script=Han}/u.test(s)),
          entry.value,
        ).toBe(true);
        expect(
          entry.synonyms.some((s) => /^[\x20-\x7e]+$/.test(s)),
          entry.value,
        ).toBe(true);
      }
    },
  );

  it.each(educationVocabularies.map((v) => [v.type, v] as const))(
    '%s: no written form or pinyin reading names two values',
    (_type, vocabulary) => expect(collisions(vocabulary)).toEqual([]),
  );

  it('never give one written form to two vocabularies, where the first would win unseen', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const vocabulary of educationVocabularies)
      for (const entry of vocabulary.entries)
        for (const form of [entry.value, ...entry.synonyms]) {
          const key = normalizeText(form).text;
          const previous = owner.get(key);
          if (previous !== undefined && !previous.startsWith(`${vocabulary.type}:`))
            shared.push(`${key}: ${previous} / ${vocabulary.type}`);
          owner.set(key, `${vocabulary.type}:${entry.value}`);
        }
    expect(shared).toEqual([]);
  });
});

describe('education vocabularies: extraction', () => {
  it.each([
    ['初一新生报名需要什么材料', ['grade_7']],
    ['Grade 10 applications', ['grade_10']],
    ['幼升小要准备什么', ['grade_1']],
    ['G7的tuition多少', ['grade_7']],
    ['小升初怎么报名', ['grade_7']],
    ['中考后想报你们学校', ['grade_10']],
    ['孩子明年上高一', ['grade_10']],
    ['高中部有住宿吗', ['grade_10']],
    ['Y10 entry', ['grade_10']],
    ['year 1 or year 10?', ['grade_1', 'grade_10']],
    ['7th grade', ['grade_7']],
    ['seventh grade', ['grade_7']],
    ['我家孩子现在大班', ['kindergarten']],
    ['学前班还有名额吗', ['kindergarten']],
    ['小学六年级', ['grade_6']],
    ['十一年级', ['grade_11']],
    ['初一年级', ['grade_7']],
    ['九年級', ['grade_9']],
    ['ＧＲＡＤＥ　５', ['grade_5']],
    ['chuyi 报名', ['grade_7']],
    ['gaoer', ['grade_11']],
    // "grade 1" is not found inside "grade 12", nor "g1" inside "g10".
    ['grade 12', ['grade_12']],
    ['g10', ['grade_10']],
    ['k-12 school', []],
  ])('%s → %j', (text, grades) => expect(found(text, 'grade')).toEqual(grades));

  it.each([
    ['住宿费多少', 'fee', ['boarding_fee']],
    ['有住宿吗', 'campus_service', ['boarding']],
    ['校车费和餐费', 'fee', ['bus_fee', 'meal_fee']],
    ['有校车吗', 'campus_service', ['bus']],
    ['is there a boarding fee', 'fee', ['boarding_fee']],
    ['do you offer boarding', 'campus_service', ['boarding']],
    ['报名费多少', 'fee', ['application_fee']],
    ['户口本和出生证明', 'document', ['hukou', 'birth_certificate']],
    ['疫苗本丢了', 'document', ['vaccination_record']],
    ['租房合同可以吗', 'document', ['proof_of_residence']],
    ['how many passport photos', 'document', ['id_photo']],
    ['do I need my passport', 'document', ['passport']],
    ['有A-level吗', 'program', ['a_level']],
    ['ib or a levels', 'program', ['ib', 'a_level']],
    ['有没有STEM科创课程', 'program', ['science', 'science']],
    ['国际部和双语部', 'program', ['international', 'bilingual']],
    ['有课后托管吗', 'campus_service', ['after_school_care']],
    ['有校医吗', 'campus_service', ['medical_room']],
  ])('%s → %s %j', (text, type, values) => expect(found(text, type)).toEqual(values));

  it('leave school words that name no entity alone', () => {
    expect(engine.parse('appointment for an application').entities).toEqual([]);
    expect(found('how much is tuition', 'fee')).toEqual(['tuition']);
  });
});

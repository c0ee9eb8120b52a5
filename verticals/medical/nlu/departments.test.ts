import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import {
  createNluEngine,
  type EntityVocabulary,
  normalizeText,
  trainIntentModel,
} from '../../../core/index.ts';
import { departmentVocabulary, MEDICAL_DEPARTMENTS, medicalDepartment } from './departments.ts';

const FIXED_IDS = [
  'cardiology',
  'respiratory',
  'gastroenterology',
  'neurology',
  'endocrinology',
  'nephrology',
  'hematology',
  'rheumatology',
  'infectious_disease',
  'general_surgery',
  'orthopedics',
  'urology',
  'neurosurgery',
  'thoracic_surgery',
  'breast_surgery',
  'vascular_surgery',
  'anorectal',
  'plastic_surgery',
  'gynecology',
  'obstetrics',
  'reproductive_medicine',
  'andrology',
  'pediatrics',
  'ophthalmology',
  'ent',
  'stomatology',
  'dermatology',
  'psychiatry',
  'oncology',
  'rehabilitation',
  'tcm',
  'emergency',
  'general_practice',
];

/**
 * Written forms, then full pinyin and initials of Chinese forms, each claimed by one value only.
 * Two-letter initials (sn for 神内 and 肾内) are ambiguous by nature and are left out.
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
    for (const form of entry.synonyms) claim(normalizeText(form).text, entry.value, form);
  for (const entry of vocabulary.entries)
    for (const form of entry.synonyms) {
      if (!/^\p{Script=Han}+$/u.test(form)) continue;
      const syllables = pinyin(form, { toneType: 'none', type: 'array', v: true });
      claim(syllables.join(''), entry.value, form);
      if (syllables.length >= 3) claim(syllables.map((s) => s[0]).join(''), entry.value, form);
    }
  return found;
}

// A two-intent model is enough to run the real entity matcher over the vocabularies.
const engine = createNluEngine({
  model: trainIntentModel([
    { text: '我要挂号', intent: 'book' },
    { text: '预约医生', intent: 'book' },
    { text: 'book an appointment', intent: 'book' },
    { text: '几点开门', intent: 'hours' },
    { text: '你们几点下班', intent: 'hours' },
    { text: 'opening hours', intent: 'hours' },
  ]),
  vocabularies: [departmentVocabulary],
});
const entities = (text: string, type: string) =>
  engine
    .parse(text)
    .entities.filter((e) => e.type === type)
    .map((e) => e.value);

describe('medical departments', () => {
  it('lists every fixed department id exactly once, with both names', () => {
    expect(MEDICAL_DEPARTMENTS.map((d) => d.id)).toEqual(FIXED_IDS);
    for (const d of MEDICAL_DEPARTMENTS) {
      expect(d.zh).toMatch(/\p{Script=Han}/u);
      expect(d.en).toMatch(/^[A-Z]/);
    }
    expect(departmentVocabulary.entries.map((e) => e.value)).toEqual(FIXED_IDS);
  });

  it('finds a department by id and nothing for an unknown one', () => {
    expect(medicalDepartment('ent')).toEqual({ id: 'ent', zh: '耳鼻咽喉科', en: 'ENT (Otolaryngology)' });
    expect(medicalDepartment('cardio')).toBeUndefined();
  });

  it('maps no written form, full pinyin or initials to two departments', () => {
    expect(collisions(departmentVocabulary)).toEqual([]);
  });

  it.each([
    ['我想挂心内', 'cardiology'],
    ['心脏科在几楼', 'cardiology'],
    ['I need a heart doctor', 'cardiology'],
    ['cardiologist appointment', 'cardiology'],
    ['挂个呼吸科', 'respiratory'],
    ['消化科今天有号吗', 'gastroenterology'],
    ['妇产科怎么走', 'gynecology'],
    ['产科建档', 'obstetrics'],
    ['耳鼻喉', 'ent'],
    ['I want to see ENT', 'ent'],
    ['看牙挂什么', 'stomatology'],
    ['need a dentist', 'stomatology'],
    ['皮肤科', 'dermatology'],
    ['derm clinic', 'dermatology'],
    ['精神科', 'psychiatry'],
    ['心理科', 'psychiatry'],
    ['psych appointment', 'psychiatry'],
    ['看中医', 'tcm'],
    ['TCM doctor', 'tcm'],
    ['急诊在哪', 'emergency'],
    ['where is A&E', 'emergency'],
    ['take me to the ER', 'emergency'],
    ['心內科', 'cardiology'],
    ['xinneike', 'cardiology'],
    ['挂xnk的号', 'cardiology'],
    ['pifuke', 'dermatology'],
    ['普外', 'general_surgery'],
    ['神经外科', 'neurosurgery'],
    ['神经内科', 'neurology'],
    ['试管婴儿', 'reproductive_medicine'],
  ])('%s → %s', (text, id) => expect(entities(text, 'department')).toEqual([id]));

  it('does not find ENT inside an English word', () => {
    expect(entities('I want to book an appointment', 'department')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../core/index.ts';
import { MEDICAL_DEPARTMENTS } from './departments.ts';
import { findPatientCues, SYMPTOMS } from './symptoms.ts';

const ids = new Set(MEDICAL_DEPARTMENTS.map((d) => d.id));
const forms = SYMPTOMS.flatMap((s) => s.forms);
const cues = (text: string) => findPatientCues(normalizeText(text).text);

describe('symptom gazetteer', () => {
  it('has at least 300 expressions, in both languages', () => {
    expect(forms.length).toBeGreaterThanOrEqual(300);
    expect(forms.filter((f) => /\p{Script=Han}/u.test(f)).length).toBeGreaterThanOrEqual(150);
    expect(forms.filter((f) => /^[a-z' -]+$/.test(f)).length).toBeGreaterThanOrEqual(150);
  });

  it('gives every complaint labels in both languages and known departments with positive weights', () => {
    for (const s of SYMPTOMS) {
      expect(s.zh, s.id).toMatch(/\p{Script=Han}/u);
      expect(s.en, s.id).toMatch(/[a-z]/);
      const weights = [s.departments, s.female, s.male].flatMap((w) => Object.entries(w));
      for (const [department, weight] of weights) {
        expect(ids.has(department), `${s.id} → ${department}`).toBe(true);
        expect(weight).toBeGreaterThan(0);
      }
      expect(Object.keys(s.departments).length).toBeGreaterThan(0);
    }
    expect(new Set(SYMPTOMS.map((s) => s.id)).size).toBe(SYMPTOMS.length);
  });

  it('claims every expression for one complaint only, in its normalised form', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of SYMPTOMS)
      for (const form of s.forms) {
        const key = normalizeText(form).text;
        expect(key, form).toBe(form);
        const previous = owner.get(key);
        if (previous !== undefined) clashes.push(`${form}: ${previous} / ${s.id}`);
        owner.set(key, s.id);
      }
    expect(clashes).toEqual([]);
  });

  it('covers the colloquial complaints people type', () => {
    for (const form of [
      '肚子疼',
      '拉肚子',
      '嗓子疼',
      '喉咙痛',
      '头晕',
      '心慌',
      '胸闷',
      '尿频',
      '月经不调',
      '长痘',
      '牙疼',
      '眼睛红',
      '耳鸣',
      '腰疼',
      '关节肿',
      '失眠',
      '情绪低落',
      'tummy ache',
      'sore throat',
      'runny nose',
      'rash',
      'toothache',
      'blurry vision',
      'back pain',
      'palpitations',
    ])
      expect(forms, form).toContain(form);
  });

  it('sends a child with an internal complaint to pediatrics first, a tooth still to the dentist', () => {
    const fever = SYMPTOMS.find((s) => s.id === 'fever');
    const tooth = SYMPTOMS.find((s) => s.id === 'toothache');
    expect(fever?.child).toBeGreaterThan(1);
    expect(tooth?.child).toBeLessThan(1);
  });
});

describe('patient cues', () => {
  it.each([
    ['孩子发烧', { child: true, pregnant: false }],
    ['宝宝咳嗽', { child: true, pregnant: false }],
    ['我儿子肚子疼', { child: true, pregnant: false, sex: 'male' }],
    ['女儿嗓子疼', { child: true, pregnant: false, sex: 'female' }],
    ['小孩拉肚子', { child: true, pregnant: false }],
    ['婴儿吐奶', { child: true, pregnant: false }],
    ['3岁的孩子', { child: true, pregnant: false }],
    ['五岁半', { child: true, pregnant: false }],
    ['我儿子三十岁了', { child: false, pregnant: false, sex: 'male' }],
    ['8个月大', { child: true, pregnant: false }],
    ['my son has a fever', { child: true, pregnant: false, sex: 'male' }],
    ['my daughter', { child: true, pregnant: false, sex: 'female' }],
    ['the baby is crying', { child: true, pregnant: false }],
    ['my toddler', { child: true, pregnant: false }],
    ['a 6-year-old kid', { child: true, pregnant: false }],
    ['a 45 year old man', { child: false, pregnant: false, sex: 'male' }],
    ['试管婴儿怎么挂号', { child: false, pregnant: false }],
    ['怀不上孩子', { child: false, pregnant: false }],
    ['我怀孕了', { child: false, pregnant: true, sex: 'female' }],
    ['孕妇', { child: false, pregnant: true, sex: 'female' }],
    ['孕12周', { child: false, pregnant: true, sex: 'female' }],
    ['怀孕了，宝宝胎动少', { child: false, pregnant: true, sex: 'female' }],
    ['没怀孕', { child: false, pregnant: false }],
    ['备孕中', { child: false, pregnant: false }],
    ['想怀孕', { child: false, pregnant: false }],
    ["I'm pregnant", { child: false, pregnant: true, sex: 'female' }],
    ['I am 20 weeks pregnant', { child: false, pregnant: true, sex: 'female' }],
    ["we're expecting a baby", { child: false, pregnant: true, sex: 'female' }],
    ['I am not pregnant', { child: false, pregnant: false }],
    ['trying to get pregnant', { child: false, pregnant: false }],
    ['我老公', { child: false, pregnant: false, sex: 'male' }],
    ['my husband and I', { child: false, pregnant: false, sex: 'male' }],
    ['我老婆', { child: false, pregnant: false, sex: 'female' }],
    ['my wife', { child: false, pregnant: false, sex: 'female' }],
    ['我老婆和我老公', { child: false, pregnant: false, sex: undefined }],
    ['头疼', { child: false, pregnant: false, sex: undefined }],
  ])('%s', (text, expected) => expect(cues(text)).toEqual({ sex: undefined, ...expected }));
});

import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../core/index.ts';
import { BODY_PARTS } from './body-parts.ts';
import { COMPLAINT_KINDS, COMPLAINT_WORDS } from './complaints.ts';
import { medicalDepartment } from './departments.ts';
import { createGazetteer } from './gazetteer.ts';
import { triageDepartments } from './triage.ts';

const first = (text: string) => triageDepartments(text)[0]?.department;

describe('the body map', () => {
  it('sends every complaint in every region to known departments', () => {
    for (const part of BODY_PARTS.filter((p) => p.id !== 'decoy'))
      for (const kind of COMPLAINT_KINDS) {
        const departments = Object.keys(part.clinics[kind]);
        expect(departments.length, `${part.id}:${kind}`).toBeGreaterThan(0);
        for (const d of departments) expect(medicalDepartment(d), `${part.id}:${kind}`).toBeDefined();
      }
  });

  it('names each body-part word and complaint word once', () => {
    const parts = BODY_PARTS.flatMap((p) => p.forms.map((f) => normalizeText(f).text));
    expect(parts.filter((f, i) => parts.indexOf(f) !== i)).toEqual([]);
    const words = COMPLAINT_WORDS.map(([w]) => normalizeText(w).text);
    expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
  });
});

describe('body part and complaint composition', () => {
  it.each([
    ['大腿根疼', 'orthopedics'],
    ['脖子后面有个硬疙瘩', 'general_surgery'],
    ['脖子酸痛转不动', 'orthopedics'],
    ['眼角发痒', 'ophthalmology'],
    ['a lump on my eyelid', 'ophthalmology'],
    ['itchy scalp', 'dermatology'],
    ['swollen wrist', 'orthopedics'],
    ['fingers stiff in the morning', 'rheumatology'],
    ['my ear is itchy inside', 'ent'],
    ['bubbly pee', 'nephrology'],
  ])('%s → %s', (text, department) => expect(first(text)).toBe(department));

  it('lets the body part decide where the same sensation goes', () => {
    expect(first('手痒')).toBe('dermatology');
    expect(first('手麻')).toBe('neurology');
    expect(first('脖子上有个包')).toBe('general_surgery');
    expect(first('脖子僵')).toBe('orthopedics');
  });

  it('reads a body part before a table phrase inside it: 骨头疼 is not a headache', () => {
    expect(first('骨头疼')).toBe('orthopedics');
    expect(first('小腿肚子疼')).toBe('orthopedics');
  });

  it('pairs only within a clause and skips a negated complaint', () => {
    expect(triageDepartments('膝盖不疼')).toEqual([]);
    expect(triageDepartments('my knee does not hurt')).toEqual([]);
  });

  it('applies patient cues to a composed complaint', () => {
    expect(first('孕28周脚肿')).toBe('obstetrics');
    expect(first('我女儿耳朵后面长了个疙瘩')).toBe('ent');
    expect(first('小孩肚子疼')).toBe('pediatrics');
  });

  it('falls back to the body part named when no complaint word is found', () => {
    expect(first('孩子脖子上有淋巴结')).toBeDefined();
    expect(triageDepartments('我想预约心内科')).toEqual([]);
    expect(triageDepartments('我做了手术')).toEqual([]);
  });

  it('names the body part and the sensation in the reason, never a diagnosis', () => {
    expect(triageDepartments('大腿根疼')[0]?.reason).toEqual({
      'zh-CN': '提到：腹股沟疼痛',
      en: 'mentions: pain in the groin',
    });
  });
});

describe('the phrase finder', () => {
  const find = createGazetteer([
    ['rash', 'rash'],
    ['膝盖', 'knee'],
    ['膝盖骨', 'kneecap'],
  ]);

  it('finds the longest phrase, English on whole words only', () => {
    expect(find('膝盖骨疼').map((m) => m.value)).toEqual(['kneecap']);
    expect(find('a crash, then a rash').map((m) => [m.value, m.start])).toEqual([['rash', 16]]);
  });
});

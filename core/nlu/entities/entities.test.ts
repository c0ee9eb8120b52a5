import { describe, expect, it } from 'vitest';
import { normalizeText } from '../normalize.ts';
import type { EntityVocabulary } from './entity.ts';
import { createGazetteer } from './gazetteer.ts';
import { createPatternMatcher } from './patterns.ts';
import { isValidResidentId } from './resident-id.ts';

// A small invented vocabulary: no real departments' or people's data.
const vocabularies: EntityVocabulary[] = [
  {
    type: 'department',
    entries: [
      { value: 'cardiology', synonyms: ['心内科', '心血管内科', '心脏内科', 'cardio', 'heart clinic'] },
      { value: 'ent', synonyms: ['耳鼻喉科', '耳鼻咽喉科', 'ENT', 'ear nose and throat'] },
      { value: 'internal_medicine', synonyms: ['内科', 'internal medicine'] },
    ],
  },
  {
    type: 'doctor',
    pinyin: true,
    entries: [
      { value: 'doc-001', synonyms: ['王晓明'] },
      { value: 'doc-002', synonyms: ['李娜'] },
    ],
  },
  {
    type: 'programme',
    entries: [{ value: 'ib', synonyms: ['国际文凭', 'IB', 'international baccalaureate'] }],
  },
];
const gazetteer = createGazetteer(vocabularies);
const find = (text: string) =>
  gazetteer.find(normalizeText(text).text).map((e) => [e.type, e.value, e.text, e.source] as const);

describe('vocabulary entities', () => {
  it.each([
    ['挂心内科', [['department', 'cardiology', '心内科', 'vocabulary']]],
    ['心血管内科在几楼', [['department', 'cardiology', '心血管内科', 'vocabulary']]],
    // Longest match: 心血管内科 and 内科 both match; the longer one wins.
    ['我要看心血管内科', [['department', 'cardiology', '心血管内科', 'vocabulary']]],
    ['内科', [['department', 'internal_medicine', '内科', 'vocabulary']]],
    ['Cardiology please', [['department', 'cardiology', 'cardiology', 'vocabulary']]],
    ['book CARDIO tomorrow', [['department', 'cardiology', 'cardio', 'vocabulary']]],
    ['see the heart  clinic', [['department', 'cardiology', 'heart clinic', 'vocabulary']]],
    ['心內科', [['department', 'cardiology', '心内科', 'vocabulary']]],
    ['ENT appointment', [['department', 'ent', 'ent', 'vocabulary']]],
    // "ent" inside "appointment" is not a department.
    ['appointment', []],
    ['耳鼻咽喉科', [['department', 'ent', '耳鼻咽喉科', 'vocabulary']]],
    ['预约王晓明医生', [['doctor', 'doc-001', '王晓明', 'vocabulary']]],
    ['wang xiaoming doctor', [['doctor', 'doc-001', 'wang xiaoming', 'pinyin']]],
    ['约wangxiaoming', [['doctor', 'doc-001', 'wangxiaoming', 'pinyin']]],
    ['wxm 明天有号吗', [['doctor', 'doc-001', 'wxm', 'pinyin']]],
    ['lina', [['doctor', 'doc-002', 'lina', 'pinyin']]],
    // Initials only match as a whole word.
    ['wxmx', []],
    ['我想挂cardiology的号', [['department', 'cardiology', 'cardiology', 'vocabulary']]],
    [
      'IB课程和心内科',
      [
        ['programme', 'ib', 'ib', 'vocabulary'],
        ['department', 'cardiology', '心内科', 'vocabulary'],
      ],
    ],
    ['国际文凭', [['programme', 'ib', '国际文凭', 'vocabulary']]],
    ['nothing here', []],
  ])('%s', (text, expected) => expect(find(text)).toEqual(expected));

  it('reports offsets into the normalised text', () => {
    const [e] = gazetteer.find('明天挂心内科');
    expect(e).toMatchObject({ start: 3, end: 6 });
  });
});

function residentId(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return body17 + ('10X98765432'[sum % 11] as string);
}

describe('pattern entities', () => {
  const match = createPatternMatcher({ recordNumber: 'mrn\\d{6}' });
  const find = (text: string) => match(normalizeText(text).text).map((e) => [e.type, e.value] as const);
  // Invented numbers: the identity number is built here with a valid check digit.
  const id = residentId('11010519900101123');

  it.each([
    ['我的手机13800138000', [['mobile_cn', '+8613800138000']]],
    ['call +86 138 0013 8000', [['mobile_cn', '+8613800138000']]],
    ['手机：138-0013-8000。', [['mobile_cn', '+8613800138000']]],
    ['12800138000', []],
    ['call me on +44 20 7946 0000', [['phone', '+442079460000']]],
    ['+1-202-555-0100', [['phone', '+12025550100']]],
    [`身份证${id}`, [['resident_id', id]]],
    [`身份证${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`, []],
    ['write to someone@example.org please', [['email', 'someone@example.org']]],
    ['病历号MRN123456', [['record_number', 'MRN123456']]],
    ['mrn1234567', []],
    [
      '电话13800138000和mrn000001',
      [
        ['mobile_cn', '+8613800138000'],
        ['record_number', 'MRN000001'],
      ],
    ],
  ])('%s', (text, expected) => expect(find(text)).toEqual(expected));

  it('checks the resident identity number checksum and birth date', () => {
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(residentId('11010519900231123'))).toBe(false); // 31 February
    expect(isValidResidentId('123456789012345678')).toBe(false);
  });
});

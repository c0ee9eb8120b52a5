import type { EntityVocabulary, VocabularyEntry } from '../../../core/index.ts';
import { documentVocabulary, feeVocabulary, serviceVocabulary } from './vocabularies-school.ts';

// Documents, fees and services are kept in their own file; this one is the pack's single entry point.
export { documentVocabulary, feeVocabulary, serviceVocabulary };

/** Grade ids, in school order: kindergarten, then grade_1 … grade_12. */
export const GRADE_IDS = [
  'kindergarten',
  ...Array.from({ length: 12 }, (_, i) => `grade_${i + 1}`),
] as readonly string[];

const HAN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const ENGLISH_NUMBERS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];

function ordinal(n: number): string {
  if (n === 1) return '1st';
  if (n === 2) return '2nd';
  if (n === 3) return '3rd';
  return `${n}th`;
}

/**
 * The names parents give a grade. Chinese school stages restart their count (初一 is the
 * seventh year, 高一 the tenth); English forms follow the US grade number, and Year N is read
 * as grade N, as international schools in China use it. "Moving up" phrases name the grade
 * being entered: 小升初 is grade 7, 中考后 grade 10.
 */
function gradeSynonyms(n: number): string[] {
  const han = HAN_NUMBERS[n - 1] as string;
  const forms = [`${han}年级`, `${n}年级`];
  if (n <= 6) forms.push(`小学${han}年级`, `小学${n}年级`, `p${n}`, `primary ${n}`);
  if (n >= 7 && n <= 9) {
    const stage = HAN_NUMBERS[n - 7] as string;
    forms.push(`初${stage}`, `初中${stage}年级`);
  }
  if (n >= 10) {
    const stage = HAN_NUMBERS[n - 10] as string;
    forms.push(`高${stage}`, `高中${stage}年级`);
  }
  const word = ENGLISH_NUMBERS[n - 1] as string;
  forms.push(
    `grade ${n}`,
    `grade${n}`,
    `grade ${word}`,
    `g${n}`,
    `year ${n}`,
    `year${n}`,
    `year ${word}`,
    `yr ${n}`,
    `y${n}`,
    `${ordinal(n)} grade`,
    `${ORDINAL_WORDS[n - 1]} grade`,
    `${ordinal(n)} grader`,
    `${ORDINAL_WORDS[n - 1]} grader`,
  );
  return forms;
}

// Stage words and transitions, each naming the grade a child enters.
const EXTRA_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  grade_1: ['幼升小', '幼儿园毕业', '小学新生'],
  grade_6: ['预初', '预备年级'],
  grade_7: ['小升初', '小学毕业', '初中', '初中新生', 'middle school', 'junior high'],
  grade_9: ['中考班'],
  grade_10: [
    '初升高',
    '中考后',
    '中考完',
    '中考结束',
    '初中毕业',
    '高中',
    '高中新生',
    'high school',
    'senior high',
  ],
};

const kindergarten: VocabularyEntry = {
  value: 'kindergarten',
  synonyms: [
    '幼儿园',
    '幼儿园大班',
    '幼儿园中班',
    '幼儿园小班',
    '大班',
    '学前班',
    '学前',
    'kindergarten',
    'kindergarden',
    'kinder',
    'kindy',
    'kg',
    'pre-k',
    'preschool',
  ],
};

// Pinyin also yields initials of two-character forms: a bare "gz" (高中) reads as grade 10 and "snj"
// as the first of 三/四/十年级. A written form always wins over a pinyin reading of the same letters.
export const gradeVocabulary: EntityVocabulary = {
  type: 'grade',
  pinyin: true,
  entries: [
    kindergarten,
    ...Array.from({ length: 12 }, (_, i): VocabularyEntry => {
      const value = `grade_${i + 1}`;
      return { value, synonyms: [...gradeSynonyms(i + 1), ...(EXTRA_SYNONYMS[value] ?? [])] };
    }),
  ],
};

/** Programmes and curricula a school offers; boarding and other services are `campus_service`. */
export const programVocabulary: EntityVocabulary = {
  type: 'program',
  entries: [
    {
      value: 'international',
      synonyms: [
        '国际部',
        '国际班',
        '国际课程',
        '国际高中',
        '国际方向',
        'international',
        'international stream',
        'international program',
        'international department',
      ],
    },
    {
      value: 'bilingual',
      synonyms: [
        '双语',
        '双语课程',
        '双语班',
        '双语部',
        '中英双语',
        'bilingual',
        'bilingual program',
        'bilingual class',
      ],
    },
    {
      value: 'national_curriculum',
      synonyms: [
        '国内课程',
        '国家课程',
        '普高',
        '高考班',
        '高考方向',
        '体制内',
        'national curriculum',
        'gaokao',
        'gaokao track',
      ],
    },
    {
      value: 'ib',
      synonyms: [
        'ib',
        'ib课程',
        '国际文凭',
        'ibdp',
        'ib dp',
        'dp',
        'myp',
        'pyp',
        'ib diploma',
        'international baccalaureate',
      ],
    },
    {
      value: 'a_level',
      synonyms: ['a-level', 'a-levels', 'a level', 'a levels', 'alevel', 'alevels', '英国课程', 'igcse'],
    },
    { value: 'ap', synonyms: ['ap', 'ap课程', '美国课程', '美高课程', 'advanced placement'] },
    {
      value: 'arts',
      synonyms: [
        '艺术',
        '艺术特长',
        '艺术班',
        '美术',
        '音乐',
        '舞蹈',
        '戏剧',
        '书法',
        'art',
        'arts',
        'music',
        'drama',
        'dance',
      ],
    },
    {
      value: 'sports',
      synonyms: [
        '体育',
        '体育特长',
        '体育特长生',
        '足球',
        '篮球',
        '游泳',
        '网球',
        'sports',
        'pe',
        'football',
        'soccer',
        'basketball',
        'swimming',
      ],
    },
    {
      value: 'science',
      synonyms: [
        'stem',
        'steam',
        '科创',
        '科技',
        '科学',
        '编程',
        '机器人',
        '信息学',
        '人工智能课',
        'science',
        'coding',
        'programming',
        'robotics',
        'cs',
        'computer science',
      ],
    },
    {
      value: 'gifted',
      synonyms: [
        '实验班',
        '重点班',
        '尖子班',
        '创新班',
        '竞赛班',
        '奥赛',
        '奥数',
        'honors class',
        'gifted program',
        'olympiad',
      ],
    },
    {
      value: 'languages',
      synonyms: [
        '小语种',
        '第二外语',
        '二外',
        '日语',
        '法语',
        '德语',
        '西班牙语',
        'second language',
        'french',
        'spanish',
        'german',
        'japanese',
      ],
    },
  ],
};

/** Every vocabulary of the education pack, in the order the gazetteer should see them. */
export const educationVocabularies: readonly EntityVocabulary[] = [
  gradeVocabulary,
  programVocabulary,
  documentVocabulary,
  feeVocabulary,
  serviceVocabulary,
];

import type { RolePreset } from '../../core/index.ts';
import { CAMPUS_TOUR_SERVICE, INTERVIEW_SERVICE } from './flows.ts';

/**
 * The demo school's admissions set-up for entry in September 2027: programmes and their fees,
 * the grades offered, the tour and interview schedules, synthetic applications at every stage, and
 * the staff accounts. `custos demo` turns it into booking services, resources, slots and records.
 * Every person here is made up; phone numbers are of the obviously fake 138-0000-00xx kind.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
type Text = ReturnType<typeof t>;

/** The school year the demo admits for; ages are counted on 31 August (the cut-off). */
export const DEMO_ENTRY_YEAR = 2027;

/** Kindergarten (小班, the three-year-olds' class), then grade 1 to grade 12. */
export const DEMO_GRADES = [
  'kindergarten',
  ...Array.from({ length: 12 }, (_, i) => `grade_${i + 1}`),
] as const satisfies readonly string[];
export type DemoGrade = (typeof DEMO_GRADES)[number];

export interface DemoProgram {
  readonly code: string;
  readonly names: Text;
  /** The `program` vocabulary value parents' words map to. */
  readonly vocabulary: string;
  readonly grades: readonly DemoGrade[];
  /** Tuition a year, in CNY (synthetic). */
  readonly tuitionPerYear: number;
}

const grades = (from: number, to: number): DemoGrade[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `grade_${from + i}` as DemoGrade);

// Fees agree with the FAQ seeds (knowledge/faq-fees.ts).
export const demoPrograms: readonly DemoProgram[] = [
  {
    code: 'kg-bilingual',
    names: t('双语幼儿园', 'Bilingual Kindergarten'),
    vocabulary: 'bilingual',
    grades: ['kindergarten'],
    tuitionPerYear: 68_000,
  },
  {
    code: 'primary-bilingual',
    names: t('小学双语部', 'Bilingual Primary School'),
    vocabulary: 'bilingual',
    grades: grades(1, 6),
    tuitionPerYear: 98_000,
  },
  {
    code: 'middle-bilingual',
    names: t('初中双语部', 'Bilingual Middle School'),
    vocabulary: 'bilingual',
    grades: grades(7, 9),
    tuitionPerYear: 108_000,
  },
  {
    code: 'high-national',
    names: t('高中部（国家课程）', 'High School (National Curriculum)'),
    vocabulary: 'national_curriculum',
    grades: grades(10, 12),
    tuitionPerYear: 118_000,
  },
  {
    code: 'international',
    names: t('国际部', 'International Programme'),
    vocabulary: 'international',
    grades: grades(6, 12),
    tuitionPerYear: 168_000,
  },
];

export interface DemoFee {
  /** The `fee` vocabulary value. */
  readonly code: string;
  readonly names: Text;
  /** CNY (synthetic). */
  readonly amount: number;
  readonly per: 'year' | 'term' | 'once';
}

/** Charges beside tuition, the same for every programme. */
export const demoFees: readonly DemoFee[] = [
  { code: 'application_fee', names: t('报名费', 'Application fee'), amount: 300, per: 'once' },
  { code: 'deposit', names: t('学位定金', 'Seat deposit'), amount: 10_000, per: 'once' },
  { code: 'boarding_fee', names: t('全寄宿住宿费', 'Full boarding'), amount: 36_000, per: 'year' },
  { code: 'meal_fee', names: t('走读生餐费', 'Meals (day students)'), amount: 7_200, per: 'year' },
  { code: 'bus_fee', names: t('校车费（往返）', 'School bus (round trip)'), amount: 9_600, per: 'year' },
  { code: 'uniform_fee', names: t('校服套装', 'Uniform set'), amount: 1_800, per: 'once' },
  { code: 'after_school_fee', names: t('小学课后托管', 'After-school care'), amount: 1_500, per: 'term' },
];

/** A weekly window of a schedule, as the booking engine's `WeeklyRule` takes it. */
export interface DemoWindow {
  /** ISO weekdays, 1 = Monday. */
  readonly weekdays: readonly number[];
  readonly start: string;
  readonly end: string;
  readonly slotMinutes: number;
  /** Bookings one slot takes: families for a tour, one for an interview. */
  readonly capacity: number;
}

export interface DemoResource {
  readonly code: string;
  readonly kind: 'guide' | 'practitioner' | 'room';
  readonly names: Text;
  readonly title?: Text;
  readonly weekly: readonly DemoWindow[];
}

export interface DemoService {
  readonly code: string;
  readonly names: Text;
  readonly durationMinutes: number;
  /** People one booking may bring (a family), recorded with the booking; it holds one place. */
  readonly maxGroupSize: number;
  readonly location: Text;
  readonly resources: readonly DemoResource[];
}

export const demoServices: readonly DemoService[] = [
  {
    code: CAMPUS_TOUR_SERVICE,
    names: t('校园参观', 'Campus tour'),
    durationMinutes: 75,
    maxGroupSize: 6,
    location: t('北门接待处集合', 'Meet at the North Gate reception'),
    resources: [
      {
        code: 'tour-admissions-team',
        kind: 'guide',
        names: t('招生办参观导览', 'Admissions tour guides'),
        // Tuesday, Thursday and Saturday mornings: 09:00 and 10:15, eight families each.
        weekly: [{ weekdays: [2, 4, 6], start: '09:00', end: '11:30', slotMinutes: 75, capacity: 8 }],
      },
    ],
  },
  {
    code: INTERVIEW_SERVICE,
    names: t('入学面谈', 'Admission interview'),
    durationMinutes: 45,
    maxGroupSize: 3,
    location: t('A 座一层招生办公室', 'Admissions office, Building A, ground floor'),
    // Two interviewers, each one family at a time, weekday afternoons.
    resources: [
      {
        code: 'interviewer-a',
        kind: 'practitioner',
        names: t('面谈老师 A', 'Interviewer A'),
        title: t('招生老师', 'Admissions officer'),
        weekly: [{ weekdays: [1, 2, 3, 4, 5], start: '13:30', end: '16:30', slotMinutes: 45, capacity: 1 }],
      },
      {
        code: 'interviewer-b',
        kind: 'practitioner',
        names: t('面谈老师 B', 'Interviewer B'),
        title: t('招生老师', 'Admissions officer'),
        weekly: [{ weekdays: [1, 2, 3, 4, 5], start: '13:30', end: '16:30', slotMinutes: 45, capacity: 1 }],
      },
    ],
  },
];

export const APPLICATION_STAGES = [
  'submitted',
  'under_review',
  'assessment_scheduled',
  'offer',
  'waitlist',
  'enrolled',
] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

export const GUARDIAN_RELATIONSHIPS = ['mother', 'father', 'grandparent', 'legal_guardian'] as const;
export type GuardianRelationship = (typeof GUARDIAN_RELATIONSHIPS)[number];

export interface DemoApplication {
  readonly applicantNumber: string;
  readonly child: { readonly names: Text; readonly dateOfBirth: string };
  readonly grade: DemoGrade;
  readonly program: string;
  readonly stage: ApplicationStage;
  readonly submittedOn: string;
  readonly guardian: {
    readonly names: Text;
    readonly relationship: GuardianRelationship;
    readonly phone: string;
  };
}

// Synthetic names, made up for the demo: any likeness to a real person is a coincidence.
// child (zh | en) | born | grade | programme | stage | submitted | guardian (zh | en) | relationship
const ROWS = [
  '林小禾|Lin Xiaohe|2024-03-12|kindergarten|kg-bilingual|submitted|2026-11-20|林静|Lin Jing|mother',
  '周沐晨|Zhou Muchen|2023-10-05|kindergarten|kg-bilingual|under_review|2026-11-09|周立|Zhou Li|father',
  '陈一诺|Chen Yinuo|2024-06-28|kindergarten|kg-bilingual|offer|2026-10-15|陈晓梅|Chen Xiaomei|mother',
  '赵安琪|Zhao Anqi|2021-02-17|grade_1|primary-bilingual|submitted|2026-11-21|赵明|Zhao Ming|father',
  '孙乐言|Sun Leyan|2020-11-30|grade_1|primary-bilingual|under_review|2026-11-12|孙慧|Sun Hui|mother',
  '吴思齐|Wu Siqi|2021-07-08|grade_1|primary-bilingual|assessment_scheduled|2026-11-02|吴国强|Wu Guoqiang|grandparent',
  '郑可馨|Zheng Kexin|2020-09-14|grade_1|primary-bilingual|offer|2026-10-20|郑薇|Zheng Wei|mother',
  '王子轩|Wang Zixuan|2021-05-03|grade_1|primary-bilingual|waitlist|2026-10-18|王磊|Wang Lei|father',
  '冯悦然|Feng Yueran|2018-11-22|grade_3|primary-bilingual|enrolled|2026-09-10|冯丽|Feng Li|mother',
  '杨天佑|Yang Tianyou|2016-12-09|grade_5|primary-bilingual|under_review|2026-11-15|杨帆|Yang Fan|father',
  '何语桐|He Yutong|2015-12-19|grade_6|primary-bilingual|submitted|2026-11-22|何敏|He Min|mother',
  '许嘉树|Xu Jiashu|2014-10-02|grade_7|middle-bilingual|assessment_scheduled|2026-11-05|许建华|Xu Jianhua|father',
  '高若彤|Gao Ruotong|2015-06-11|grade_7|middle-bilingual|offer|2026-10-25|高雅|Gao Ya|mother',
  '罗浩宇|Luo Haoyu|2015-03-27|grade_7|middle-bilingual|waitlist|2026-10-28|罗斌|Luo Bin|legal_guardian',
  '梁晓雨|Liang Xiaoyu|2013-11-16|grade_8|middle-bilingual|enrolled|2026-09-01|梁芳|Liang Fang|mother',
  '宋知行|Song Zhixing|2012-02-08|grade_10|high-national|submitted|2026-11-23|宋涛|Song Tao|father',
  '唐诗语|Tang Shiyu|2011-11-25|grade_10|high-national|under_review|2026-11-10|唐琳|Tang Lin|mother',
  '韩博文|Han Bowen|2012-05-30|grade_10|high-national|assessment_scheduled|2026-11-03|韩冬|Han Dong|father',
  '曹雨欣|Cao Yuxin|2011-09-19|grade_10|high-national|waitlist|2026-10-30|曹玲|Cao Ling|mother',
  '邓嘉懿|Deng Jiayi|2014-12-01|grade_7|international|under_review|2026-11-14|邓华|Deng Hua|mother',
  '彭子墨|Peng Zimo|2011-10-06|grade_10|international|assessment_scheduled|2026-11-06|彭刚|Peng Gang|father',
  '曾诗涵|Zeng Shihan|2010-12-14|grade_11|international|offer|2026-10-22|曾红|Zeng Hong|mother',
  '谢逸飞|Xie Yifei|2014-01-23|grade_8|international|enrolled|2026-09-05|谢伟|Xie Wei|father',
  '沈星辰|Shen Xingchen|2017-09-29|grade_4|primary-bilingual|offer|2026-10-12|沈月|Shen Yue|grandparent',
];

function oneOf<T extends string>(values: readonly T[], value: string | undefined, what: string): T {
  if (!values.includes(value as T)) throw new Error(`demo application: unknown ${what} "${value}"`);
  return value as T;
}

export const demoApplications: readonly DemoApplication[] = ROWS.map((row, i) => {
  const [childZh, childEn, born, grade, program, stage, submittedOn, guardianZh, guardianEn, relationship] =
    row.split('|') as [string, string, string, string, string, string, string, string, string, string];
  const n = i + 1;
  return {
    applicantNumber: `A${DEMO_ENTRY_YEAR}${String(n).padStart(6, '0')}`,
    child: { names: t(childZh, childEn), dateOfBirth: born },
    grade: oneOf(DEMO_GRADES, grade, 'grade'),
    program,
    stage: oneOf(APPLICATION_STAGES, stage, 'stage'),
    submittedOn,
    guardian: {
      names: t(guardianZh, guardianEn),
      relationship: oneOf(GUARDIAN_RELATIONSHIPS, relationship, 'relationship'),
      phone: `138-0000-00${String(n).padStart(2, '0')}`,
    },
  };
});

export interface DemoStaffUser {
  /** A login name only: staff of the demo have no personal data. */
  readonly login: string;
  readonly roles: RolePreset['roles'];
  readonly queues: readonly string[];
}

/** The queue handoffs of the school go to. */
export const DEMO_ADMISSIONS_QUEUE = 'admissions';

export const demoStaff: readonly DemoStaffUser[] = [
  { login: 'admissions.officer', roles: ['admissions_officer'], queues: [DEMO_ADMISSIONS_QUEUE] },
  { login: 'admissions.agent', roles: ['agent'], queues: [DEMO_ADMISSIONS_QUEUE] },
  { login: 'admissions.supervisor', roles: ['supervisor'], queues: [DEMO_ADMISSIONS_QUEUE] },
  { login: 'school.admin', roles: ['tenant_admin'], queues: [] },
  { login: 'privacy.auditor', roles: ['auditor'], queues: [] },
];

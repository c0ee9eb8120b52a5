import type { DemoCatalogue } from '../../core/index.ts';

/**
 * The demo hospital's outpatient set-up: departments, doctors (synthetic names) and their weekly
 * clinics. `custos demo` turns it into booking services, resources and four weeks of slots.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
type Text = ReturnType<typeof t>;

export interface DemoClinic {
  /** ISO weekdays, 1 = Monday. */
  readonly weekdays: readonly number[];
  readonly start: string;
  readonly end: string;
  readonly slotMinutes: number;
  readonly capacity: number;
}

export interface DemoDepartment {
  readonly code: string;
  readonly names: Text;
  readonly location: Text;
}

export interface DemoDoctor {
  readonly code: string;
  readonly department: string;
  readonly names: Text;
  readonly title: Text;
  readonly clinics: readonly DemoClinic[];
}

const floor = (building: string, level: number, zhBuilding: string) =>
  t(`${zhBuilding}${level}楼`, `${building}, floor ${level}`);

export const demoDepartments: readonly DemoDepartment[] = [
  {
    code: 'cardiology',
    names: t('心血管内科', 'Cardiology'),
    location: floor('Outpatient Building', 3, '门诊楼'),
  },
  {
    code: 'respiratory',
    names: t('呼吸内科', 'Respiratory Medicine'),
    location: floor('Outpatient Building', 3, '门诊楼'),
  },
  {
    code: 'gastroenterology',
    names: t('消化内科', 'Gastroenterology'),
    location: floor('Outpatient Building', 4, '门诊楼'),
  },
  {
    code: 'neurology',
    names: t('神经内科', 'Neurology'),
    location: floor('Outpatient Building', 4, '门诊楼'),
  },
  {
    code: 'endocrinology',
    names: t('内分泌科', 'Endocrinology'),
    location: floor('Outpatient Building', 5, '门诊楼'),
  },
  {
    code: 'general_surgery',
    names: t('普通外科', 'General Surgery'),
    location: floor('Outpatient Building', 2, '门诊楼'),
  },
  {
    code: 'orthopedics',
    names: t('骨科', 'Orthopedics'),
    location: floor('Outpatient Building', 2, '门诊楼'),
  },
  { code: 'urology', names: t('泌尿外科', 'Urology'), location: floor('Outpatient Building', 5, '门诊楼') },
  {
    code: 'gynecology',
    names: t('妇科', 'Gynecology'),
    location: floor('Women and Children Building', 2, '妇儿楼'),
  },
  {
    code: 'obstetrics',
    names: t('产科', 'Obstetrics'),
    location: floor('Women and Children Building', 3, '妇儿楼'),
  },
  {
    code: 'pediatrics',
    names: t('儿科', 'Pediatrics'),
    location: floor('Women and Children Building', 1, '妇儿楼'),
  },
  {
    code: 'ophthalmology',
    names: t('眼科', 'Ophthalmology'),
    location: floor('Outpatient Building', 6, '门诊楼'),
  },
  { code: 'ent', names: t('耳鼻咽喉科', 'ENT'), location: floor('Outpatient Building', 6, '门诊楼') },
  {
    code: 'stomatology',
    names: t('口腔科', 'Dentistry'),
    location: floor('Outpatient Building', 7, '门诊楼'),
  },
  {
    code: 'dermatology',
    names: t('皮肤科', 'Dermatology'),
    location: floor('Outpatient Building', 7, '门诊楼'),
  },
  {
    code: 'psychiatry',
    names: t('精神心理科', 'Psychiatry and Psychology'),
    location: floor('Medical Technology Building', 3, '医技楼'),
  },
  {
    code: 'tcm',
    names: t('中医科', 'Traditional Chinese Medicine'),
    location: floor('Medical Technology Building', 2, '医技楼'),
  },
  {
    code: 'general_practice',
    names: t('全科医学科', 'General Practice'),
    location: floor('Outpatient Building', 1, '门诊楼'),
  },
];

// Synthetic names, made up for the demo: any likeness to a real person is a coincidence.
const NAMES: readonly [string, string][] = [
  ['林知远', 'Lin Zhiyuan'],
  ['周若溪', 'Zhou Ruoxi'],
  ['陈启明', 'Chen Qiming'],
  ['赵书宁', 'Zhao Shuning'],
  ['孙立行', 'Sun Lixing'],
  ['吴清和', 'Wu Qinghe'],
  ['郑一帆', 'Zheng Yifan'],
  ['王思源', 'Wang Siyuan'],
  ['冯雅琴', 'Feng Yaqin'],
  ['杨景川', 'Yang Jingchuan'],
  ['何沐阳', 'He Muyang'],
  ['许嘉禾', 'Xu Jiahe'],
  ['高文博', 'Gao Wenbo'],
  ['罗晓岚', 'Luo Xiaolan'],
  ['梁子墨', 'Liang Zimo'],
  ['宋安然', 'Song Anran'],
  ['唐亦舒', 'Tang Yishu'],
  ['韩承志', 'Han Chengzhi'],
  ['曹映雪', 'Cao Yingxue'],
  ['邓明哲', 'Deng Mingzhe'],
  ['彭悦心', 'Peng Yuexin'],
  ['曾远航', 'Zeng Yuanhang'],
  ['谢宛如', 'Xie Wanru'],
  ['沈星河', 'Shen Xinghe'],
  ['袁立诚', 'Yuan Licheng'],
  ['蒋若兰', 'Jiang Ruolan'],
  ['蔡永康', 'Cai Yongkang'],
  ['贾静怡', 'Jia Jingyi'],
  ['丁浩然', 'Ding Haoran'],
  ['魏清妍', 'Wei Qingyan'],
  ['薛子涵', 'Xue Zihan'],
  ['叶辰逸', 'Ye Chenyi'],
  ['阎思琪', 'Yan Siqi'],
  ['余朗清', 'Yu Langqing'],
  ['潘雨桐', 'Pan Yutong'],
  ['杜修远', 'Du Xiuyuan'],
];

const TITLES: readonly Text[] = [
  t('主任医师', 'Chief Physician'),
  t('副主任医师', 'Associate Chief Physician'),
  t('主治医师', 'Attending Physician'),
];

const MORNING = { start: '08:00', end: '12:00', slotMinutes: 15, capacity: 1 };
const AFTERNOON = { start: '13:30', end: '17:00', slotMinutes: 15, capacity: 1 };
const EVENING = { start: '18:00', end: '21:00', slotMinutes: 15, capacity: 1 };

/** Two doctors a department; between them mornings and afternoons on weekdays, some Saturdays. */
export const demoDoctors: readonly DemoDoctor[] = demoDepartments.flatMap((department, d) =>
  [0, 1].map((k): DemoDoctor => {
    const [zh, en] = NAMES[d * 2 + k] as [string, string];
    const first = k === 0;
    const clinics: DemoClinic[] = first
      ? [
          { weekdays: [1, 3, 5], ...MORNING },
          { weekdays: [2], ...AFTERNOON },
        ]
      : [
          { weekdays: [2, 4], ...MORNING },
          { weekdays: [1, 3, 5], ...AFTERNOON },
          ...(d % 3 === 0 ? [{ weekdays: [6], ...MORNING }] : []),
        ];
    // Pediatrics also sees children in the evening, after school.
    if (department.code === 'pediatrics' && !first) clinics.push({ weekdays: [1, 2, 3, 4, 5], ...EVENING });
    return {
      code: `dr-${en.toLowerCase().replace(/\s+/g, '-')}`,
      department: department.code,
      names: t(zh, `Dr. ${en}`),
      title: TITLES[(d + k) % TITLES.length] as Text,
      clinics,
    };
  }),
);

/** The demo hospital as a booking catalogue: a service per department, a practitioner per doctor. */
export const demoHospitalCatalogue: DemoCatalogue = {
  services: demoDepartments.map((d) => ({
    code: d.code.replaceAll('_', '-'),
    names: d.names,
    // No age or sex restrictions: a chat visitor's age and sex are unknown until they are verified,
    // and a restricted service refuses unknown facts (booking-rules.ts).
    durationMinutes: 15,
  })),
  resources: demoDoctors.map((doctor) => ({
    code: doctor.code,
    kind: 'practitioner' as const,
    names: doctor.names,
    title: doctor.title,
    serviceCode: doctor.department.replaceAll('_', '-'),
  })),
  schedules: demoDoctors.map((doctor) => ({
    serviceCode: doctor.department.replaceAll('_', '-'),
    resourceCode: doctor.code,
    definition: {
      timeZone: 'Asia/Shanghai',
      weekly: doctor.clinics.map((c) => ({
        weekdays: c.weekdays,
        start: c.start,
        end: c.end,
        slotMinutes: c.slotMinutes,
        capacity: c.capacity,
      })),
      // Synthetic closures: the New Year holiday.
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    },
  })),
  weeks: 4,
};

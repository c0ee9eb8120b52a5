import type { FaqSeed } from '../../../core/index.ts';
import { faq } from './faq-seed.ts';

/** Staying in hospital: admission, visiting, companions. */
export const inpatientFaqs: readonly FaqSeed[] = [
  ...faq(
    'inpatient.admission',
    undefined,
    {
      title: '办理住院',
      body: '办理住院：医生开具住院证后，请携带住院证、患者身份证和医保电子凭证或社保卡，到住院楼 1 层入院处办理住院登记并缴纳预交金（押金，金额按科室标准），每天 8:00–17:00；晚上和夜间急诊入院可在急诊收费处 24 小时办理。住院请带好洗漱等生活用品。床位紧张时科室会登记等床位，并电话通知入院时间，请保持电话畅通。',
      questions: [
        '怎么办理住院',
        '住院要带什么东西',
        '入院处在哪里',
        '住院押金交多少',
        '等床位要多久',
        '晚上能办住院吗',
      ],
    },
    {
      title: 'Hospital admission',
      body: 'To be admitted to the hospital, bring the admission slip from your doctor with the patient’s ID and medical insurance e-voucher or social security card to the admissions office on the ground floor of the Inpatient Building, open daily 8:00–17:00, to register and pay a deposit (the amount depends on the department); admissions from the emergency department are handled 24 hours at the emergency payment desk. Bring toiletries and other things for your stay. When beds are short, the department puts you on a waiting list for a bed and calls you with an admission date, so keep your phone on.',
      questions: [
        'How do I get admitted to the hospital?',
        'What should I bring for a hospital stay?',
        'Where is the admissions office?',
        'How much is the deposit for a hospital stay?',
        'How long do I wait for a bed?',
      ],
    },
  ),
  ...faq(
    'inpatient.visiting',
    undefined,
    {
      title: '探视时间和规定',
      body: '普通病房探视时间为每天 15:00–19:00，晚上 19:00 后不能探视；每位患者同一时间最多 1 名探视者，请在病区护士站登记。重症监护室每天 15:30–16:00 探视，限 1 名直系亲属。不建议 12 岁以下小孩探望病人。发热或有呼吸道症状者请勿探视。病房内禁止吸烟，重症监护室不能带鲜花。',
      questions: [
        '探视时间是几点',
        '几个人可以去病房看望病人',
        '重症监护室能探视吗',
        '小孩能去病房探望吗',
        '探病能带鲜花吗',
        '晚上可以去看病人吗',
      ],
    },
    {
      title: 'Visiting hours and rules',
      body: 'Visiting hours for general wards are 15:00–19:00 daily, with at most one visitor per patient at a time; please sign in at the nurses’ station. The intensive care unit allows one close relative daily 15:30–16:00. Visits by children under 12 are not recommended. Please do not visit if you have a fever or respiratory symptoms. Smoking is forbidden in the wards, and flowers are not allowed in intensive care.',
      questions: [
        'What are the visiting hours?',
        'How many visitors can a patient have?',
        'Can I visit someone in intensive care?',
        'Can children visit patients?',
        'Can I bring flowers to the ward?',
        'When can I visit my relative in the ward?',
      ],
    },
  ),
  ...faq(
    'inpatient.companion',
    undefined,
    {
      title: '陪护',
      body: '经病区医护人员评估需要陪护的住院患者，可留 1 名家属固定陪护，陪护人凭身份证到护士站实名登记并领取陪护证，凭证进出住院楼。需要请护工的，可向护士站申请由医院合作的护理服务公司安排，护工按天收费，一天的价格在护士站公示。陪护人员有发热等症状时请及时换人。',
      questions: ['住院可以留人陪护吗', '陪护证怎么办', '能请护工吗', '护工一天多少钱', '陪护可以换人吗'],
    },
    {
      title: 'Companions and carers',
      body: 'When ward staff judge that a patient needs a companion, one named family member may stay with the patient. The companion registers with ID at the nurses’ station and receives a companion pass to enter the Inpatient Building. If you need a paid carer, ask the nurses’ station to arrange one through the hospital’s partner care company; carers are paid by the day at the rates posted at the nurses’ station. A companion with a fever or similar symptoms should be replaced.',
      questions: [
        'Can a family member stay with the patient?',
        'How do I get a companion pass?',
        'Can I hire a carer?',
        'How much does a carer cost per day?',
      ],
    },
  ),
];

import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** Moving in from another school: mid-year places and the student-record transfer (转学手续). */
export const transferFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'transfer.mid-year',
    intent: 'transfer_enrollment',
    zh: {
      title: '插班和学期中转入',
      body: '二至十一年级有插班名额时，全年接受学期中间转学的插班生申请，可随时在报名平台提交。学校在 2 周内安排评估，录取后一般从下个月 1 日起入学。九年级（初三）下学期和十二年级因毕业考试原则上不接收转入。中途入学的学费按剩余月份算，入学第一个月配有学业导师帮助适应。',
      questions: [
        '学期中间可以转学过来吗',
        '插班生怎么申请',
        '现在还有插班名额吗',
        '初三下学期能转进来吗',
        '中途入学学费怎么算',
      ],
    },
    en: {
      title: 'Joining mid-year',
      body: 'When there is a free place, a child can transfer into grades 2 to 11 in the middle of the school year; transfer students apply at any time on the portal. The assessment is arranged within two weeks, and a student who is offered a place usually starts on the first day of the next month. Transfers into the second term of grade 9 and into grade 12 are generally not accepted because of graduation exams. Tuition for a mid-year start is calculated on the remaining months only, and a mentor helps the student settle in during the first month.',
      questions: [
        'Can my child transfer in the middle of the school year?',
        'How do I apply as a transfer student?',
        'Do you have places for transfer students now?',
        'Can a student join in grade 12?',
        'How is tuition calculated for a mid-year start?',
      ],
    },
  }),
  ...bilingual({
    key: 'transfer.procedure',
    intent: 'transfer_enrollment',
    zh: {
      title: '转学手续',
      body: '转学手续步骤：1. 收到录取后，本校开具接收证明；2. 家长持接收证明到原学校申请转出，原学校在全国学籍系统中发起转学；3. 本校确认转入，学籍转接一般需 2–4 周；4. 跨省转学还需两地教育部门审核。办理期间孩子可先到校上课。境外转入学生不需学籍转接，凭护照和原校转学证明办理。',
      questions: [
        '转学手续怎么办',
        '学籍怎么转过来',
        '接收证明在哪里开',
        '外省转学要多久',
        '学籍没转好能先上课吗',
      ],
    },
    en: {
      title: 'Transfer paperwork',
      body: 'Transfer paperwork, step by step: 1. after the offer, our school issues an acceptance letter; 2. parents take it to the current school, which starts the transfer of the student record in the national system; 3. our school confirms the transfer, which usually takes two to four weeks; 4. transfers from another province also need approval from both local education bureaus. Your child can start classes before the transfer is complete. Students coming from abroad have no record to transfer and use their passport and leaving certificate instead.',
      questions: [
        'What paperwork is needed to transfer schools?',
        'How is the student record transferred?',
        'Where do we get the acceptance letter for the transfer?',
        'How long does a transfer from another province take?',
        'Can my child start classes before the transfer is complete?',
      ],
    },
  }),
];

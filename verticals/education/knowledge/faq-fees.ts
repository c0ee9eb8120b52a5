import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** What a school year costs and how it is paid: tuition, boarding, meals, bus, uniform, refunds. */
export const feeFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'fees.tuition',
    intent: 'tuition_fees',
    zh: {
      title: '各学部学费',
      body: '2027–2028 学年学费一年（人民币）：幼儿园 68,000 元；小学双语部 98,000 元；初中 108,000 元；高中 118,000 元；国际部 168,000 元。学费包含教学、课后社团（部分收费项目除外）和学生保险；住宿费、餐费、校车费、校服和书本费用另行收取。收费标准已向示例市教育和物价部门备案。',
      questions: [
        '学费一年多少钱',
        '你们学校收费标准是多少',
        '国际部学费多少',
        '小学一年学费要多少',
        '学费包含哪些费用',
        '高中学费贵吗',
      ],
    },
    en: {
      title: 'Tuition by programme',
      body: 'School fees per year for 2027–2028, in CNY: kindergarten 68,000; bilingual primary 98,000; middle school 108,000; high school 118,000; the international programme costs 168,000. Tuition includes teaching, most after-school clubs and student insurance, but not textbooks. Boarding, meals, the school bus and uniforms are charged separately. The fee schedule is filed with Example City’s education and pricing authorities.',
      questions: [
        'How much is the tuition?',
        'What are your school fees per year?',
        'How much does the international programme cost?',
        'What does tuition include?',
        'How expensive is the high school?',
      ],
    },
  }),
  ...bilingual({
    key: 'fees.boarding',
    intent: 'tuition_fees',
    zh: {
      title: '住宿费',
      body: '五至十二年级可申请住宿。住宿费收费标准：周寄宿（周一至周五住校）28,000 元/年；全寄宿（周末也留校住宿）36,000 元/年，均含床上用品、洗衣服务和晚自习看管。宿舍为四人间，带独立卫浴和空调。住校生餐费另计。床位有限，按报名先后和年级顺序分配。',
      questions: [
        '住宿费多少钱',
        '住校一年要交多少',
        '周末留校住宿怎么收费',
        '住宿费包括洗衣服吗',
        '几年级可以住校',
      ],
    },
    en: {
      title: 'Boarding fees',
      body: 'How much boarding costs: boarding is available from grade 5 to grade 12. Weekly boarding, Monday to Friday, costs CNY 28,000 a year; full boarding, which includes weekends, is more expensive at CNY 36,000 a year. Both include bedding, laundry and supervised evening study. Rooms sleep four students and have their own bathroom and air conditioning. Boarders pay for meals separately. Beds are limited and allocated by application date and grade.',
      questions: [
        'How much is boarding?',
        'What does it cost to board for a year?',
        'Is weekend boarding more expensive?',
        'Does the boarding fee include laundry?',
        'From which grade can students board?',
      ],
    },
  }),
  ...bilingual({
    key: 'fees.meals',
    intent: 'tuition_fees',
    zh: {
      title: '餐费',
      body: '餐费（伙食费）收取标准：走读生午餐和上下午点心 7,200 元/年，约每天 40 元；住校生吃饭需另交餐费，一日三餐加夜宵 14,800 元/年。餐费按学期收取，因病假或事假连续 5 个上学日以上未用餐，可凭请假记录在学期末按天退还。素食、清真和过敏特殊餐不另收费。',
      questions: [
        '餐费怎么收',
        '一天伙食费多少钱',
        '住校生吃饭要另外交钱吗',
        '请假没吃饭的餐费能退吗',
        '特殊饮食要加钱吗',
      ],
    },
    en: {
      title: 'Meal fees',
      body: 'School meal fees: day students pay CNY 7,200 a year for lunch and morning and afternoon snacks, about CNY 40 per day. Boarders pay separately for food: CNY 14,800 a year for three meals a day and an evening snack. Meal fees are charged per term. If a student misses meals for five or more consecutive school days because of illness or approved leave, the unused days are refunded at the end of the term. There is no extra charge for special diets: vegetarian, halal and allergy meals cost the same.',
      questions: [
        'How much are school meals?',
        'How much is lunch per day?',
        'Do boarders pay separately for food?',
        'Do we get money back for missed meals?',
        'Is there a charge for special diets?',
      ],
    },
  }),
  ...bilingual({
    key: 'fees.school-bus',
    intent: 'tuition_fees',
    zh: {
      title: '校车费',
      body: '校车费按学年收取：往返 9,600 元/年，单程（只接或只送）5,800 元/年，不分路线远近。学期中途开始乘车的按剩余月份计费。住宿生周五放学和周日返校的专线每学期 1,200 元。校车费不含在学费内，报名乘车后与下学期费用一起缴纳。',
      questions: [
        '校车费多少钱',
        '坐校车一年多少',
        '只坐单程校车怎么收费',
        '中途坐校车怎么算钱',
        '住宿生周末有校车吗',
      ],
    },
    en: {
      title: 'School bus fees',
      body: 'How much the school bus costs, per school year: CNY 9,600 for a round trip every day, or CNY 5,800 for one way only (morning or afternoon), whatever the route. Students who start using the bus mid-year pay for the remaining months. Boarders can take the weekend shuttle, Friday afternoon home and Sunday evening back, for CNY 1,200 a term. Bus fees are not part of tuition; after signing up, they are billed with the next term’s fees.',
      questions: [
        'How much is the school bus?',
        'What does a one-way bus seat cost?',
        'If we start the bus mid-year, what do we pay?',
        'Is there a weekend shuttle for boarders?',
      ],
    },
  }),
  ...bilingual({
    key: 'fees.uniform-books',
    intent: 'tuition_fees',
    zh: {
      title: '校服和书本费',
      body: '新生需购买一套校服套装，约 1,800 元，包括夏装、冬装、运动服和礼服各一套，之后按需单件买。课本教材和学习材料费：幼儿园 1,200 元/年，小学至高中 2,500 元/年，国际部 4,000 元/年（含原版教材和在线学习平台）。书本费多退少补，学年末公布明细。',
      questions: ['校服多少钱', '书本费要交多少', '国际部教材费贵吗', '校服要买几套', '书本费会公布明细吗'],
    },
    en: {
      title: 'Uniform and book costs',
      body: 'A first full uniform set costs about CNY 1,800 and includes summer, winter, sports and formal wear; after that, single items can be bought as needed. Textbooks and learning materials cost, each year, CNY 1,200 in kindergarten and CNY 2,500 from primary to high school; international programme books are more expensive at CNY 4,000, which includes imported textbooks and an online learning platform. Any difference is settled at the end of the year, when an itemised statement of what the book fee was spent on is published.',
      questions: [
        'How much does the uniform cost?',
        'How much are textbooks each year?',
        'Are international programme books more expensive?',
        'Do you publish what the book fee was spent on?',
      ],
    },
  }),
  ...bilingual({
    key: 'fees.payment-refunds',
    intent: 'tuition_fees',
    zh: {
      title: '缴费时间和退费',
      body: '学费可分两期缴纳：秋季学期 7 月 15 日前，春季学期 1 月 15 日前，可通过家长平台在线支付或银行转账，不收现金。开学前退学，已交学费全额退还（录取定金除外）；开学后 4 周内退学退还当学期学费的 75%；4 周后当学期学费不退。住宿、餐费和校车费按未使用月份退还。',
      questions: [
        '学费什么时候交',
        '学费可以分期付吗',
        '退学能退学费吗',
        '怎么缴费',
        '开学后不读了钱怎么退',
        '可以交现金吗',
      ],
    },
    en: {
      title: 'Payment schedule and refunds',
      body: 'Tuition is due in two instalments: the autumn term by 15 July and the spring term by 15 January. You pay the fees online through the parent portal or by bank transfer; cash is not accepted. If a student withdraws before the first day of school, tuition paid is refunded in full, except the offer deposit. Within the first four weeks of a term, 75% of that term’s tuition is refunded; after four weeks, that term’s tuition is not refunded. Boarding, meals and bus fees are refunded for unused months.',
      questions: [
        'When is tuition due?',
        'Can we pay school fees in instalments?',
        'What is your refund policy if we withdraw?',
        'How do we pay the fees?',
        'Can we pay in cash?',
      ],
    },
  }),
  ...bilingual({
    key: 'aid.merit-scholarships',
    intent: 'scholarships_aid',
    zh: {
      title: '奖学金',
      body: '学校为初一、高一和国际部新生设立学业、艺术和体育奖学金，最多减免 50% 学费。申请人在报名时勾选奖学金申请并上传作品集或获奖证明，评估表现优异者另行面谈。奖学金按年评审，在校期间学年成绩保持年级前 20% 即可续期。每年名额约 40 个。',
      questions: [
        '有奖学金吗',
        '奖学金怎么申请',
        '奖学金最多能减免多少学费',
        '艺术特长能申请奖学金吗',
        '奖学金每年都有吗',
      ],
    },
    en: {
      title: 'Merit scholarships',
      body: 'New students entering grade 7, grade 10 or the international programme can receive academic, arts or sports scholarships of up to 50% of tuition. Tick the scholarship box when applying and upload a portfolio or award certificates; strong candidates are invited to an extra interview. Scholarships are reviewed every year and renewed while the student stays in the top 20% of the grade. About 40 scholarships are awarded each year.',
      questions: [
        'Do you offer scholarships?',
        'How do I apply for a scholarship?',
        'How much can a scholarship cover?',
        'Are there scholarships for sport or music?',
        'Does a scholarship continue every year?',
      ],
    },
  }),
  ...bilingual({
    key: 'aid.need-based',
    intent: 'scholarships_aid',
    zh: {
      title: '助学金',
      body: '家庭经济困难的学生可申请助学金，学费最多减免 80%，可与奖学金叠加但合计不超过学费全额。申请助学金需在 2027 年 3 月 31 日前（高一在中考后确认时）准备并提交材料：家庭收入证明、近一年纳税记录及情况说明。资助委员会保密审核，结果与录取通知同时发出，录取与否不受是否申请助学金影响。',
      questions: [
        '家里经济困难有助学金吗',
        '助学金要准备什么材料',
        '申请助学金会影响录取吗',
        '学费减免最多能减多少',
        '助学金什么时候申请',
      ],
    },
    en: {
      title: 'Financial aid',
      body: 'Families who cannot afford the full fees can apply for need-based aid covering up to 80% of tuition. It can be combined with a scholarship, but the total never exceeds full tuition. Send proof of household income, the last year’s tax records and a short statement by 31 March 2027, or for grade 10 when confirming after the zhongkao. A committee reviews applications in confidence, and its decision arrives with the admission decision. Applying for aid never affects whether a child is offered a place.',
      questions: [
        'Is there financial aid for families who cannot afford the fees?',
        'What do we need to apply for need-based aid?',
        'Will asking for financial aid affect admission?',
        'When is the deadline for financial aid?',
      ],
    },
  }),
  ...bilingual({
    key: 'aid.sibling-discount',
    intent: 'scholarships_aid',
    zh: {
      title: '兄弟姐妹优惠',
      body: '同一家庭有两个及以上孩子同时在读，第二个孩子学费减免 10%，第三个及以后的孩子减免 15%，按学费较低的孩子计算。优惠仅适用于学费，不含住宿、餐费和校车费。已享受 50% 以上奖学金或助学金的孩子不再叠加。报名时在家庭信息中填写在读兄弟姐妹即可。',
      questions: [
        '二胎有优惠吗',
        '兄弟姐妹一起上学学费打折吗',
        '三个孩子都在读能减多少',
        '兄弟姐妹优惠怎么申请',
      ],
    },
    en: {
      title: 'Sibling discount',
      body: 'Sibling discount: when two or more children of one family, brothers and sisters, attend at the same time, fees are reduced for the second child by 10% of tuition and for the third and any further child by 15%, applied to the child with the lower tuition. The discount covers tuition only, not boarding, meals or the bus. It does not stack with a scholarship or aid of more than 50%. To claim it, just list enrolled siblings in the family section of the application.',
      questions: [
        'Is there a sibling discount?',
        'Do brothers and sisters get reduced fees?',
        'What discount do we get for a third child?',
        'How do we claim the sibling discount?',
      ],
    },
  }),
];

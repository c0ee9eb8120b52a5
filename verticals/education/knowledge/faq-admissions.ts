import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** Who may apply to each stage of the school: age, residence and the entrance assessment. */
export const admissionFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'admissions.requirements.kindergarten',
    intent: 'admission_requirements',
    zh: {
      title: '幼儿园入园条件',
      body: '幼儿园小班招生要求：招收 2027 年 8 月 31 日前满 3 周岁的幼儿（2023 年 9 月 1 日至 2024 年 8 月 31 日出生）。中班和大班有空位时也接受插班入园。上幼儿园需要满足的条件还有：幼儿能基本自理，如自己吃饭、会表达上厕所的需求；入园前完成体检并按规定接种疫苗。入园面谈以亲子游戏观察为主，不考识字和算术。',
      questions: [
        '幼儿园小班招生要求是什么',
        '孩子几岁可以上你们幼儿园',
        '上幼儿园需要满足什么条件',
        '中班还能插班进去吗',
        '入园要不要考识字',
        '孩子还不会自己上厕所能入园吗',
      ],
    },
    en: {
      title: 'Kindergarten entry requirements',
      body: 'Kindergarten admission requirements: the nursery class (K1) admits children who are three years old by 31 August 2027, that is, born between 1 September 2023 and 31 August 2024. Places in K2 and K3 are offered when a seat becomes free. Children should manage basic self-care, such as eating on their own and telling an adult when they need the toilet; a child who is still potty training can start, and teachers help. Before the first day, a medical check-up and the required vaccinations must be complete. The admission visit is a play-based observation with a parent present; there is no test of reading or numbers.',
      questions: [
        'What are the requirements for kindergarten admission?',
        'How old does my child need to be for the nursery class?',
        'Can my child join K2 or K3 instead of K1?',
        'Is there a test for kindergarten entry?',
        'My child is not potty trained yet, can they still start?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.requirements.grade-1',
    intent: 'admission_requirements',
    zh: {
      title: '幼升小入学条件',
      body: '一年级（幼升小）招生条件：孩子须在 2027 年 8 月 31 日前满 6 周岁，即 2021 年 8 月 31 日及以前出生；符合示例市义务教育招生的户籍或居住证条件；参加入学活动评估。上一年级不考笔试，评估以游戏和小组活动观察孩子的语言表达、专注力和社交能力。本校幼儿园大班的孩子可直升小学一年级，需确认升学意向并同样参加评估。',
      questions: [
        '幼升小有什么要求',
        '一年级招生条件是什么',
        '孩子明年上小学要满足哪些条件',
        '幼升小要笔试吗',
        '本校幼儿园的孩子可以直升一年级吗',
        '上一年级要考什么',
      ],
    },
    en: {
      title: 'Grade 1 entry requirements',
      body: 'Grade 1 entry requirements: the child is six years old by 31 August 2027, meaning born on or before 31 August 2021; the family meets the residence or hukou conditions of Example City’s compulsory-education admission rules; and the child takes part in the entry activity assessment. For primary school applicants we look for language, attention and how the child plays with others, observed through games and group tasks; there is no written exam. Children in our own kindergarten K3 class go straight into grade 1 after confirming their place, and they join the same assessment.',
      questions: [
        'What are the entry requirements for grade 1?',
        'My child starts primary school next year, what do we need?',
        'Is there a written exam for grade 1?',
        'Do children from your kindergarten go straight into grade 1?',
        'What do you look for in primary school applicants?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.requirements.grade-7',
    intent: 'admission_requirements',
    zh: {
      title: '小升初入学条件',
      body: '初一（小升初）入学条件：面向 2027 年 6 月小学毕业、具有小学学籍的学生，需符合示例市义务教育阶段招生的户籍或居住证条件。需要提供小学五、六年级两年的成绩单和综合素质评价。小升初考语文、数学、英语三门笔试，各 40 分钟，另加小组面谈。本校六年级学生可申请直升初中，按同一标准评估。',
      questions: [
        '小升初招生要求有哪些',
        '初一入学需要什么条件',
        '小升初要考哪几门',
        '小学成绩单要提供几年的',
        '本校六年级可以直升初中吗',
      ],
    },
    en: {
      title: 'Grade 7 entry requirements',
      body: 'Grade 7 admission requirements: students who finish primary school in June 2027, hold a primary student record (xueji) and meet the residence or hukou conditions of Example City’s compulsory-education rules can apply for the first year of middle school. Applicants send their grade 5 and grade 6 report cards and the school’s character evaluation. The entrance test covers three subjects, Chinese, maths and English, with a 40-minute written paper each, followed by a small-group interview. Our own grade 6 students declare their wish to continue into middle school and are assessed on the same basis.',
      questions: [
        'What are the admission requirements for grade 7?',
        'What subjects are tested for middle school entry?',
        'Which report cards do you need for grade 7?',
        'Can your grade 6 students continue into middle school?',
        'Who can apply for the first year of middle school?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.requirements.grade-10',
    intent: 'admission_requirements',
    zh: {
      title: '中考后高一招生',
      body: '高一招生以 2027 年示例市中考成绩为主要依据，录取分数线在中考成绩公布后确定并公示，往年参考线为满分 750 分中的 620 分。考生需在中考志愿中填报本校（学校代码 0000），并参加一次 20 分钟面谈。体育、艺术、科技特长生可提交证书申请降分录取，降分最多 20 分。',
      questions: [
        '中考后怎么报你们高中',
        '高一录取分数线是多少',
        '中考考多少分能上你们学校',
        '特长生可以降分吗',
        '中考志愿学校代码是多少',
        '上高中要面试吗',
      ],
    },
    en: {
      title: 'Grade 10 entry after zhongkao',
      body: 'Grade 10 places are awarded mainly on the 2027 Example City senior-high entrance exam (zhongkao). The cut-off score is set and published after results are released; the reference line in past rounds was 620 out of 750. Students must list our school, code 0000, among their zhongkao choices and attend a 20-minute interview. Students with certified talent in sports, arts or science may apply for a lowered cut-off of up to 20 points.',
      questions: [
        'How do I apply for grade 10 after the zhongkao?',
        'What zhongkao score do you need for your high school?',
        'What is the cut-off score for grade 10?',
        'Do talented athletes get a lower entry score?',
        'What is your school code for the high school exam choices?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.requirements.international',
    intent: 'admission_requirements',
    zh: {
      title: '国际部入学条件',
      body: '国际部招生条件：招收六至十一年级学生，外籍学生和中国籍学生均可申请，中国籍学生须按教育主管部门规定办理相关手续。申请者需参加英语和数学入学测试（各 60 分钟）及英文面试；六至八年级英语暂未达标的，可先读一年英语强化课程。需提交近两年成绩单和一封老师推荐信。',
      questions: [
        '国际部招生条件是什么',
        '中国孩子能读国际部吗',
        '国际部要考英语吗',
        '英语不好能进国际部吗',
        '国际部需要推荐信吗',
      ],
    },
    en: {
      title: 'International programme requirements',
      body: 'Entry requirements for the international programme: students in grades 6 to 11 can apply. Both foreign passport holders and Chinese citizens may join the international section; Chinese nationals complete the extra steps required by the education authority. Applicants take an English test and a maths test, 60 minutes each, and an interview in English. A student whose English is still weak can get in through a one-year intensive English course in grades 6 to 8. Please send report cards from the last two years and one teacher recommendation letter.',
      questions: [
        'What are the entry requirements for the international programme?',
        'Can Chinese citizens join the international section?',
        'Is there an English test for the international programme?',
        'My child’s English is weak, can they still get in?',
        'Do you need a recommendation letter?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.age-cutoff',
    intent: 'admission_requirements',
    zh: {
      title: '入学年龄截止日期',
      body: '入学年龄截止日期是每年 8 月 31 日：2027 年秋季入学，一年级须在 2027 年 8 月 31 日前满 6 周岁，幼儿园小班须满 3 周岁。九月份（9 月 1 日及以后）出生的孩子需等到下一年入学，学校不接受提前入学申请。年龄以出生证明和户口本上的出生日期为准。',
      questions: [
        '入学年龄按几月几号算',
        '孩子九月份出生能上一年级吗',
        '8月31日之后出生的怎么办',
        '可以提前一年上学吗',
        '年龄截止日期是哪天',
      ],
    },
    en: {
      title: 'Age cut-off date',
      body: 'Our age cut-off is 31 August each year. For entry in autumn 2027, a grade 1 child must be six by 31 August 2027 and a kindergarten nursery child must be three by the same date. Children born on or after 1 September join the following year; the school does not accept early-entry requests. Age is taken from the date on the birth certificate and the household register or passport.',
      questions: [
        'What is the age cut-off date for starting school?',
        'My child was born in September, can they start grade 1?',
        'Can my child start school a year early?',
        'Which date do you use to calculate age?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.residence',
    intent: 'admission_requirements',
    zh: {
      title: '户籍和居住证要求',
      body: '一年级和初一属于义务教育阶段，需符合示例市招生政策：孩子为示例市户籍；或外地户口、父母一方持有效示例市居住证且在本市连续缴纳社保满 12 个月。高一按中考报名地确认资格。幼儿园和国际部不要求本地户口。外地户籍家庭请准备居住证、社保缴纳证明和房产证或租房备案证明。',
      questions: [
        '没有本地户口能报名吗',
        '外地户口可以上一年级吗',
        '居住证要办多久才能入学',
        '社保要交满多长时间',
        '国际部有户口要求吗',
        '幼儿园要本地户口吗',
      ],
    },
    en: {
      title: 'Hukou and residence rules',
      body: 'Grade 1 and grade 7 are compulsory-education entry points, so you apply under Example City’s admission policy: the child has Example City hukou (household registration), or one parent holds a valid Example City residence permit and has paid social insurance in the city for 12 consecutive months. Without a local hukou you can still apply on that basis. For grade 10, eligibility follows where the student registered for the zhongkao. The kindergarten and the international programme have no hukou or residence requirement. Families without local hukou should prepare the residence permit, social insurance record and property deed or registered lease.',
      questions: [
        'Can we apply without a local hukou?',
        'Do we need Example City household registration for grade 1?',
        'How long must we pay social insurance in the city?',
        'Is there a residence requirement for the international programme?',
        'We only have a residence permit, is that enough?',
      ],
    },
  }),
  ...bilingual({
    key: 'admissions.assessment',
    intent: 'admission_requirements',
    zh: {
      title: '入学评估',
      body: '入学评估考什么按学段而定：幼儿园为 30 分钟亲子游戏观察；一年级为 40 分钟小组活动，不考笔试；初一和二至九年级插班考语文、数学、英语笔试；国际部为英语、数学测试加英文面试。评估时间在审核通过后短信通知。内容不超出所在年级课程，无需上培训班。评估结果与录取结果一起发布，不单独公布入学考试分数。',
      questions: [
        '入学评估考什么',
        '入学测试怎么安排',
        '需要提前上培训班准备测试吗',
        '评估结果什么时候出',
        '能查到入学考试分数吗',
      ],
    },
    en: {
      title: 'Entrance assessment',
      body: 'How the admission test is organised depends on the stage: a 30-minute play observation with a parent for kindergarten; a 40-minute group activity with no written test for grade 1; written papers in Chinese, maths and English for grade 7 and for transfers into grades 2 to 9; English and maths tests plus an interview in English for the international programme. All assessments take place on campus, and the date is sent by text message once the application passes review. Content stays within the curriculum of the child’s grade, so no tutoring classes are needed before the test. When decisions are released, you get the assessment results with them; individual scores are not published.',
      questions: [
        'What is in the entrance assessment?',
        'How is the admission test organised?',
        'Should my child take tutoring classes before the test?',
        'When will we get the assessment results?',
        'Can we see our child’s test scores?',
      ],
    },
  }),
];

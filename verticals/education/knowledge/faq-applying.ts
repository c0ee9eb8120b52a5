import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** Applying for the 2027 intake: the online steps, the dates per stage and the documents. */
export const applyingFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'apply.online-steps',
    intent: 'application_process',
    zh: {
      title: '网上报名步骤',
      body: '报名流程全部在线完成：1. 登录招生报名网站 apply.school.example，用家长手机号和短信验证码注册；2. 填写学生和监护人信息并勾选监护人同意书；3. 按学段上传材料；4. 缴纳报名费 300 元（不退）；5. 在平台提交入学申请，5 个工作日内完成审核，之后预约评估时间。提交前可随时保存草稿，提交后修改需联系招生办。',
      questions: [
        '怎么网上报名',
        '报名流程是怎样的',
        '在哪里提交入学申请',
        '报名费多少钱',
        '提交后还能修改报名信息吗',
        '报名网站是哪个',
      ],
    },
    en: {
      title: 'How to apply online',
      body: 'The application process has five steps, all online. 1. Go to apply.school.example and register with a parent’s mobile number and a text-message code. 2. Enter the student’s and guardians’ details and tick the guardian consent. 3. Upload the documents for your stage. 4. Pay the non-refundable application fee of CNY 300; that is how much applying costs. 5. Submit; the admissions office reviews the application within 5 working days, after which you choose an assessment time. You can save a draft at any point; after submitting, contact the admissions office to change anything.',
      questions: [
        'How do I apply online?',
        'What are the steps of the application process?',
        'Where do I submit an application?',
        'How much is the application fee?',
        'Can I edit my application after submitting it?',
      ],
    },
  }),
  ...bilingual({
    key: 'deadlines.kindergarten-primary',
    intent: 'application_deadline',
    zh: {
      title: '幼儿园和一年级报名时间',
      body: '2027 年秋季入学的幼儿园和幼升小（一年级）报名时间：2026 年 11 月 1 日开始网上报名，2027 年 3 月 15 日 17:00 截止；评估在 2027 年 4 月的周六进行；4 月 30 日前出录取结果。错过报名时间的，若截止后仍有空位，报名平台会开放补报（补录），请留意公告。',
      questions: [
        '幼升小什么时候报名',
        '幼儿园报名截止到什么时候',
        '一年级报名几号截止',
        '幼儿园什么时候出录取结果',
        '错过报名时间还能补报吗',
      ],
    },
    en: {
      title: 'Kindergarten and grade 1 dates',
      body: 'Kindergarten and grade 1 application dates for entry in autumn 2027: applications open online on 1 November 2026, and the deadline is 17:00 on 15 March 2027. Assessments take place on Saturdays in April 2027, and offers are released by 30 April 2027. If you missed the deadline and places remain, you can still apply late: a late round opens on the application portal; watch the notices there.',
      questions: [
        'When is the deadline for grade 1 applications?',
        'When do kindergarten applications open?',
        'When will kindergarten offers be released?',
        'I missed the deadline, can I still apply late?',
      ],
    },
  }),
  ...bilingual({
    key: 'deadlines.secondary',
    intent: 'application_deadline',
    zh: {
      title: '初一和高一报名时间',
      body: '小升初（初一）报名时间：2026 年 12 月 1 日至 2027 年 3 月 31 日网上报名，报名截止日期为 3 月 31 日；5 月中旬评估，5 月 31 日前发布结果。高中（高一）：2027 年 3 月 1 日至 7 月 10 日预报名，中考出分后 3 天内在平台确认，7 月 25 日前出录取结果。具体时间如随示例市教育部门政策调整，以报名平台公告为准。',
      questions: [
        '小升初报名时间是什么时候',
        '初一报名截止日期',
        '高一什么时候预报名',
        '中考出分后多久要确认',
        '高中录取结果几号出',
      ],
    },
    en: {
      title: 'Grade 7 and grade 10 dates',
      body: 'Grade 7 application deadline: apply online from 1 December 2026 until 31 March 2027; assessments are held in mid-May and results come out by 31 May 2027. High school (grade 10): pre-register from 1 March to 10 July 2027, confirm on the portal within 3 days after the zhongkao results, and admission results come out by 25 July 2027. If Example City’s education authority changes its calendar, the notice on the application portal applies.',
      questions: [
        'When is the grade 7 application deadline?',
        'When can we pre-register for grade 10?',
        'How soon after zhongkao results must we confirm?',
        'When do high school admission results come out?',
      ],
    },
  }),
  ...bilingual({
    key: 'deadlines.international',
    intent: 'application_deadline',
    zh: {
      title: '国际部报名时间',
      body: '国际部 2027 年秋季入学采用滚动录取：2026 年 10 月 15 日开放报名，2027 年 1 月 31 日为优先截止日，此前提交的申请在 2 月底前收到结果；最终报名截止日期为 2027 年 4 月 30 日，之后仅在有空位时受理。学年中途插班可随时申请。',
      questions: [
        '国际部报名截止日期是哪天',
        '国际部是滚动录取吗',
        '国际部优先截止日是什么时候',
        '国际部四月以后还能申请吗',
      ],
    },
    en: {
      title: 'International programme dates',
      body: 'The international programme deadline works on rolling admissions for autumn 2027. Applications open on 15 October 2026. The priority deadline is 31 January 2027, and applications received by then get a decision by the end of February. The final deadline is 30 April 2027; after April you can still apply, but applications are considered only when a place is free. Mid-year entry can be requested at any time.',
      questions: [
        'What is the deadline for the international programme?',
        'Does the international section have rolling admissions?',
        'When is the priority deadline for the international programme?',
        'Can we still apply to the international programme after April?',
      ],
    },
  }),
  ...bilingual({
    key: 'documents.kindergarten-primary',
    intent: 'required_documents',
    zh: {
      title: '幼儿园和一年级报名材料',
      body: '幼升小和幼儿园报名需要准备并上传以下材料和证件：户口本（户主页和孩子页）、出生医学证明、预防接种证（含接种记录页）、监护人身份证、房产证或租房备案证明、孩子近 6 个月白底证件照片一张。外地户籍另需居住证和社保缴纳证明。文件为 JPG 或 PDF，每份不超过 10 MB。材料原件在评估当天核验。',
      questions: [
        '幼升小需要准备哪些材料',
        '报幼儿园要带什么证件',
        '预防接种证要上传哪几页',
        '要交几张照片',
        '租房子的要什么证明',
        '原件什么时候核验',
      ],
    },
    en: {
      title: 'Documents for kindergarten and grade 1',
      body: 'Documents and papers needed to apply for kindergarten and grade 1: the household register (hukou booklet, head-of-household page and the child’s page), the birth certificate, the vaccination record booklet including the record pages, the guardians’ ID cards, proof of address (the property deed, or a registered lease if you rent your home), and one recent photo of the child on a white background, taken in the last six months. Families without local hukou add the residence permit and the social insurance record. Files may be JPG or PDF, up to 10 MB each. Originals are checked on the assessment day.',
      questions: [
        'What documents do I need for grade 1?',
        'What papers are needed to apply for kindergarten?',
        'Which pages of the vaccination booklet should I upload?',
        'What kind of photo does my child need?',
        'We rent our home, what proof of address do you accept?',
      ],
    },
  }),
  ...bilingual({
    key: 'documents.secondary',
    intent: 'required_documents',
    zh: {
      title: '初一和高一报名材料',
      body: '小升初和高一报名需要准备：户口本、身份证或出生证明、监护人身份证和照片；学籍证明，即全国学籍系统中的学籍信息页，由原学校开具并盖章；近两年成绩单；综合素质评价或获奖证书可选上传。高一另需中考准考证和成绩单。成绩单需盖原学校公章，复印件无效。',
      questions: [
        '小升初要交哪些材料',
        '高一报名需要准备什么',
        '学籍证明去哪里开',
        '成绩单要盖章吗',
        '获奖证书要不要上传',
      ],
    },
    en: {
      title: 'Documents for grades 7 and 10',
      body: 'Documents needed for grade 7 and grade 10: the household register, the student’s ID card or birth certificate, the guardians’ ID cards and a photo; the student record (xueji) printout from the national student record system, which you get from the current school, printed and stamped; report cards for the last two years; and, optionally, you may upload character evaluations or award certificates. Grade 10 applicants also send the zhongkao admission ticket and score report. Report cards and transcripts need the current school’s official stamp; unstamped copies are not accepted.',
      questions: [
        'What documents are needed for grade 7 or grade 10?',
        'Where do we get the student record (xueji) printout?',
        'Do transcripts need a school stamp?',
        'Should we upload award certificates?',
      ],
    },
  }),
  ...bilingual({
    key: 'documents.foreign-nonlocal',
    intent: 'required_documents',
    zh: {
      title: '外籍和外地学生材料',
      body: '外国孩子（外籍学生）报名需要的材料：护照及有效签证或居留许可、监护人护照、原学校近两年成绩单（非中英文需附翻译件）、疫苗接种记录、境外学校转学证明。港澳台学生提供回乡证或台胞证。外地转来的学生需准备居住证、社保证明及原学校学籍信息。外文材料的翻译件需由翻译机构盖章。',
      questions: [
        '外国孩子报名需要什么材料',
        '外籍学生要交护照吗',
        '国外成绩单需要翻译吗',
        '港澳台学生要提供什么证件',
        '外地转来的学生要准备哪些材料',
      ],
    },
    en: {
      title: 'Documents for foreign applicants',
      body: 'Documents foreign students need: a passport with a valid visa or residence permit, the guardians’ passports, report cards from the last two years (school reports in other languages need translating into Chinese or English by a certified translation agency, with its stamp), the vaccination record and a leaving certificate from the previous school abroad. Students from Hong Kong, Macao and Taiwan provide their mainland travel permit. Students moving from another Chinese city provide the residence permit, the social insurance record and their student record from the previous school.',
      questions: [
        'What documents do foreign students need?',
        'Do you need my child’s passport and visa?',
        'Do school reports in other languages need translating?',
        'What do students moving from another Chinese city need to provide?',
      ],
    },
  }),
];

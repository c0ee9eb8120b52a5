import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/** After applying: the stages of an application, how to follow them, offers and the waitlist. */
export const statusFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'status.stages',
    intent: 'application_status',
    zh: {
      title: '申请状态说明',
      body: '申请状态依次为：已提交（材料已收到）→ 审核中（意思是招生办正在核对材料，审核需要 5 个工作日，材料不全会短信通知补交）→ 已安排评估（评估时间已确定）→ 已录取、候补或未录取 → 已入学（缴纳定金并完成注册）。每次状态变化都会短信通知监护人。“审核中”超过 5 个工作日，可联系招生办查询。',
      questions: [
        '申请状态都有哪些',
        '审核中是什么意思',
        '已安排评估是什么状态',
        '审核要多长时间',
        '材料不全会怎么样',
      ],
    },
    en: {
      title: 'Application stages',
      body: 'What the application statuses mean: submitted means the documents were received; under review means the admissions office is checking them, and the review takes up to 5 working days (if a document is missing, you get a text message asking for it); assessment scheduled means the date and time are fixed; then comes offer, waitlist or not offered; and finally enrolled, once the deposit is paid and registration done. Guardians receive a text message at every change of status. If an application stays under review for more than 5 working days, please contact the admissions office.',
      questions: [
        'What do the application statuses mean?',
        'What does under review mean?',
        'How long does the review take?',
        'What happens if a document is missing?',
      ],
    },
  }),
  ...bilingual({
    key: 'status.check',
    intent: 'application_status',
    zh: {
      title: '查询申请进度',
      body: '查询申请进度：登录报名平台 apply.school.example，用报名时的家长手机号和短信验证码进入“我的申请”，即可查看审核是否通过和评估时间，录取结果也在这里看。为保护孩子信息，电话和在线咨询中只向已验证身份的监护人说明进度，需核对报名编号和手机验证码。平台上也可以下载录取通知书。',
      questions: [
        '怎么查询申请进度',
        '我的报名审核通过了吗',
        '在哪里看录取结果',
        '打电话能查进度吗',
        '报名编号忘了怎么办',
      ],
    },
    en: {
      title: 'Checking your application',
      body: 'To check your application status, sign in to apply.school.example with the parent mobile number used for the application and a text-message code, then open My application to see whether it has been approved yet, the current stage, the assessment time and the admission decision. You can also download the offer letter there. To protect children’s data, staff give progress by phone or chat only to a verified guardian, after checking the application number and a code sent to that phone.',
      questions: [
        'How can I check my application status?',
        'Has my application been approved yet?',
        'Where can I see the admission decision?',
        'Can you tell me my application status over the phone?',
      ],
    },
  }),
  ...bilingual({
    key: 'offer.next-steps',
    intent: 'application_status',
    zh: {
      title: '录取后怎么办',
      body: '被录取后接下来：请在 10 个工作日内在平台确认入学并缴纳定金 10,000 元，定金抵扣第一学期学费，放弃入学不退。逾期未确认视为放弃，名额转给候补学生。2027 年 8 月 16 日至 20 日为新生注册周：核验材料原件、体检、领取校服和课本、参加家长说明会。2027 年 9 月 1 日正式开学。',
      questions: [
        '被录取了接下来做什么',
        '定金要交多少',
        '录取后多久要确认',
        '定金能退吗',
        '新生注册是哪几天',
        '什么时候开学',
      ],
    },
    en: {
      title: 'After an offer',
      body: 'What happens next after you get an offer: confirm the place on the portal and pay the CNY 10,000 deposit within 10 working days. The deposit counts towards the first term’s tuition and is not refunded if you decline the place later. An offer not confirmed in time lapses and goes to the waitlist. Registration week is 16 to 20 August 2027: original documents are checked, the health check is done, uniforms and books are collected and parents attend a briefing. School starts on 1 September 2027.',
      questions: [
        'We got an offer, what happens next?',
        'How much is the deposit to accept a place?',
        'How long do we have to accept the offer?',
        'Is the deposit refundable?',
        'When is registration week?',
      ],
    },
  }),
  ...bilingual({
    key: 'status.waitlist',
    intent: 'application_status',
    zh: {
      title: '候补名单',
      body: '名额已满时，评估合格的学生进入候补名单，按评估结果排序。有学生放弃名额时，学校按顺序短信和电话通知候补家庭，需在 3 个工作日内确认。候补到 2027 年 9 月 15 日结束，不收取任何费用，不用交钱，期间可同时接受其他学校的录取。不再需要候补可在平台上撤回。',
      questions: [
        '进入候补名单是什么意思',
        '候补还有机会录取吗',
        '候补排第几能查到吗',
        '候补要交钱吗',
        '候补到什么时候结束',
      ],
    },
    en: {
      title: 'The waitlist',
      body: 'Being on the waitlist means the grade is full but your child passed the assessment. Waitlisted students are ranked by their assessment results, and the chances of getting in depend on how many families decline: when a place is declined, the school contacts waitlisted families in order by text message and phone, and the family has 3 working days to accept. The waitlist closes on 15 September 2027, costs nothing, and you may accept another school’s offer meanwhile. You can withdraw from the waitlist on the portal.',
      questions: [
        'What does being on the waitlist mean?',
        'What are the chances of getting in from the waitlist?',
        'Do we pay anything to stay on the waitlist?',
        'When does the waitlist close?',
      ],
    },
  }),
];

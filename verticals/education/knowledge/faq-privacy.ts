import type { FaqSeed } from '../../../core/index.ts';
import { bilingual } from './faq-seed.ts';

/**
 * Reaching the school and what it does with a family's data: contact, protection, guardian
 * consent, who sees an application and who did, retention, and complaints.
 */
export const contactPrivacyFaqs: readonly FaqSeed[] = [
  ...bilingual({
    key: 'contact.admissions-office',
    zh: {
      title: '联系招生办',
      body: '招生办公室位于示例市学府路 8 号 A 座一层，电话 400-000-0000，邮箱 admissions@school.example。办公时间：周一至周五 8:30–17:00；报名季（11 月至次年 4 月）周六 9:00–12:00 也有值班。在线咨询随时可留言，工作时间内由招生老师接待，非工作时间留言会在下一个工作日回复。',
      questions: [
        '招生办电话多少',
        '怎么联系招生老师',
        '招生办在哪里办公',
        '招生办周末上班吗',
        '招生办邮箱是什么',
      ],
    },
    en: {
      title: 'Contact admissions',
      body: 'Contact the admissions team: the admissions office is on the ground floor of Building A, 8 Academy Road, Example City. The phone number is 400-000-0000 and the email admissions@school.example. Office hours are Monday to Friday 8:30–17:00, plus Saturday 9:00–12:00 during the admissions season from November to April. You can also leave a chat message at any time: admissions officers answer during office hours, and messages left outside them are answered on the next working day.',
      questions: [
        'What is the admissions office phone number?',
        'How can I contact the admissions team?',
        'Where is the admissions office?',
        'Is the admissions office open on Saturdays?',
        'What is the admissions email address?',
      ],
    },
  }),
  ...bilingual({
    key: 'privacy.data-protection',
    zh: {
      title: '申请信息如何保护',
      body: '孩子的信息安全是招生工作的前提。学校依照《个人信息保护法》处理申请资料，只收集招生必需的内容。姓名、身份证号、联系方式和健康信息在系统中加密存储，工作人员看到的是按岗位脱敏后的信息，每次查看和修改都留有防篡改的访问记录。个人信息只用于招生，不出售、不提供给培训机构等第三方。',
      questions: [
        '孩子的信息安全吗',
        '你们怎么保护申请资料',
        '报名信息会泄露给培训机构吗',
        '身份证号会加密吗',
        '个人信息用来做什么',
      ],
    },
    en: {
      title: 'How applicant data is protected',
      body: 'Your child’s data is kept safe: the school handles application data under China’s Personal Information Protection Law and collects only what admission needs. Names, ID numbers, contact details and health information are stored encrypted, staff see them masked according to their role, and every view or change is kept in a tamper-evident access record. The data is used for admission only and is never sold or passed to tutoring companies or other third parties.',
      questions: [
        'Is my child’s data safe with you?',
        'How do you protect application information?',
        'Will my details be shared with tutoring companies?',
        'Are ID numbers stored encrypted?',
        'What is my personal data used for?',
      ],
    },
  }),
  ...bilingual({
    key: 'privacy.guardian-consent',
    zh: {
      title: '未满十四岁监护人同意',
      body: '不满 14 周岁儿童的个人信息属于敏感个人信息，必须由父母或其他法定监护人填写申请并勾选监护人同意书，孩子不能自己报名。同意书说明收集哪些信息、用途和保存期限。监护人可随时在平台撤回同意，撤回后学校将停止处理并终止该申请。',
      questions: [
        '孩子能自己报名吗',
        '监护人同意书是什么',
        '为什么要家长同意',
        '可以撤回同意吗',
        '不满14岁的信息怎么处理',
      ],
    },
    en: {
      title: 'Guardian consent for under-14s',
      body: 'A child cannot apply on their own. Personal data of children under 14 is sensitive personal data, so the application must be made by a parent or other legal guardian who ticks the guardian consent. The consent explains what is collected, why, and for how long it is kept. A guardian can withdraw consent on the portal at any time; the school then stops processing and closes the application.',
      questions: [
        'Can my child apply on their own?',
        'What is the guardian consent form?',
        'Why do you need parental consent?',
        'Can I withdraw my consent?',
      ],
    },
  }),
  ...bilingual({
    key: 'privacy.who-can-see',
    zh: {
      title: '谁能看到申请',
      body: '申请资料只有负责该学段的招生老师可以查看；面试老师只能看到面谈所需的基本信息；财务只看到缴费相关信息；孩子入学前，班主任和任课老师看不到申请资料。学校管理员默认也不能查看孩子的个人信息，特殊情况需审批并限时开放，事后复核。',
      questions: [
        '谁能看到我的申请资料',
        '老师能看到孩子的报名信息吗',
        '面试老师知道我们家的情况吗',
        '学校管理员能看申请吗',
      ],
    },
    en: {
      title: 'Who can see an application',
      body: 'Only the admissions officers for the child’s school section can open an application. Interviewers know just the basic details the interview needs, not your family’s wider information; the finance office sees only payment information; class teachers see nothing of the application before the child enrols. School administrators cannot read children’s personal data by default either: access in an exceptional case must be approved, is time-limited and is reviewed afterwards.',
      questions: [
        'Who can see my application?',
        'Can teachers read my child’s application?',
        'What do the interviewers know about our family?',
        'Can school administrators view applications?',
      ],
    },
  }),
  ...bilingual({
    key: 'privacy.access-record',
    zh: {
      title: '查询谁看过申请',
      body: '监护人可以申请查询孩子申请资料的访问记录：在家长平台“隐私”页提交申请，或发邮件至 privacy@school.example。学校在 15 个工作日内提供清单，列出查看或修改的时间、操作类型和工作人员岗位。对记录有疑问可联系学校个人信息保护负责人。',
      questions: [
        '能查到谁看过我孩子的资料吗',
        '怎么查询访问记录',
        '个人信息保护负责人怎么联系',
        '访问记录多久能给我',
      ],
    },
    en: {
      title: 'Who accessed my application',
      body: 'A guardian can find out who has accessed or looked at their child’s application: request the access record on the Privacy page of the parent portal or email privacy@school.example. It takes at most 15 working days to get the list, which shows when the data was viewed or changed, what was done and the role of the staff member. To ask questions about the list, contact the school’s data protection officer at the same address.',
      questions: [
        'Can I find out who looked at my child’s data?',
        'How do I request the access log?',
        'How do I contact your data protection officer?',
        'How long does it take to get the access record?',
      ],
    },
  }),
  ...bilingual({
    key: 'privacy.retention',
    zh: {
      title: '未录取资料的保存和删除',
      body: '未录取的申请资料在本轮招生结束后保存 6 个月用于答复咨询，2027 年入学的未录取资料将于 2028 年 3 月 1 日前删除；候补学生资料在候补结束后同样保存 6 个月。监护人也可以随时在平台申请提前删除，学校在 15 个工作日内完成并告知。删除后访问记录只保留匿名编号。',
      questions: ['没录取的资料会删除吗', '申请资料保存多久', '可以要求删除孩子的信息吗', '删除申请要多久'],
    },
    en: {
      title: 'Keeping and deleting applications',
      body: 'Applications that did not lead to an offer are kept for six months after the admissions round to answer questions, so unsuccessful applications for the 2027 intake are deleted by 1 March 2028; waitlist applications are kept for six months after the waitlist closes. Guardians can ask on the portal for earlier deletion at any time, and the school completes it within 15 working days and confirms. After deletion, the access record keeps only an anonymous reference.',
      questions: [
        'Do you delete applications that were not successful?',
        'How long do you keep application data?',
        'Can I ask you to delete my child’s information?',
        'How long does deletion take?',
      ],
    },
  }),
  ...bilingual({
    key: 'feedback.complaints',
    intent: 'complaint',
    zh: {
      title: '投诉和建议',
      body: '对招生或学校服务有意见，可以在线咨询中说明，或在家长平台“意见反馈”提交，也可致电 400-000-0001 或发邮件至 feedback@school.example，支持匿名。学校 2 个工作日内确认收到，10 个工作日内书面答复。对答复不满意，可申请由校长办公室复核。',
      questions: ['我要投诉', '怎么提意见', '投诉多久能有答复', '可以匿名反馈吗', '对处理结果不满意怎么办'],
    },
    en: {
      title: 'Complaints and feedback',
      body: 'If you are unhappy with admissions or any school service, tell us in the chat, use Feedback on the parent portal, call 400-000-0001 or email feedback@school.example; anonymous feedback is accepted. The school acknowledges a complaint within 2 working days and replies in writing within 10 working days. If you are not satisfied with the reply, you can ask the principal’s office to review it.',
      questions: [
        'I want to make a complaint',
        'How can I give feedback to the school?',
        'How long does it take to answer a complaint?',
        'Can I give feedback anonymously?',
        'What if I am not happy with the answer to my complaint?',
      ],
    },
  }),
];

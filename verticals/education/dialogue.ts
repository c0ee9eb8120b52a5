import type { ConversationPack } from '../../core/index.ts';

/**
 * How the school's admissions desk speaks and behaves: its texts in both languages, thresholds,
 * the intents that work anywhere, fixed replies, and the defaults of classification and roles.
 * A school has no emergency intent: a child at risk is raised by the safety rules of the NLU, if
 * the tenant configures any, and by staff.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const educationDialogue: ConversationPack['dialogue'] = {
  texts: {
    greeting: t(
      '您好！这里是示例实验学校招生咨询。我可以解答招生条件、报名流程、截止日期、学费和奖助学金等问题，帮您预约校园参观或入学面谈、查询申请进度、登记转学咨询。请问有什么可以帮您？',
      'Hello! This is the admissions desk of Custos Demo School. I can answer questions about entry requirements, how to apply, deadlines, fees and financial aid, book a campus tour or an admission interview, check an application’s status, and register a transfer enquiry. How can I help?',
    ),
    fallback: t(
      '抱歉，我没有完全理解。可以换个说法吗？比如“一年级招生条件”“预约参观”“查询录取结果”。也可以说“转人工”联系招生老师。',
      'Sorry, I did not quite understand. Could you put it another way, e.g. "grade 1 entry requirements", "book a campus tour" or "check my application"? You can also say "talk to a person" to reach the admissions office.',
    ),
    offerHuman: t('需要为您转接招生老师吗？', 'Would you like me to connect you with the admissions office?'),
    handoff: t(
      '好的，正在为您转接招生老师，请稍候。老师会看到我们刚才的对话。非工作时间的留言会在下一个工作日回复。',
      'All right, I am connecting you with the admissions office. They will see our conversation so far; messages sent outside office hours are answered the next working day.',
    ),
    goodbye: t(
      '感谢您对示例实验学校的关注，再见！',
      'Thank you for your interest in Custos Demo School. Goodbye!',
    ),
    timeout: t(
      '由于长时间没有回复，刚才的办理已结束，保留的时间已释放。',
      'As there was no reply for a while, the previous request was closed and any held time released.',
    ),
    // Not raised by this pack (no emergency intent); said only if a tenant adds safety rules.
    safety: t(
      '您描述的情况可能涉及孩子的安全。如有紧急危险，请立即拨打 110 或 120。我已为您紧急转接学校工作人员。',
      'What you describe may concern a child’s safety. If anyone is in immediate danger, call 110 or 120 now. I am connecting you with school staff urgently.',
    ),
    cancelled: t('好的，已取消。还有什么可以帮您？', 'All right, cancelled. Anything else I can help with?'),
    anythingElse: t('好的。还有什么可以帮您？', 'All right. Anything else I can help with?'),
    restarted: t('好的，我们重新开始。', 'All right, let us start again.'),
    portError: t('抱歉，系统暂时无法完成办理。', 'Sorry, the system could not complete this just now.'),
  },
  intentThreshold: 0.45,
  knowledgeThreshold: 0.45,
  timeoutMinutes: 15,
  maxFallbacks: 2,
  // The school's intents have no cancel or restart: "不用了" at a confirmation is a "no".
  globalIntents: {
    greeting: 'greeting',
    goodbye: 'goodbye',
    human: 'human_agent',
  },
  autoReplies: [
    {
      intent: 'complaint',
      text: t(
        '非常抱歉给您带来不好的体验。可以直接在这里描述经过，我会转给学校；也可以在家长平台“意见反馈”提交、致电 400-000-0001 或发邮件至 feedback@school.example。学校会在 2 个工作日内确认收到、10 个工作日内书面答复。需要现在转接工作人员吗？',
        'We are sorry for your experience. Tell me what happened here and I will pass it on, or use "Feedback" on the parent portal, call 400-000-0001 or e-mail feedback@school.example. The school acknowledges within 2 working days and replies in writing within 10. Shall I connect you with a member of staff now?',
      ),
    },
    {
      intent: 'out_of_scope',
      text: t(
        '抱歉，这个问题我帮不上忙。我可以解答招生、报名、学费和校园生活的问题，预约参观或面谈，查询申请进度。',
        'Sorry, I cannot help with that. I can answer questions about admissions, applying, fees and school life, book a tour or an interview, and check an application’s status.',
      ),
      suggestions: {
        'zh-CN': ['招生条件', '预约参观', '学费多少'],
        en: ['Entry requirements', 'Book a campus tour', 'School fees'],
      },
    },
  ],
};

/**
 * Fields of the admissions desk. Everything about a child is part of the education record
 * (FERPA 34 CFR 99.3; a minor's data under PIPL Art. 28/31); the guardian's own contact details
 * are PII. Health information never belongs in a chat with the admissions desk.
 */
export const educationClassification: ConversationPack['classification'] = [
  { field: 'contact.displayName', classification: 'pii', mask: 'name' },
  { field: 'contact.phone', classification: 'pii', mask: 'mobile' },
  { field: 'contact.email', classification: 'pii', mask: 'email' },
  { field: 'contact.nationalId', classification: 'pii', mask: 'resident_id' },
  { field: 'contact.studentNumber', classification: 'student_record', mask: 'identifier' },
  { field: 'application.applicantNumber', classification: 'student_record', mask: 'identifier' },
  { field: 'application.childName', classification: 'student_record', mask: 'name' },
  { field: 'application.childBirthDate', classification: 'student_record', mask: 'date_of_birth' },
  { field: 'application.grade', classification: 'student_record', mask: 'generic' },
  { field: 'application.program', classification: 'student_record', mask: 'generic' },
  { field: 'application.stage', classification: 'student_record', mask: 'generic' },
  { field: 'application.guardianName', classification: 'pii', mask: 'name' },
  { field: 'application.guardianPhone', classification: 'pii', mask: 'mobile' },
  { field: 'slot.applicant_number', classification: 'student_record', mask: 'identifier' },
  { field: 'slot.child_birth_date', classification: 'student_record', mask: 'date_of_birth' },
  { field: 'slot.application_grade', classification: 'student_record', mask: 'generic' },
  { field: 'slot.status', classification: 'student_record', mask: 'generic' },
  { field: 'slot.grade', classification: 'student_record', mask: 'generic' },
  { field: 'slot.current_grade', classification: 'student_record', mask: 'generic' },
  { field: 'slot.current_city', classification: 'student_record', mask: 'generic' },
  { field: 'slot.date', classification: 'student_record', mask: 'generic' },
  { field: 'slot.slot', classification: 'student_record', mask: 'generic' },
  { field: 'slot.part', classification: 'internal' },
  { field: 'slot.group_size', classification: 'internal' },
  { field: 'slot.hold_id', classification: 'internal' },
  { field: 'slot.hold_key', classification: 'internal' },
  { field: 'slot.consent_id', classification: 'internal' },
  { field: 'slot.name', classification: 'pii', mask: 'name' },
  { field: 'slot.phone', classification: 'pii', mask: 'mobile' },
  { field: 'appointment.note', classification: 'student_record', mask: 'generic' },
  { field: 'message.body', classification: 'student_record', mask: 'generic' },
  { field: 'consent.version', classification: 'internal' },
  { field: 'queue.id', classification: 'internal' },
];

export const educationRolePresets: ConversationPack['rolePresets'] = [
  {
    name: 'admissions-officer',
    roles: ['admissions_officer'],
    description: t(
      '招生老师：仅限本校、仅限申请学生的招生资料；处理转人工会话，代家长预约参观和面谈；看不到健康信息',
      'Admissions officer: their own school’s applicants only; takes handed-off chats and books tours and interviews for families; never sees health information',
    ),
  },
  {
    name: 'admissions-desk-agent',
    roles: ['agent'],
    description: t(
      '招生咨询客服：处理转人工会话和一般咨询；孩子的信息脱敏显示，不查看申请资料',
      'Admissions desk agent: takes handed-off chats and general questions; children’s details are masked and application files are out of reach',
    ),
  },
  {
    name: 'admissions-supervisor',
    roles: ['supervisor'],
    description: t(
      '招生主管：队列、坐席与服务水平监控，重新分配会话',
      'Admissions supervisor: queues, agents and service levels; reassigns conversations',
    ),
  },
  {
    name: 'privacy-auditor',
    roles: ['auditor'],
    description: t(
      '审计员：验证与导出审计日志，不查看学生资料内容',
      'Auditor: verifies and exports the audit log; does not read student records',
    ),
  },
];

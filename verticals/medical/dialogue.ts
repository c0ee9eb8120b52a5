import type { ConversationPack } from '../../core/index.ts';

/**
 * How the hospital's assistant speaks and behaves: its texts in both languages, thresholds, the
 * intents that work anywhere, fixed replies, and the defaults of classification and roles.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const medicalDialogue: ConversationPack['dialogue'] = {
  texts: {
    greeting: t(
      '您好！我是示例综合医院的智能导诊助手，可以帮您预约挂号、改约或取消，推荐就诊科室，解答门诊时间、医保、检查报告等问题。请问有什么可以帮您？',
      'Hello! I am the assistant of Custos Demo General Hospital. I can book, move or cancel appointments, suggest a department for your symptoms, and answer questions about opening hours, insurance, test reports and more. How can I help?',
    ),
    fallback: t(
      '抱歉，我没有完全理解。可以换个说法吗？比如“预约心内科”“孩子发烧挂哪个科”。也可以说“转人工”。',
      'Sorry, I did not quite understand. Could you put it another way, e.g. "book cardiology" or "which department for a child with fever"? You can also say "talk to a person".',
    ),
    offerHuman: t('需要为您转接人工客服吗？', 'Would you like me to connect you with a member of staff?'),
    handoff: t(
      '好的，正在为您转接人工客服，请稍候。工作人员会看到我们刚才的对话。',
      'All right, I am connecting you with a member of staff. They will see our conversation so far.',
    ),
    goodbye: t('感谢您的咨询，祝您健康！', 'Thank you for contacting us. Take care!'),
    timeout: t(
      '由于长时间没有回复，刚才的办理已结束，保留的号源已释放。',
      'As there was no reply for a while, the previous request was closed and any held time released.',
    ),
    safety: t(
      '您描述的情况可能危及生命。请立即拨打 120 急救电话，或马上前往最近医院的急诊科（本院急诊：门诊楼东侧，24 小时开放）。我已为您紧急转接工作人员。',
      'What you describe may be life-threatening. Call 120 for an ambulance now, or go to the nearest emergency department immediately (ours is east of the outpatient building, open 24 hours). I am connecting you with a member of staff urgently.',
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
  globalIntents: {
    greeting: 'greeting',
    goodbye: 'goodbye',
    // In a booking, "取消" stops it; outside one, it cancels an appointment (its flow).
    cancel: 'cancel_appointment',
    human: 'human_agent',
  },
  emergencyIntent: 'emergency',
  autoReplies: [
    {
      intent: 'test_results',
      text: t(
        '检验报告一般在采样后 1 个工作日出结果，影像报告 1–3 个工作日。可在自助机凭就诊卡打印，或在“示例健康”公众号查看。报告内容请由医生解读；如需人工查询进度，请说“转人工”。',
        'Lab reports are usually ready one working day after sampling, imaging reports in one to three working days. Print them at a self-service kiosk with your patient card or view them in the hospital app. A doctor should explain the results; say "talk to a person" if you need staff to check on a report.',
      ),
    },
    {
      intent: 'complaint',
      text: t(
        '非常抱歉给您带来不好的体验。您的意见我们会认真处理：可以直接在这里描述经过，我会转给患者服务中心；也可拨打 400-000-0000。需要现在转人工吗？',
        'We are sorry for your experience. Tell me what happened here and I will pass it to the Patient Services office, or call 400-000-0000. Shall I connect you with a person now?',
      ),
    },
    {
      intent: 'out_of_scope',
      text: t(
        '抱歉，这个问题我帮不上忙。我可以帮您预约挂号、推荐科室、查询门诊时间和医保等。',
        'Sorry, I cannot help with that. I can book appointments, suggest a department, and answer questions about opening hours, insurance and more.',
      ),
    },
  ],
};

export const medicalClassification: ConversationPack['classification'] = [
  { field: 'contact.displayName', classification: 'pii', mask: 'name' },
  { field: 'contact.phone', classification: 'pii', mask: 'mobile' },
  { field: 'contact.nationalId', classification: 'pii', mask: 'resident_id' },
  { field: 'contact.medicalRecordNumber', classification: 'phi', mask: 'identifier' },
  { field: 'contact.dateOfBirth', classification: 'pii', mask: 'date_of_birth' },
  { field: 'slot.name', classification: 'pii', mask: 'name' },
  { field: 'slot.phone', classification: 'pii', mask: 'mobile' },
  { field: 'slot.symptoms', classification: 'phi', mask: 'generic' },
  { field: 'slot.department', classification: 'phi', mask: 'generic' },
  { field: 'slot.date', classification: 'phi', mask: 'generic' },
  { field: 'appointment.note', classification: 'phi', mask: 'generic' },
  { field: 'appointment.service', classification: 'phi', mask: 'generic' },
  { field: 'message.body', classification: 'phi', mask: 'generic' },
  { field: 'queue.id', classification: 'internal' },
];

export const medicalRolePresets: ConversationPack['rolePresets'] = [
  {
    name: 'front-desk-agent',
    roles: ['agent'],
    description: t(
      '导诊/客服：处理转人工会话，代患者预约；只看工作所需的信息，敏感字段脱敏',
      'Front desk agent: takes handed-off chats and books on behalf of patients; sees only what the job needs, sensitive fields masked',
    ),
  },
  {
    name: 'clinician',
    roles: ['clinician'],
    description: t(
      '临床医生：仅限其诊疗组患者；紧急情况下可“破窗”访问，须说明理由并事后审查',
      'Clinician: only patients of their care team; break-glass access in an emergency, with a reason and a later review',
    ),
  },
  {
    name: 'outpatient-supervisor',
    roles: ['supervisor'],
    description: t(
      '门诊主管：队列、坐席与服务水平监控，重新分配会话',
      'Outpatient supervisor: queues, agents and service levels; reassigns conversations',
    ),
  },
  {
    name: 'privacy-auditor',
    roles: ['auditor'],
    description: t(
      '审计员：验证与导出审计日志，不查看病历内容',
      'Auditor: verifies and exports the audit log; does not read clinical content',
    ),
  },
];

import type { FlowDefinition, FlowState, SlotDefinition } from '../../core/index.ts';

/**
 * The hospital's flows (issue: book, triage then book, reschedule, cancel, my appointments, doctor
 * schedules, record copies). Data only: the ports they call are the booking engine's
 * (`booking.*`, core/booking), the triage port of this pack (`triage.suggest`) and the staff
 * request port (`requests.staff`).
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const NAME_PREFIXES = [
  '我叫',
  '我的名字是',
  '名字是',
  '就诊人是',
  '就诊人叫',
  '患者是',
  '患者叫',
  '病人叫',
  '我是',
  'my name is',
  'the name is',
  'name is',
  'patient is',
  "i'm",
  'i am',
  'this is',
];

const slot = {
  department: {
    name: 'department',
    entity: 'department',
    prompt: t(
      '请问您想挂哪个科室？（如心内科、儿科、眼科；不确定可以描述症状）',
      'Which department would you like? (e.g. cardiology, pediatrics, ophthalmology — or describe your symptoms)',
    ),
    reprompt: t(
      '抱歉，没有找到这个科室。请说科室名称，例如“消化内科”。',
      'Sorry, I did not find that department. Please name one, e.g. "gastroenterology".',
    ),
  },
  date: {
    name: 'date',
    entity: 'date',
    prompt: t(
      '请问您想哪天就诊？（可预约今天起 4 周内）',
      'Which day would you like to come? (up to 4 weeks ahead)',
    ),
    reprompt: t(
      '请告诉我日期，例如“明天”“下周三”或“12月8日”。',
      'Please tell me a day, e.g. "tomorrow", "next Wednesday" or "8 December".',
    ),
    validation: {
      future: true,
      maxDaysAhead: 28,
      message: t('只能预约今天起 4 周内的号。', 'Appointments can be booked from today up to 4 weeks ahead.'),
    },
  },
  part: {
    name: 'part',
    entity: 'time_of_day',
    prompt: t('上午、下午还是晚上？', 'Morning, afternoon or evening?'),
    reprompt: t('请说“上午”“下午”或“晚上”。', 'Please say "morning", "afternoon" or "evening".'),
  },
  slot: {
    name: 'slot',
    entity: 'text',
    prompt: t('请选择一个时间。', 'Please pick a time.'),
  },
  name: {
    name: 'name',
    entity: 'text',
    prompt: t('请问就诊人的姓名？（实名就诊）', 'What is the patient’s full name? (as on their ID)'),
    validation: { minLength: 2, maxLength: 40, stripPrefixes: NAME_PREFIXES },
  },
  phone: {
    name: 'phone',
    entity: 'phone',
    prompt: t('请留一个联系电话，用于就诊提醒。', 'Please give a phone number for reminders.'),
    reprompt: t(
      '没有识别到电话号码，请再输入一次，例如 13800000000。',
      'I could not read a phone number; please type it again.',
    ),
  },
  identifier: {
    name: 'identifier',
    entity: 'text',
    prompt: t(
      '请输入就诊卡上的病历号，我们会向登记的手机发送验证码。',
      'Please type the medical record number on your patient card; we will text a code to the phone on file.',
    ),
    validation: {
      minLength: 4,
      maxLength: 40,
      stripPrefixes: ['我的病历号是', '病历号是', '病历号', '病案号', 'my record number is', 'record number'],
    },
  },
  code: {
    name: 'code',
    entity: 'text',
    prompt: t('请输入短信里的 6 位验证码。', 'Please type the 6-digit code from the text message.'),
    // Six digits, perhaps spaced ("483 920"); anything else is read as usual (a question, "cancel").
    validation: {
      pattern: '\\d{3}\\s?\\d{3}',
      stripPrefixes: ['验证码是', '验证码', 'the code is', 'my code is', 'code'],
      message: t('验证码是 6 位数字。', 'The code is 6 digits.'),
    },
  },
  appointment: {
    name: 'appointment',
    entity: 'text',
    prompt: t('请选择是哪一个预约。', 'Which appointment?'),
  },
  symptoms: {
    name: 'symptoms',
    entity: 'text',
    prompt: t(
      '请简单描述一下症状，例如“咳嗽三天，有点发烧”。',
      'Please describe the symptoms briefly, e.g. "coughing for three days, slight fever".',
    ),
    validation: { minLength: 2, maxLength: 300 },
  },
} satisfies Record<string, SlotDefinition>;

/** Offer free times, hold the pick, take the patient's name and phone, confirm, book. */
function bookingTail(after: { noneBack: string }): FlowState[] {
  return [
    { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_part' },
    { id: 'ask_part', type: 'ask', slot: 'part', next: 'offer' },
    {
      id: 'offer',
      type: 'choose',
      port: 'booking.findSlots',
      slot: 'slot',
      prompt: t(
        '{department}{date}{part}可约的号：\n{options}\n请回复序号。',
        'Free {department} times on {date} ({part}):\n{options}\nReply with a number.',
      ),
      none: after.noneBack,
      noneText: t('抱歉，{department}那个时段已约满。', 'Sorry, {department} is fully booked then.'),
      resetOnNone: ['date', 'part'],
      next: 'hold',
    },
    {
      id: 'hold',
      type: 'act',
      port: 'booking.hold',
      provides: ['hold_id', 'hold_key'],
      failed: 'offer',
      done: t('已为您保留 {slot}，10 分钟内确认有效。', 'I am holding {slot} for you for 10 minutes.'),
      next: 'ask_name',
    },
    { id: 'ask_name', type: 'ask', slot: 'name', next: 'ask_phone' },
    { id: 'ask_phone', type: 'ask', slot: 'phone', next: 'confirm' },
    {
      id: 'confirm',
      type: 'confirm',
      text: t(
        '请确认：{department}，{slot}，就诊人 {name}，电话 {phone}。确认预约吗？',
        'Please confirm: {department}, {slot}, patient {name}, phone {phone}. Book it?',
      ),
      yes: 'book',
      no: 'release',
    },
    {
      id: 'book',
      type: 'act',
      port: 'booking.confirm',
      failed: 'offer',
      done: t(
        '预约成功！确认码 {reference}。请于就诊当天提前 15 分钟到门诊一楼签到，携带身份证或就诊卡。',
        'Booked! Your confirmation code is {reference}. Please check in at the ground-floor desk 15 minutes early with your ID or patient card.',
      ),
      next: 'booked',
    },
    { id: 'booked', type: 'end' },
    { id: 'release', type: 'act', port: 'booking.release', next: 'not_booked' },
    {
      id: 'not_booked',
      type: 'end',
      text: t('好的，这次先不预约，号源已释放。', 'All right, nothing is booked; the time is released.'),
      outcome: 'cancelled',
    },
  ];
}

export const bookAppointmentFlow: FlowDefinition = {
  id: 'book-appointment',
  version: 1,
  title: t('预约挂号', 'Book an appointment'),
  trigger: ['book_appointment'],
  slots: [slot.department, slot.date, slot.part, slot.slot, slot.name, slot.phone],
  start: 'ask_department',
  states: [
    { id: 'ask_department', type: 'ask', slot: 'department', next: 'ask_date' },
    ...bookingTail({ noneBack: 'ask_date' }),
  ],
};

export const triageFlow: FlowDefinition = {
  id: 'triage',
  version: 1,
  title: t('分诊导医', 'Which department?'),
  trigger: ['department_triage'],
  slots: [slot.symptoms, slot.department, slot.date, slot.part, slot.slot, slot.name, slot.phone],
  start: 'suggest',
  states: [
    {
      id: 'suggest',
      type: 'act',
      port: 'triage.suggest',
      provides: ['department', 'suggestion'],
      failed: 'ask_symptoms',
      done: t('{suggestion}', '{suggestion}'),
      next: 'offer_booking',
    },
    { id: 'ask_symptoms', type: 'ask', slot: 'symptoms', next: 'suggest' },
    {
      id: 'offer_booking',
      type: 'confirm',
      text: t('需要帮您预约{department}吗？', 'Shall I book {department} for you?'),
      yes: 'ask_department',
      no: 'no_booking',
    },
    { id: 'ask_department', type: 'ask', slot: 'department', next: 'ask_date' },
    {
      id: 'no_booking',
      type: 'end',
      text: t(
        '好的。如症状加重，请及时到急诊就诊。',
        'All right. If the symptoms get worse, please go to the emergency department.',
      ),
    },
    ...bookingTail({ noneBack: 'ask_date' }),
  ],
};

/**
 * Before a patient's appointments are shown or changed: who is asking (issue 5 §4). A visitor
 * verified earlier in the chat, or one with upcoming bookings made in it, passes straight on
 * (`booking.checkAccess`); anyone else types their record number and the code texted to the phone
 * on file. The answer is the same whether the number exists or not.
 */
const verifiedFirst = (next: string, gate = 'booking.checkAccess'): FlowState[] => [
  { id: 'verified', type: 'act', port: gate, failed: 'ask_identifier', next },
  { id: 'ask_identifier', type: 'ask', slot: 'identifier', next: 'send_code' },
  {
    id: 'send_code',
    type: 'act',
    port: 'identity.startCode',
    args: { identifier_kind: 'medical_record_number' },
    provides: ['verification_id'],
    failed: 'ask_identifier',
    exhausted: 'not_verified',
    done: t(
      '如果病历号无误，验证码已发送到登记的手机，10 分钟内有效。',
      'If the record number is right, a code is on its way to the phone on file; it is valid for 10 minutes.',
    ),
    next: 'ask_code',
  },
  { id: 'ask_code', type: 'ask', slot: 'code', next: 'check_code' },
  {
    id: 'check_code',
    type: 'act',
    port: 'identity.confirmCode',
    failed: 'ask_code',
    exhausted: 'not_verified',
    done: t('谢谢，身份已核实。', 'Thank you, you are verified.'),
    next,
  },
  {
    id: 'not_verified',
    type: 'end',
    text: t(
      '这次没能核实身份。您也可以携带身份证到门诊服务台办理，或回复“转人工”。',
      'I could not verify you this time. You can bring your ID to the outpatient service desk, or ask for a person.',
    ),
    outcome: 'cancelled',
  },
];

const pickAppointment = (next: string, prompt: { 'zh-CN': string; en: string }): FlowState => ({
  id: 'pick_appointment',
  type: 'choose',
  port: 'booking.myAppointments',
  slot: 'appointment',
  prompt,
  none: 'nothing',
  noneText: t('您目前没有可以办理的预约。', 'You have no upcoming appointment to change.'),
  next,
});

export const rescheduleAppointmentFlow: FlowDefinition = {
  id: 'reschedule-appointment',
  version: 1,
  title: t('改约', 'Reschedule'),
  trigger: ['reschedule_appointment'],
  slots: [slot.identifier, slot.code, slot.appointment, slot.date, slot.part, slot.slot],
  start: 'verified',
  states: [
    ...verifiedFirst('pick_appointment'),
    pickAppointment(
      'ask_date',
      t(
        '您要改哪一个预约？\n{options}\n请回复序号。',
        'Which appointment would you like to move?\n{options}\nReply with a number.',
      ),
    ),
    { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_part' },
    { id: 'ask_part', type: 'ask', slot: 'part', next: 'offer' },
    {
      id: 'offer',
      type: 'choose',
      port: 'booking.findSlots',
      slot: 'slot',
      prompt: t(
        '{date}{part}可改约的时间：\n{options}\n请回复序号。',
        'Free times on {date} ({part}):\n{options}\nReply with a number.',
      ),
      none: 'ask_date',
      noneText: t('抱歉，那个时段已约满。', 'Sorry, that time is fully booked.'),
      resetOnNone: ['date', 'part'],
      next: 'confirm',
    },
    {
      id: 'confirm',
      type: 'confirm',
      text: t('把 {appointment} 改到 {slot}，确认吗？', 'Move {appointment} to {slot}?'),
      yes: 'reschedule',
      no: 'kept',
    },
    {
      id: 'reschedule',
      type: 'act',
      port: 'booking.reschedule',
      failed: 'offer',
      done: t(
        '已改约到 {slot}，新的确认码 {reference}。',
        'Done: moved to {slot}. New confirmation code {reference}.',
      ),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'kept',
      type: 'end',
      text: t('好的，原预约保持不变。', 'All right, your appointment stays as it was.'),
      outcome: 'cancelled',
    },
    { id: 'nothing', type: 'end', outcome: 'cancelled' },
  ],
};

export const cancelAppointmentFlow: FlowDefinition = {
  id: 'cancel-appointment',
  version: 1,
  title: t('取消预约', 'Cancel an appointment'),
  trigger: ['cancel_appointment'],
  slots: [slot.identifier, slot.code, slot.appointment],
  start: 'verified',
  states: [
    ...verifiedFirst('pick_appointment'),
    pickAppointment(
      'confirm',
      t(
        '您要取消哪一个预约？\n{options}\n请回复序号。',
        'Which appointment would you like to cancel?\n{options}\nReply with a number.',
      ),
    ),
    {
      id: 'confirm',
      type: 'confirm',
      text: t('确认取消 {appointment} 吗？', 'Cancel {appointment}?'),
      yes: 'cancel',
      no: 'kept',
    },
    {
      id: 'cancel',
      type: 'act',
      port: 'booking.cancel',
      failed: 'kept',
      done: t('已取消 {appointment}。', 'Cancelled: {appointment}.'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'kept',
      type: 'end',
      text: t('好的，预约保持不变。', 'All right, the appointment stays.'),
      outcome: 'cancelled',
    },
    { id: 'nothing', type: 'end', outcome: 'cancelled' },
  ],
};

export const myAppointmentsFlow: FlowDefinition = {
  id: 'my-appointments',
  version: 1,
  title: t('我的预约', 'My appointments'),
  trigger: ['my_appointments'],
  slots: [slot.identifier, slot.code],
  start: 'verified',
  states: [
    ...verifiedFirst('list'),
    {
      id: 'list',
      type: 'act',
      port: 'booking.listMine',
      provides: ['appointments'],
      done: t('{appointments}', '{appointments}'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
  ],
};

export const doctorScheduleFlow: FlowDefinition = {
  id: 'doctor-schedule',
  version: 1,
  title: t('医生出诊', 'Doctors’ clinics'),
  trigger: ['doctor_info'],
  slots: [slot.department],
  start: 'ask_department',
  states: [
    { id: 'ask_department', type: 'ask', slot: 'department', next: 'list' },
    {
      id: 'list',
      type: 'act',
      port: 'booking.doctorSchedule',
      provides: ['schedule'],
      done: t('{schedule}', '{schedule}'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
  ],
};

export const recordsRequestFlow: FlowDefinition = {
  id: 'records-request',
  version: 1,
  title: t('病历复印申请', 'Copy of medical records'),
  trigger: ['medical_records'],
  slots: [slot.identifier, slot.code, slot.name, slot.phone],
  start: 'intro',
  states: [
    {
      id: 'intro',
      type: 'say',
      text: t(
        '病历复印只向患者本人或其授权人提供，需要先核实身份，再登记申请。',
        'Copies of records are released only to the patient or someone they authorise: I will confirm who you are, then register the request.',
      ),
      next: 'verified',
    },
    // Only a proven identity: bookings made in this chat prove nothing about a record.
    ...verifiedFirst('ask_name', 'identity.requireVerified'),
    { id: 'ask_name', type: 'ask', slot: 'name', next: 'ask_phone' },
    { id: 'ask_phone', type: 'ask', slot: 'phone', next: 'confirm' },
    {
      id: 'confirm',
      type: 'confirm',
      text: t(
        '为 {name}（{phone}）登记病历复印申请，确认吗？',
        'Register a records request for {name} ({phone})?',
      ),
      yes: 'request',
      no: 'not_sent',
    },
    {
      id: 'request',
      type: 'act',
      port: 'requests.staff',
      done: t(
        '已登记，申请编号 {reference}。病案室会在 3 个工作日内联系您。',
        'Registered: request {reference}. The records office will contact you within 3 working days.',
      ),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'not_sent',
      type: 'end',
      text: t('好的，未登记。', 'All right, nothing was registered.'),
      outcome: 'cancelled',
    },
  ],
};

export const medicalFlows: readonly FlowDefinition[] = [
  bookAppointmentFlow,
  triageFlow,
  rescheduleAppointmentFlow,
  cancelAppointmentFlow,
  myAppointmentsFlow,
  doctorScheduleFlow,
  recordsRequestFlow,
];

import type { FlowDefinition, FlowState, SlotDefinition } from '../../core/index.ts';

/**
 * The admissions desk's flows: campus tours, admission interviews, application status and
 * transfer enquiries. Data only: the ports they call are the booking engine's (`booking.*`,
 * core/booking), the consent ledger's (`consent.record`), the applications register's
 * (`applications.verifyGuardian`, `applications.status`) and the staff request port
 * (`requests.staff`).
 *
 * A child's personal information is sensitive under PIPL Art. 28 and needs the guardian's consent
 * before it is processed (Art. 31): every flow that asks about a child asks for that consent first,
 * records it, and collects nothing when it is refused.
 */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The guardian consent text this pack's flows read out; a new wording needs a new version. */
export const CONSENT_VERSION = 'v2026-11';
/** What the consent covers, as `consent.record` files it. */
export const CONSENT_PURPOSE = 'admissions-enquiry';

/**
 * The pack's record number (`NluPackData.recordNumberPattern`), read into `record_number` slots:
 * an application number, `A`, the entry year and six digits (A2027000001).
 */
export const APPLICANT_NUMBER_PATTERN = 'A20\\d{2}\\d{6}';

/** Booking services of the local scheduler that these flows search (`demo-school.ts` defines them). */
export const CAMPUS_TOUR_SERVICE = 'campus-tour';
export const INTERVIEW_SERVICE = 'admission-interview';

const NAME_PREFIXES = [
  '我叫',
  '我的名字是',
  '名字是',
  '联系人是',
  '联系人叫',
  '家长是',
  '我是',
  'my name is',
  'the name is',
  'name is',
  "i'm",
  'i am',
  'this is',
];

const CITY_PREFIXES = ['现在在', '目前在', '孩子在', '我们在', '在', 'currently in', 'we are in', 'in'];

const slot = {
  grade: {
    name: 'grade',
    entity: 'grade',
    prompt: t(
      '请问孩子想了解哪个年级？（如幼儿园、一年级、初一、高一）',
      'Which grade is your child interested in? (e.g. kindergarten, grade 1, grade 7, grade 10)',
    ),
    reprompt: t(
      '抱歉，没有识别到年级。请说年级，例如“三年级”或“初二”。',
      'Sorry, I did not catch the grade. Please name one, e.g. "grade 3" or "grade 8".',
    ),
  },
  currentGrade: {
    name: 'current_grade',
    entity: 'grade',
    prompt: t('请问孩子现在读几年级？', 'Which grade is your child in now?'),
    reprompt: t(
      '抱歉，没有识别到年级。请说年级，例如“四年级”或“初一”。',
      'Sorry, I did not catch the grade. Please name one, e.g. "grade 4" or "grade 7".',
    ),
  },
  date: {
    name: 'date',
    entity: 'date',
    // The part of day said with the day fills both slots in one answer.
    prompt: t(
      '请问您想哪天来？可以连同上午或下午一起说，如“下周二上午”。（可预约今天起 4 周内）',
      'Which day would you like to come? You can add the time of day, e.g. "next Tuesday in the morning". (Up to 4 weeks ahead.)',
    ),
    reprompt: t(
      '请告诉我日期，例如“下周二”“周六”或“12月8日”。',
      'Please tell me a day, e.g. "next Tuesday", "Saturday" or "8 December".',
    ),
    validation: {
      future: true,
      maxDaysAhead: 28,
      message: t('只能预约今天起 4 周内的日期。', 'Visits can be booked from today up to 4 weeks ahead.'),
    },
  },
  tourPart: {
    name: 'part',
    entity: 'time_of_day',
    prompt: t(
      '上午还是下午？（校园参观安排在上午）',
      'Morning or afternoon? (campus tours run in the morning)',
    ),
    reprompt: t('请说“上午”或“下午”。', 'Please say "morning" or "afternoon".'),
  },
  interviewPart: {
    name: 'part',
    entity: 'time_of_day',
    prompt: t(
      '上午还是下午？（面谈安排在下午）',
      'Morning or afternoon? (interviews are held in the afternoon)',
    ),
    reprompt: t('请说“上午”或“下午”。', 'Please say "morning" or "afternoon".'),
  },
  // No number entity exists: the booking port reads "3人", "一家三口", "3 people" from the text.
  groupSize: {
    name: 'group_size',
    entity: 'text',
    prompt: t(
      '请问一共几位来参观？（含孩子，每个家庭最多 6 人）',
      'How many people will come, including children? (at most 6 per family)',
    ),
    reprompt: t('请告诉我人数，例如“3人”或“一家三口”。', 'Please tell me how many, e.g. "3 people".'),
    validation: {
      minLength: 1,
      maxLength: 20,
      message: t('请简单说人数，例如“3人”。', 'Please just give the number, e.g. "3 people".'),
    },
  },
  slot: {
    name: 'slot',
    entity: 'text',
    prompt: t('请选择一个时间。', 'Please pick a time.'),
  },
  name: {
    name: 'name',
    entity: 'text',
    prompt: t('请问联系人（家长）怎么称呼？', 'What is the name of the parent we should expect?'),
    validation: { minLength: 2, maxLength: 40, stripPrefixes: NAME_PREFIXES },
  },
  phone: {
    name: 'phone',
    entity: 'phone',
    prompt: t(
      '请留一个家长联系电话，用于确认短信和提醒。',
      'Please give a parent’s phone number for the confirmation text and reminders.',
    ),
    reprompt: t(
      '没有识别到电话号码，请再输入一次，例如 13800000000。',
      'I could not read a phone number; please type it again.',
    ),
  },
  applicantNumber: {
    name: 'applicant_number',
    entity: 'record_number',
    prompt: t(
      '请输入孩子的报名编号（A 开头共 11 位，如 A2027001234，见报名成功短信）。',
      'Please type your child’s application number (an A and 10 digits, e.g. A2027001234, in the text you received after applying).',
    ),
    reprompt: t(
      '没有识别到报名编号。编号以 A 开头，后面 10 位数字，例如 A2027001234。',
      'I could not read an application number. It is an A followed by 10 digits, e.g. A2027001234.',
    ),
  },
  childBirthDate: {
    name: 'child_birth_date',
    entity: 'date',
    prompt: t(
      '为核实身份，请输入孩子的出生日期（如 2020年5月18日）。',
      'To verify, please give your child’s date of birth (e.g. 18 May 2020).',
    ),
    reprompt: t(
      '请告诉我完整的出生日期，包括年份，例如“2020年5月18日”。',
      'Please give the full date of birth with the year, e.g. "18 May 2020".',
    ),
    // A date of birth is today or earlier.
    validation: {
      maxDaysAhead: 0,
      message: t('出生日期不能晚于今天。', 'A date of birth cannot be in the future.'),
    },
  },
  city: {
    name: 'current_city',
    entity: 'text',
    prompt: t('孩子现在就读的学校在哪个城市？', 'In which city is your child’s current school?'),
    validation: {
      minLength: 2,
      maxLength: 40,
      stripPrefixes: CITY_PREFIXES,
      message: t('请说城市名称，例如“杭州”。', 'Please name the city, e.g. "Hangzhou".'),
    },
  },
} satisfies Record<string, SlotDefinition>;

/**
 * PIPL Art. 31: the guardian agrees before any of the child's data is taken in. A "no" ends the
 * flow; a "yes" is filed with the consent ledger, then the flow goes on to `next`.
 */
function consentStates(next: string, what: { readonly zh: string; readonly en: string }): FlowState[] {
  return [
    {
      id: 'consent',
      type: 'confirm',
      text: t(
        `接下来需要填写孩子的信息（${what.zh}）。根据《个人信息保护法》，处理不满 14 周岁儿童的个人信息需要监护人同意：学校仅将这些信息用于招生咨询和办理，加密保存，不提供给第三方（《监护人同意书》${CONSENT_VERSION}，全文见招生网站“隐私”页）。您是孩子的监护人并同意吗？同意请回复“是”，不同意请回复“不”。`,
        `Next I need some of your child’s details (${what.en}). Under China’s Personal Information Protection Law, a child’s personal information needs a guardian’s consent: the school uses it only to answer and handle this admissions request, stores it encrypted, and never shares it with third parties (Guardian Consent ${CONSENT_VERSION}; full text on the Privacy page of the admissions website). Are you the child’s guardian, and do you agree? Reply "yes" to agree or "no" to decline.`,
      ),
      yes: 'record_consent',
      no: 'no_consent',
    },
    {
      id: 'record_consent',
      type: 'act',
      port: 'consent.record',
      args: { version: CONSENT_VERSION, purpose: CONSENT_PURPOSE },
      provides: ['consent_id'],
      next,
    },
    {
      id: 'no_consent',
      type: 'end',
      text: t(
        '好的，我们没有收集孩子的任何信息。您仍可以问我招生政策、学费、参观等问题，或说“转人工”联系招生老师。',
        'All right, none of your child’s information has been collected. You can still ask me about admissions, fees or visits, or say "talk to a person" to reach the admissions office.',
      ),
      outcome: 'cancelled',
    },
  ];
}

const APPLICANT_DATA = { zh: '报名编号和出生日期', en: 'application number and date of birth' };

const NOT_VERIFIED = t(
  '为保护孩子的信息，无法核实时我们不能继续办理。请核对报名成功短信中的编号和孩子的出生日期后再试，或登录报名平台、致电招生办 400-000-0000。',
  'To protect children’s information we cannot go on without verification. Please check the number in the text you received after applying and your child’s date of birth and try again, or use the admissions portal or call 400-000-0000.',
);

/**
 * Take the parent's name and phone, offer free times of `service`, hold the pick, confirm, book.
 * The contact details come before the offer: the engine reads any slot filled after a choice as a
 * correction and offers afresh, so nothing is asked between the pick and the confirmation.
 */
function bookingStates(options: {
  readonly service: string;
  readonly offerText: ReturnType<typeof t>;
  readonly noneText: ReturnType<typeof t>;
  readonly confirmText: ReturnType<typeof t>;
  readonly bookedText: ReturnType<typeof t>;
  /** Runs between the pick and the hold (the interview checks the applicant again there). */
  readonly beforeHold?: string;
  /** Slots written into the booking's (sealed) note: the tour's group size, the interview's applicant. */
  readonly note: string;
}): FlowState[] {
  return [
    { id: 'ask_name', type: 'ask', slot: 'name', next: 'ask_phone' },
    { id: 'ask_phone', type: 'ask', slot: 'phone', next: 'ask_date' },
    { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_part' },
    { id: 'ask_part', type: 'ask', slot: 'part', next: 'offer' },
    {
      id: 'offer',
      type: 'choose',
      port: 'booking.findSlots',
      args: { service: options.service },
      slot: 'slot',
      prompt: options.offerText,
      none: 'ask_date',
      noneText: options.noneText,
      resetOnNone: ['date', 'part'],
      next: options.beforeHold ?? 'hold',
    },
    {
      id: 'hold',
      type: 'act',
      port: 'booking.hold',
      args: { service: options.service, note: options.note },
      provides: ['hold_id', 'hold_key'],
      failed: 'offer',
      done: t('已为您保留 {slot}，10 分钟内确认有效。', 'I am holding {slot} for you for 10 minutes.'),
      next: 'confirm',
    },
    { id: 'confirm', type: 'confirm', text: options.confirmText, yes: 'book', no: 'release' },
    {
      id: 'book',
      type: 'act',
      port: 'booking.confirm',
      args: { service: options.service },
      failed: 'offer',
      done: options.bookedText,
      next: 'booked',
    },
    { id: 'booked', type: 'end' },
    { id: 'release', type: 'act', port: 'booking.release', next: 'not_booked' },
    {
      id: 'not_booked',
      type: 'end',
      text: t(
        '好的，这次先不预约，保留的时间已释放。',
        'All right, nothing is booked; the time is released.',
      ),
      outcome: 'cancelled',
    },
  ];
}

export const bookCampusTourFlow: FlowDefinition = {
  id: 'book-campus-tour',
  version: 1,
  title: t('预约校园参观', 'Book a campus tour'),
  trigger: ['book_campus_tour'],
  slots: [slot.grade, slot.date, slot.tourPart, slot.groupSize, slot.slot, slot.name, slot.phone],
  start: 'ask_grade',
  states: [
    { id: 'ask_grade', type: 'ask', slot: 'grade', next: 'ask_group_size' },
    { id: 'ask_group_size', type: 'ask', slot: 'group_size', next: 'ask_name' },
    ...bookingStates({
      service: CAMPUS_TOUR_SERVICE,
      note: 'group_size,grade',
      offerText: t(
        '{date}{part}可预约的参观场次：\n{options}\n请回复序号。',
        'Campus tours on {date} ({part}):\n{options}\nReply with a number.',
      ),
      noneText: t(
        '抱歉，那个时段没有可预约的参观（参观安排在每周二、四、六上午）。',
        'Sorry, there is no tour free then (tours run on Tuesday, Thursday and Saturday mornings).',
      ),
      confirmText: t(
        '请确认：校园参观 {slot}，意向年级 {grade}，{group_size}，联系人 {name}，电话 {phone}。确认预约吗？',
        'Please confirm: campus tour {slot}, for {grade}, group: {group_size}, contact {name}, phone {phone}. Book it?',
      ),
      bookedText: t(
        '预约成功！确认码 {reference}，确认短信稍后发送。请提前 10 分钟到北门接待处，出示确认码和身份证登记入校。',
        'Booked! Your confirmation code is {reference}; a confirmation text follows. Please arrive at the North Gate reception 10 minutes early with the code and an ID to sign in.',
      ),
    }),
  ],
};

export const bookInterviewFlow: FlowDefinition = {
  id: 'book-interview',
  version: 1,
  title: t('预约入学面谈', 'Book an admission interview'),
  trigger: ['book_interview'],
  // `date` before `child_birth_date`: an entity goes to the first date slot it fits, and "下周三"
  // or a correction at the confirmation means the interview day, never the birthday.
  slots: [
    slot.date,
    slot.interviewPart,
    slot.applicantNumber,
    slot.childBirthDate,
    slot.slot,
    slot.name,
    slot.phone,
  ],
  start: 'consent',
  states: [
    ...consentStates('ask_applicant_number', APPLICANT_DATA),
    { id: 'ask_applicant_number', type: 'ask', slot: 'applicant_number', next: 'ask_birth_date' },
    { id: 'ask_birth_date', type: 'ask', slot: 'child_birth_date', next: 'verify' },
    {
      id: 'verify',
      type: 'act',
      port: 'applications.verifyGuardian',
      provides: ['application_grade'],
      failed: 'not_verified',
      done: t(
        '已核实，报名年级：{application_grade}。面谈安排在工作日下午。',
        'Verified: the application is for {application_grade}. Interviews are held on weekday afternoons.',
      ),
      next: 'ask_name',
    },
    { id: 'not_verified', type: 'end', text: NOT_VERIFIED, outcome: 'cancelled' },
    // The applicant number could be corrected after the first check: the hold is only made for
    // an applicant checked with the values it is made with.
    {
      id: 'verify_again',
      type: 'act',
      port: 'applications.verifyGuardian',
      provides: ['application_grade'],
      failed: 'not_verified',
      next: 'hold',
    },
    ...bookingStates({
      service: INTERVIEW_SERVICE,
      note: 'applicant_number',
      beforeHold: 'verify_again',
      offerText: t(
        '{date}{part}可预约的面谈时间：\n{options}\n请回复序号。',
        'Interview times on {date} ({part}):\n{options}\nReply with a number.',
      ),
      noneText: t(
        '抱歉，那个时段没有可预约的面谈（面谈安排在周一至周五下午）。',
        'Sorry, there is no interview free then (interviews are on weekday afternoons).',
      ),
      confirmText: t(
        '请确认：{application_grade}入学面谈，{slot}，报名编号 {applicant_number}，联系人 {name}，电话 {phone}。确认预约吗？',
        'Please confirm: admission interview for {application_grade}, {slot}, application {applicant_number}, contact {name}, phone {phone}. Book it?',
      ),
      bookedText: t(
        '预约成功！确认码 {reference}。请提前 15 分钟到北门接待处，携带监护人身份证、孩子的户口本或护照，以及报名材料原件。',
        'Booked! Your confirmation code is {reference}. Please come to the North Gate reception 15 minutes early with a guardian’s ID, your child’s hukou booklet or passport, and the originals of the documents you uploaded.',
      ),
    }),
  ],
};

export const applicationStatusFlow: FlowDefinition = {
  id: 'application-status',
  version: 1,
  title: t('查询申请进度', 'Application status'),
  trigger: ['application_status'],
  slots: [slot.applicantNumber, slot.childBirthDate],
  start: 'consent',
  states: [
    ...consentStates('ask_applicant_number', APPLICANT_DATA),
    { id: 'ask_applicant_number', type: 'ask', slot: 'applicant_number', next: 'ask_birth_date' },
    { id: 'ask_birth_date', type: 'ask', slot: 'child_birth_date', next: 'status' },
    {
      id: 'status',
      type: 'act',
      port: 'applications.status',
      provides: ['status'],
      failed: 'not_verified',
      done: t('{status}', '{status}'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    { id: 'not_verified', type: 'end', text: NOT_VERIFIED, outcome: 'cancelled' },
  ],
};

export const transferEnquiryFlow: FlowDefinition = {
  id: 'transfer-enquiry',
  version: 1,
  title: t('转学插班咨询', 'Transfer enquiry'),
  trigger: ['transfer_enrollment'],
  slots: [slot.currentGrade, slot.city, slot.phone],
  start: 'intro',
  states: [
    {
      id: 'intro',
      type: 'say',
      text: t(
        '二至十一年级有空位时全年接受转学插班。我先为您登记，招生老师会在 2 个工作日内联系您说明空位和评估安排。',
        'We accept transfers into grades 2 to 11 all year when there is a place. I will register your enquiry; the admissions office will contact you within 2 working days about places and the assessment.',
      ),
      next: 'consent',
    },
    ...consentStates('ask_current_grade', {
      zh: '现读年级、学校所在城市和家长电话',
      en: 'current grade, the city of the current school and a parent’s phone',
    }),
    { id: 'ask_current_grade', type: 'ask', slot: 'current_grade', next: 'ask_city' },
    { id: 'ask_city', type: 'ask', slot: 'current_city', next: 'ask_phone' },
    { id: 'ask_phone', type: 'ask', slot: 'phone', next: 'confirm' },
    {
      id: 'confirm',
      type: 'confirm',
      text: t(
        '请确认：孩子现读 {current_grade}，学校所在城市 {current_city}，联系电话 {phone}。提交转学咨询吗？',
        'Please confirm: your child is in {current_grade} now, at a school in {current_city}; phone {phone}. Send the transfer enquiry?',
      ),
      yes: 'request',
      no: 'not_sent',
    },
    {
      id: 'request',
      type: 'act',
      port: 'requests.staff',
      args: { topic: 'transfer-enquiry' },
      done: t(
        '已登记，咨询编号 {reference}。招生老师会在 2 个工作日内致电 {phone}。',
        'Registered: enquiry {reference}. The admissions office will call {phone} within 2 working days.',
      ),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    {
      id: 'not_sent',
      type: 'end',
      text: t('好的，未提交。', 'All right, nothing was sent.'),
      outcome: 'cancelled',
    },
  ],
};

export const educationFlows: readonly FlowDefinition[] = [
  bookCampusTourFlow,
  bookInterviewFlow,
  applicationStatusFlow,
  transferEnquiryFlow,
];

/** Every port the flows above call, for the deployment that wires them (and for the tests). */
export const EDUCATION_FLOW_PORTS = [
  'booking.findSlots',
  'booking.hold',
  'booking.confirm',
  'booking.release',
  'consent.record',
  'applications.verifyGuardian',
  'applications.status',
  'requests.staff',
] as const;

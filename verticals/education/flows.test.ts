import { describe, expect, it } from 'vitest';
import {
  type ActionPort,
  BUILT_IN_SLOT_TYPES,
  type ConversationPack,
  checkConversationPack,
  checkFlow,
  createDialogueEngine,
  createPackNluEngine,
  createStaticFlowResolver,
  type DialogueState,
  flowDefinitionSchema,
  type PortCall,
  PortRefusal,
} from '../../core/index.ts';
import {
  APPLICATION_STAGES,
  DEMO_GRADES,
  demoApplications,
  demoPrograms,
  demoServices,
  demoStaff,
} from './demo-school.ts';
import { educationClassification, educationDialogue, educationRolePresets } from './dialogue.ts';
import {
  APPLICANT_NUMBER_PATTERN,
  CAMPUS_TOUR_SERVICE,
  EDUCATION_FLOW_PORTS,
  educationFlows,
  INTERVIEW_SERVICE,
} from './flows.ts';
import { EDUCATION_INTENTS, educationIntents } from './nlu/intents.ts';
import { educationVocabularies, GRADE_IDS } from './nlu/vocabularies.ts';

const entityTypes = educationVocabularies.map((v) => v.type);

/** The pack as the composition root will assemble it, for the cross-checks of `validatePacks`. */
const educationPackUnderTest: ConversationPack = {
  nlu: {
    id: 'education',
    intents: educationIntents,
    vocabularies: educationVocabularies,
    recordNumberPattern: APPLICANT_NUMBER_PATTERN,
  },
  flows: educationFlows,
  faqSeeds: [],
  dialogue: educationDialogue,
  classification: educationClassification,
  rolePresets: educationRolePresets,
  connectors: ['local-scheduler'],
  defaultQueue: 'admissions',
};

const byId = (id: string) => {
  const flow = educationFlows.find((f) => f.id === id);
  if (!flow) throw new Error(`no flow ${id}`);
  return flow;
};

describe('education flows', () => {
  it.each(educationFlows.map((f) => [f.id, f] as const))('%s passes the schema and checkFlow', (_, flow) => {
    expect(flowDefinitionSchema.safeParse(flow).error).toBeUndefined();
    expect(
      checkFlow(flow, { ports: [...EDUCATION_FLOW_PORTS], intents: [...EDUCATION_INTENTS], entityTypes }),
    ).toEqual([]);
  });

  it('are rejected by checkFlow when a port they call is not offered', () => {
    const problems = checkFlow(byId('book-interview'), {
      ports: EDUCATION_FLOW_PORTS.filter((p) => p !== 'applications.verifyGuardian'),
    });
    expect(problems.map((p) => p.message)).toContain(
      'state "verify" calls port "applications.verifyGuardian", which this deployment does not offer',
    );
  });

  it('name every port they call in EDUCATION_FLOW_PORTS, and no other', () => {
    const called = new Set(
      educationFlows.flatMap((f) =>
        f.states.flatMap((s) => (s.type === 'act' || s.type === 'choose' ? [s.port] : [])),
      ),
    );
    expect([...called].sort()).toEqual([...EDUCATION_FLOW_PORTS].sort());
  });

  it('are started by fixed intents only, each by one flow', () => {
    const triggers = educationFlows.flatMap((f) => f.trigger);
    for (const intent of triggers) expect(EDUCATION_INTENTS).toContain(intent);
    expect(new Set(triggers).size).toBe(triggers.length);
    expect(Object.fromEntries(educationFlows.map((f) => [f.id, f.trigger]))).toEqual({
      'book-campus-tour': ['book_campus_tour'],
      'book-interview': ['book_interview'],
      'application-status': ['application_status'],
      'transfer-enquiry': ['transfer_enrollment'],
    });
  });

  it('fill slots only from built-in entity types and the pack vocabularies', () => {
    const known = new Set<string>([...BUILT_IN_SLOT_TYPES, ...entityTypes]);
    for (const flow of educationFlows)
      for (const slot of flow.slots) expect(known, slot.name).toContain(slot.entity);
  });

  it('search the tour and interview services by constant argument', () => {
    const offers = (id: string) =>
      byId(id).states.flatMap((s) => (s.type === 'choose' && s.port === 'booking.findSlots' ? [s.args] : []));
    expect(offers('book-campus-tour')).toEqual([{ service: CAMPUS_TOUR_SERVICE }]);
    expect(offers('book-interview')).toEqual([{ service: INTERVIEW_SERVICE }]);
    const codes = demoServices.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining([CAMPUS_TOUR_SERVICE, INTERVIEW_SERVICE]));
  });

  it('ask the guardian for consent before any of the child’s data, and collect nothing on a no', () => {
    for (const id of ['book-interview', 'application-status', 'transfer-enquiry']) {
      const flow = byId(id);
      const ids = flow.states.map((s) => s.id);
      const consent = flow.states.find((s) => s.id === 'consent');
      expect(consent?.type, id).toBe('confirm');
      if (consent?.type !== 'confirm') continue;
      expect(consent.text['zh-CN']).toContain('v2026-11');
      expect(consent.text.en).toContain('v2026-11');
      // Nothing is asked before the consent: only a say state may precede it.
      const before = flow.states.slice(0, ids.indexOf('consent'));
      expect(
        before.every((s) => s.type === 'say'),
        id,
      ).toBe(true);
      expect(flow.start === 'consent' || before.some((s) => s.id === flow.start), id).toBe(true);
      const record = flow.states.find((s) => s.id === consent.yes);
      expect(record).toMatchObject({ type: 'act', port: 'consent.record', args: { version: 'v2026-11' } });
      expect(flow.states.find((s) => s.id === consent.no)).toMatchObject({
        type: 'end',
        outcome: 'cancelled',
      });
    }
  });

  it('verify the applicant before offering interview times, and again before holding one', () => {
    const flow = byId('book-interview');
    const order = flow.states.map((s) => s.id);
    const verifying = flow.states.filter((s) => s.type === 'act' && s.port === 'applications.verifyGuardian');
    expect(verifying.map((s) => s.id)).toEqual(['verify', 'verify_again']);
    for (const state of verifying) expect(state).toMatchObject({ failed: 'not_verified' });
    expect(order.indexOf('verify')).toBeLessThan(order.indexOf('ask_date'));
    const offer = flow.states.find((s) => s.id === 'offer');
    expect(offer).toMatchObject({ type: 'choose', next: 'verify_again' });
    expect(flow.states.find((s) => s.id === 'verify_again')).toMatchObject({ next: 'hold' });
  });

  it('take a birth date that is not in the future, and put the interview day first among date slots', () => {
    const flow = byId('book-interview');
    const dates = flow.slots.filter((s) => s.entity === 'date').map((s) => s.name);
    expect(dates).toEqual(['date', 'child_birth_date']);
    expect(flow.slots.find((s) => s.name === 'child_birth_date')?.validation).toMatchObject({
      maxDaysAhead: 0,
    });
    expect(flow.slots.find((s) => s.name === 'date')?.validation).toMatchObject({ future: true });
  });

  it('hold with a fallback to the offer, and release the hold on a no', () => {
    for (const id of ['book-campus-tour', 'book-interview']) {
      const states = byId(id).states;
      expect(
        states.find((s) => s.id === 'hold'),
        id,
      ).toMatchObject({
        port: 'booking.hold',
        provides: ['hold_id', 'hold_key'],
        failed: 'offer',
      });
      expect(
        states.find((s) => s.id === 'confirm'),
        id,
      ).toMatchObject({ yes: 'book', no: 'release' });
      expect(
        states.find((s) => s.id === 'release'),
        id,
      ).toMatchObject({ port: 'booking.release' });
    }
  });

  it('never ask for a child’s name', () => {
    for (const flow of educationFlows)
      for (const slot of flow.slots)
        expect(`${slot.prompt['zh-CN']} ${slot.prompt.en}`, slot.name).not.toMatch(
          /孩子.{0,4}姓名|child’s (full )?name/,
        );
  });
});

describe('education conversation pack', () => {
  it('passes the pack cross-checks: intents, flows, auto-replies, classification, roles', () => {
    expect(checkConversationPack(educationPackUnderTest)).toEqual([]);
  });

  it('names no cancel, restart or emergency intent (the school has none)', () => {
    expect(educationDialogue.globalIntents).toEqual({
      greeting: 'greeting',
      goodbye: 'goodbye',
      human: 'human_agent',
    });
    expect(educationDialogue.emergencyIntent).toBeUndefined();
    expect(educationDialogue.autoReplies.map((r) => r.intent)).toEqual(['complaint', 'out_of_scope']);
  });

  it('classifies every value the flows hold, and what they learn about a child as a student record', () => {
    const of = (field: string) => educationClassification.find((c) => c.field === field)?.classification;
    const names = educationFlows.flatMap((f) => [
      ...f.slots.map((s) => s.name),
      ...f.states.flatMap((s) => (s.type === 'act' ? (s.provides ?? []) : [])),
    ]);
    for (const name of names) expect(of(`slot.${name}`), name).toBeDefined();
    const child = [
      'applicant_number',
      'child_birth_date',
      'application_grade',
      'status',
      'current_grade',
      'current_city',
    ];
    for (const name of child) expect(of(`slot.${name}`), name).toBe('student_record');
    expect(of('slot.phone')).toBe('pii');
    expect(of('slot.name')).toBe('pii');
  });

  it('offers an admissions officer preset and keeps the auditor alone', () => {
    expect(educationRolePresets.map((p) => p.roles)).toEqual([
      ['admissions_officer'],
      ['agent'],
      ['supervisor'],
      ['auditor'],
    ]);
  });
});

describe('the demo school', () => {
  const pattern = new RegExp(`^${APPLICANT_NUMBER_PATTERN}$`);
  const isDate = (s: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

  it('has 20+ applications with unique, well-formed applicant numbers, in order', () => {
    expect(demoApplications.length).toBeGreaterThanOrEqual(20);
    const numbers = demoApplications.map((a) => a.applicantNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(pattern);
    expect(numbers[0]).toBe('A2027000001');
  });

  it('has real calendar dates: births before submission, submissions before the demo day', () => {
    for (const a of demoApplications) {
      expect(isDate(a.child.dateOfBirth), a.applicantNumber).toBe(true);
      expect(isDate(a.submittedOn), a.applicantNumber).toBe(true);
      expect(a.child.dateOfBirth < a.submittedOn).toBe(true);
      expect(a.submittedOn <= '2026-11-24').toBe(true);
    }
    expect(isDate('2027-02-30')).toBe(false);
  });

  it('puts each child in the grade their age gives on 31 August 2027', () => {
    for (const a of demoApplications) {
      const year = a.grade === 'kindergarten' ? 3 : 5 + Number(a.grade.slice('grade_'.length));
      // Aged `year` on the cut-off: born between 1 September and 31 August, `year` years before.
      expect(a.child.dateOfBirth >= `${2027 - year - 1}-09-01`, a.applicantNumber).toBe(true);
      expect(a.child.dateOfBirth <= `${2027 - year}-08-31`, a.applicantNumber).toBe(true);
    }
  });

  it('uses every stage, and programmes that teach the grade applied for', () => {
    expect(new Set(demoApplications.map((a) => a.stage))).toEqual(new Set(APPLICATION_STAGES));
    for (const a of demoApplications) {
      const program = demoPrograms.find((p) => p.code === a.program);
      expect(program?.grades, a.applicantNumber).toContain(a.grade);
    }
  });

  it('gives guardians obviously fake, distinct phone numbers', () => {
    const phones = demoApplications.map((a) => a.guardian.phone);
    for (const phone of phones) expect(phone).toMatch(/^138-0000-00\d{2}$/);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('offers the grades of the grade vocabulary, each taught by some programme', () => {
    expect([...DEMO_GRADES]).toEqual([...GRADE_IDS]);
    for (const grade of DEMO_GRADES)
      expect(
        demoPrograms.some((p) => p.grades.includes(grade)),
        grade,
      ).toBe(true);
    for (const program of demoPrograms) expect(program.tuitionPerYear).toBeGreaterThan(0);
  });

  it('runs tours Tue/Thu/Sat mornings for 8 families, and interviews on weekday afternoons one at a time', () => {
    const tour = demoServices.find((s) => s.code === CAMPUS_TOUR_SERVICE);
    expect(tour?.maxGroupSize).toBe(6);
    for (const w of tour?.resources.flatMap((r) => r.weekly) ?? []) {
      expect(w).toMatchObject({ weekdays: [2, 4, 6], capacity: 8 });
      expect(w.end <= '12:00').toBe(true);
    }
    const interview = demoServices.find((s) => s.code === INTERVIEW_SERVICE);
    expect(interview?.resources).toHaveLength(2);
    for (const w of interview?.resources.flatMap((r) => r.weekly) ?? []) {
      expect(w).toMatchObject({ weekdays: [1, 2, 3, 4, 5], capacity: 1 });
      expect(w.start >= '12:00').toBe(true);
    }
  });

  it('fits a whole number of slots in every window', () => {
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    for (const service of demoServices)
      for (const w of service.resources.flatMap((r) => r.weekly)) {
        const length = minutes(w.end) - minutes(w.start);
        expect(length % w.slotMinutes, service.code).toBe(0);
        expect(w.slotMinutes).toBeGreaterThanOrEqual(service.durationMinutes);
      }
  });

  it('has one demo account per duty, login names only', () => {
    expect(demoStaff.map((u) => u.roles)).toEqual([
      ['admissions_officer'],
      ['agent'],
      ['supervisor'],
      ['tenant_admin'],
      ['auditor'],
    ]);
    for (const user of demoStaff) expect(Object.keys(user).sort()).toEqual(['login', 'queues', 'roles']);
  });
});

/** Tuesday 1 December 2026, 10:00 in Asia/Shanghai. */
const NOW = new Date('2026-12-01T02:00:00Z');

/** A conversation through the real NLU and dialogue engine; ports answer from `answers` and record their calls. */
function chat(answers: Readonly<Record<string, (call: PortCall) => ReturnType<ActionPort>>>) {
  const nlu = createPackNluEngine(educationPackUnderTest, { timeZone: 'Asia/Shanghai' });
  const calls: PortCall[] = [];
  const ports = Object.fromEntries(
    EDUCATION_FLOW_PORTS.map((name): [string, ActionPort] => [
      name,
      async (call) => {
        calls.push(call);
        const answer = answers[name];
        if (!answer) throw new Error(`port ${name} was not expected`);
        return answer(call);
      },
    ]),
  );
  const engine = createDialogueEngine({ ports, knowledge: async () => undefined });
  const flows = createStaticFlowResolver(educationFlows);
  let state: DialogueState | undefined;
  return {
    calls,
    async say(text: string): Promise<string> {
      const out = await engine.turn({
        state,
        text,
        nlu: nlu.parse(text, { now: NOW, timeZone: 'Asia/Shanghai' }),
        locale: 'zh-CN',
        now: NOW,
        timeZone: 'Asia/Shanghai',
        conversation: { tenantId: 'tenant-1', conversationId: 'conv-1', contactId: 'contact-1' },
        config: educationPackUnderTest,
        flows,
      });
      state = out.state;
      return out.replies.map((r) => r.text).join('\n');
    },
    ported: (port: string) => calls.filter((c) => c.port === port),
  };
}

const consented = {
  'consent.record': async () => ({ values: { consent_id: { value: 'c-1', text: 'c-1' } } }),
};
const offers = async () => ({
  options: [
    { value: 'slot-1', label: '12月8日（周二）上午 09:00' },
    { value: 'slot-2', label: '12月8日（周二）上午 10:15' },
  ],
});

describe('education flows in conversation', () => {
  it('book a campus tour: grade, group size, day, a pick, the hold, contact, confirmation', async () => {
    const c = chat({
      'booking.findSlots': offers,
      'booking.hold': async () => ({ values: { hold_id: { value: 'appt-1', text: 'appt-1' } } }),
      'booking.confirm': async () => ({ reference: 'T7K2Q9' }),
    });
    expect(await c.say('我想预约参观学校')).toContain('哪个年级');
    expect(await c.say('一年级')).toContain('几位');
    expect(await c.say('一家三口')).toContain('怎么称呼');
    expect(await c.say('我叫林静')).toContain('电话');
    expect(await c.say('13800000001')).toContain('哪天');
    expect(await c.say('下周二上午')).toContain('1. 12月8日（周二）上午 09:00');
    expect(c.ported('booking.findSlots')[0]).toMatchObject({
      args: { service: 'campus-tour' },
      slots: { grade: 'grade_1', group_size: '一家三口', date: '2026-12-08', part: 'morning', name: '林静' },
    });
    const confirm = await c.say('2');
    expect(confirm).toContain('已为您保留 12月8日（周二）上午 10:15');
    expect(confirm).toContain('联系人 林静，电话 13800000001');
    expect(confirm).toContain('一家三口');
    expect(c.ported('booking.hold')[0]?.slots).toMatchObject({ slot: 'slot-2', group_size: '一家三口' });
    expect(await c.say('是')).toContain('确认码 T7K2Q9');
    expect(c.ported('booking.confirm')[0]?.slots).toMatchObject({
      hold_id: 'appt-1',
      phone: '+8613800000001',
    });
    expect(c.ported('consent.record')).toEqual([]);
  });

  it('book an interview only after consent and verification, checking again before the hold', async () => {
    const c = chat({
      ...consented,
      'applications.verifyGuardian': async () => ({
        values: { application_grade: { value: 'grade_7', text: '初一（七年级）' } },
      }),
      'booking.findSlots': offers,
      'booking.hold': async () => ({ values: { hold_id: { value: 'appt-2', text: 'appt-2' } } }),
      'booking.confirm': async () => ({ reference: 'M4P8Z1' }),
    });
    expect(await c.say('我想预约入学面试')).toContain('v2026-11');
    expect(c.calls).toEqual([]);
    expect(await c.say('是')).toContain('报名编号');
    expect(c.ported('consent.record')[0]?.args).toEqual({
      version: 'v2026-11',
      purpose: 'admissions-enquiry',
    });
    expect(await c.say('A2027000012')).toContain('出生日期');
    expect(await c.say('2014年10月2日')).toContain('已核实，报名年级：初一（七年级）');
    expect(c.ported('applications.verifyGuardian')[0]?.slots).toMatchObject({
      applicant_number: 'A2027000012',
      child_birth_date: '2014-10-02',
      consent_id: 'c-1',
    });
    await c.say('我是许建华');
    expect(await c.say('13800000012')).toContain('哪天');
    expect(await c.say('下周二下午')).toContain('请回复序号');
    expect(c.ported('booking.findSlots')[0]?.args).toEqual({ service: 'admission-interview' });
    expect(c.ported('applications.verifyGuardian')).toHaveLength(1);
    const confirm = await c.say('1');
    expect(confirm).toContain('已为您保留');
    // The read-back shows the number as the NLU saw it (case-folded); the port gets it upper-cased.
    expect(confirm).toMatch(/报名编号 A2027000012/i);
    expect(c.ported('applications.verifyGuardian')).toHaveLength(2);
    expect(await c.say('是')).toContain('确认码 M4P8Z1');
  });

  it('book a campus tour in English', async () => {
    const c = chat({
      'booking.findSlots': async () => ({ options: [{ value: 'slot-1', label: 'Tue 8 Dec, 9:00 AM' }] }),
      'booking.hold': async () => ({ values: { hold_id: { value: 'appt-9', text: '' } } }),
      'booking.confirm': async () => ({ reference: 'EN42QX' }),
    });
    expect(await c.say('I would like to book a campus tour')).toContain('Which grade');
    expect(await c.say('grade 3')).toContain('How many people');
    expect(await c.say('3 people')).toContain('name of the parent');
    expect(await c.say('my name is Lin Jing')).toContain('phone number');
    expect(await c.say('+86 138 0000 0001')).toContain('Which day');
    expect(await c.say('next Tuesday in the morning')).toContain('1. Tue 8 Dec, 9:00 AM');
    // How the grade reads back is the grade vocabulary's first English form.
    const confirm = await c.say('1');
    expect(confirm).toContain('Please confirm: campus tour Tue 8 Dec, 9:00 AM, for ');
    expect(confirm).toContain('group: 3 people, contact Lin Jing, phone +86 138 0000 0001. Book it?');
    expect(await c.say('yes')).toContain('confirmation code is EN42QX');
  });

  it('offer afresh when the day is changed at the confirmation, and hold the new pick', async () => {
    const c = chat({
      'booking.findSlots': offers,
      'booking.hold': async (call) => ({
        values: { hold_id: { value: `hold-${call.slots.date}`, text: '' } },
      }),
      'booking.release': async () => ({}),
    });
    for (const text of ['预约校园参观', '初一', '3人', '我叫周立', '13800000002', '下周二上午'])
      await c.say(text);
    await c.say('1');
    expect(await c.say('改成下周四上午')).toContain('请回复序号');
    expect(c.ported('booking.findSlots').map((call) => call.slots.date)).toEqual([
      '2026-12-08',
      '2026-12-10',
    ]);
    await c.say('1');
    expect(c.ported('booking.hold').map((call) => call.slots.date)).toEqual(['2026-12-08', '2026-12-10']);
    expect(await c.say('不')).toContain('保留的时间已释放');
    expect(c.ported('booking.release')[0]?.slots.hold_id).toBe('hold-2026-12-10');
  });

  it('check consent and the applicant again when the interview day is changed at the confirmation', async () => {
    const c = chat({
      ...consented,
      'applications.verifyGuardian': async () => ({
        values: { application_grade: { value: 'g', text: '一年级' } },
      }),
      'booking.findSlots': offers,
      'booking.hold': async () => ({ values: { hold_id: { value: 'appt-3', text: '' } } }),
    });
    for (const text of [
      '预约面试',
      '是',
      'A2027000006',
      '2021年7月8日',
      '我是吴国强',
      '13800000006',
      '下周二下午',
    ])
      await c.say(text);
    await c.say('1');
    // A run that starts again starts at the consent: it is asked again, and the applicant re-checked.
    expect(await c.say('改成下周三下午')).toContain('v2026-11');
    expect(await c.say('是')).toContain('请回复序号');
    expect(c.ported('consent.record')).toHaveLength(2);
    expect(c.ported('applications.verifyGuardian')).toHaveLength(3);
    expect(c.ported('booking.findSlots').map((call) => call.slots.date)).toEqual([
      '2026-12-08',
      '2026-12-09',
    ]);
  });

  it('end without data when the guardian does not consent', async () => {
    const c = chat({});
    await c.say('查询申请进度');
    expect(await c.say('不')).toContain('没有收集孩子的任何信息');
    expect(c.calls).toEqual([]);
  });

  it('refuse to go on when the applicant cannot be verified', async () => {
    const c = chat({
      ...consented,
      'applications.status': async () => {
        throw new PortRefusal({
          'zh-CN': '报名编号与出生日期不匹配。',
          en: 'The number and date of birth do not match.',
        });
      },
    });
    await c.say('我想查一下录取结果');
    await c.say('是');
    await c.say('A2027000003');
    const reply = await c.say('2024年6月28日');
    expect(reply).toContain('报名编号与出生日期不匹配');
    expect(reply).toContain('无法核实');
  });

  it('tell a verified guardian the application status', async () => {
    const c = chat({
      ...consented,
      'applications.status': async () => ({
        values: {
          status: { value: 'offer', text: '申请 A2027000003：已录取。请在 10 个工作日内确认入学。' },
        },
      }),
    });
    await c.say('申请进度怎么样了');
    await c.say('是');
    await c.say('A2027000003');
    expect(await c.say('2024年6月28日')).toContain('已录取');
  });

  it('register a transfer enquiry for the admissions office', async () => {
    const c = chat({ ...consented, 'requests.staff': async () => ({ reference: 'R-20261201-07' }) });
    expect(await c.say('孩子想转学过来插班')).toContain('监护人');
    expect(await c.say('是')).toContain('几年级');
    expect(await c.say('四年级')).toContain('城市');
    expect(await c.say('现在在杭州')).toContain('电话');
    expect(await c.say('13800000024')).toContain('城市 杭州');
    expect(await c.say('是')).toContain('R-20261201-07');
    expect(c.ported('requests.staff')[0]).toMatchObject({
      args: { topic: 'transfer-enquiry' },
      slots: { current_grade: 'grade_4', current_city: '杭州', phone: '+8613800000024' },
    });
  });
});

import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../core/index.ts';
import { contactPseudonym, currentDataScope, runAssignmentPass, setPresence } from '../core/index.ts';
import { ChatClient, type ChatMessage } from '../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { demoPatients, medicalPack } from '../verticals/medical/index.ts';
import { seedDemoCatalogue } from './demo-booking.ts';

/**
 * The demo hospital, scripted end to end in each language over the real chat socket: FAQ, booking
 * by department, triage then booking, my appointments, reschedule, cancel, handoff, and an
 * emergency in the middle of a booking. Each ends in the database state and audit records it must.
 */

const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;
let db: TestDb;
let server: TestServer;
let hospital: Tenant;
// The server's warnings, where the development outbox writes one-time codes.
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(chunk.toString());
    if (process.env.CUSTOS_TEST_TRACE) process.stderr.write(chunk);
    done();
  },
});

beforeAll(async () => {
  db = await createTestDb();
  server = await startTestServer(db, { logger: pino({ level: 'warn' }, logSink) });
  hospital = await server.runtime.tenants.create(SEEDER, medicalPack.demoTenant);
  await server.runtime.chat.seedTenant(hospital);
  await seedDemoCatalogue(server.runtime, medicalPack, hospital.id);
  await medicalPack.seedDemo?.(
    {
      db: server.runtime.database.rowSecured(currentDataScope),
      contacts: server.runtime.contactRepository,
      contactService: server.runtime.contacts,
      audit: server.runtime.audit,
      pseudonymKey: server.runtime.pseudonymKey,
    },
    hospital.id,
  );
}, 180_000);
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function visit(locale: 'zh-CN' | 'en') {
  const response = await fetch(`${server.url}/api/v1/tenants/${hospital.slug}/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale, channel: 'widget' }),
  });
  expect(response.status).toBe(201);
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token });
  await client.next((f) => f.type === 'welcome');
  await client.next((f) => f.type === 'subscribed');
  await client.next((f) => f.type === 'message');
  let n = 0;
  const conversation = await server.runtime.chat.store.get(hospital.id, conversationId);
  return {
    conversationId,
    contactId: conversation?.contactId as string,
    client,
    /** The bot's replies to one message, as `kind: text`. */
    async say(text: string, replies = 1): Promise<string[]> {
      const got = await client.say(text, `m${++n}`, replies);
      await server.runtime.chat.assistant.idle();
      const lines = got.map((m: ChatMessage) => `${m.kind}: ${m.text}`);
      if (process.env.CUSTOS_TEST_TRACE) console.log(text, '→', lines);
      return lines;
    },
  };
}

async function appointmentsOf(contactId: string) {
  return server.runtime.scheduler.getAppointments({ tenantId: hospital.id, contactId, includePast: true });
}

async function auditedAppointmentActions(contactPseudonymCount = false) {
  await server.runtime.audit.sequenceNow();
  const rows = await sql<{ action: string; actor_kind: string; n: number }>`
    select action, actor_kind, count(*)::int as n from audit_events
    where tenant_id = ${hospital.id} and resource_type = 'Appointment'
    group by action, actor_kind order by action, actor_kind`.execute(db.db);
  return contactPseudonymCount ? rows.rows : rows.rows.map((r) => `${r.action}/${r.actor_kind}`);
}

const last = (replies: string[]) => replies.at(-1) ?? '';

/** The code the development outbox logged for the conversation's latest verification, if any. */
async function loggedCode(conversationId: string): Promise<string | undefined> {
  await server.runtime.contactVerification.settled();
  const latest = await db.db
    .selectFrom('contact_verifications')
    .select('verification_id')
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!latest) return undefined;
  const line = logLines.map((l) => JSON.parse(l)).find((l) => l.verificationId === latest.verification_id);
  return line?.code as string | undefined;
}

/** A booking made at the registration desk for a directory patient, not in any chat. */
async function bookAtDesk(contactId: string): Promise<string> {
  const { scheduler } = server.runtime;
  const [slot] = await scheduler.findSlots({
    tenantId: hospital.id,
    serviceCode: 'dermatology',
    from: new Date(Date.now() + 3 * 86_400_000),
    limit: 1,
  });
  if (!slot) throw new Error('the demo catalogue has no dermatology slot');
  const key = `desk-${slot.slotId}`;
  const hold = await scheduler.hold({
    tenantId: hospital.id,
    slotId: slot.slotId,
    contactId,
    idempotencyKey: key,
    channel: 'web',
  });
  const booked = await scheduler.confirm({
    tenantId: hospital.id,
    appointmentId: hold.appointmentId,
    idempotencyKey: key,
  });
  return booked.confirmationCode;
}

describe(`the demo hospital in Chinese on ${testDialect()}`, () => {
  it('verifies a returning patient by record number and texted code before showing their record’s appointments', async () => {
    const [registered] = demoPatients;
    const [patient] = (
      await server.runtime.contactRepository.findBy(hospital.id, 'medicalRecordNumber', registered.mrn)
    ).filter((c) => c.kind === 'patient');
    expect(patient).toBeDefined();
    const deskCode = await bookAtDesk(patient?.id as string);

    // A stranger's number gets the same answers, and no code goes anywhere.
    const stranger = await visit('zh-CN');
    const gate = await stranger.say('我的预约有哪些', 2);
    expect(gate[0]).toMatch(/^prompt: 查询或更改就诊记录上的预约前，需要先核实您的身份/);
    expect(last(gate)).toMatch(/^prompt: 请输入就诊卡上的病历号/);
    const strangerSent = await stranger.say('MRN-999999', 2);
    expect(strangerSent[0]).toMatch(/^done: 如果病历号无误，验证码已发送/);
    expect(last(strangerSent)).toMatch(/^prompt: 请输入短信里的 6 位验证码/);
    expect(await loggedCode(stranger.conversationId)).toBeUndefined();
    expect(last(await stranger.say('123456', 2))).toMatch(/^prompt: 请输入短信里的 6 位验证码/);
    await stranger.client.close();

    const chat = await visit('zh-CN');
    await chat.say('我的预约有哪些', 2);
    await chat.say(`我的病历号是 ${registered.mrn}`, 2);
    const code = await loggedCode(chat.conversationId);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const retry = await chat.say(wrong, 2);
    expect(retry[0]).toMatch(/^prompt: 验证码不对/);
    expect(last(retry)).toMatch(/^prompt: 请输入短信里的 6 位验证码/);
    const shown = await chat.say(`验证码是 ${code}`, 2);
    expect(shown[0]).toBe('done: 谢谢，身份已核实。');
    expect(last(shown)).toContain(deskCode);
    // Verified for the conversation: the next question about appointments goes straight through.
    expect(last(await chat.say('帮我取消预约'))).toMatch(/^prompt: 您要取消哪一个预约/);

    const subject = await contactPseudonym(server.runtime.pseudonymKey, hospital.id, patient?.id as string);
    await server.runtime.audit.sequenceNow();
    const logins = await sql<{ n: number }>`
      select count(*)::int as n from audit_events
      where tenant_id = ${hospital.id} and action = 'login' and actor_kind = 'contact'
        and subject_pseudonym = ${subject}`.execute(db.db);
    expect(logins.rows[0]?.n).toBe(1);
    // The code never reaches the log with the phone it went to.
    expect(logLines.join('\n')).not.toContain(registered.mobilePhone.replace(/-/g, ''));
    await chat.client.close();
  });

  it('answers an FAQ, books by department, lists, reschedules and cancels — each audited', async () => {
    const chat = await visit('zh-CN');
    const faq = await chat.say('门诊几点开门');
    expect(faq[0]).toMatch(/^answer: .*\d/);

    const offer = await chat.say('我想挂心内科下周一上午的号');
    expect(last(offer)).toMatch(/^prompt: .*心血管内科.*\n1\. /s);
    const held = await chat.say('1', 2);
    expect(held[0]).toMatch(/^done: 已为您保留/);
    expect(last(held)).toMatch(/^prompt: 请问就诊人的姓名/);
    expect(last(await chat.say('我叫王小明'))).toMatch(/^prompt: 请留一个联系电话/);
    expect(last(await chat.say('13800000000'))).toMatch(/^confirm: 请确认：心血管内科.*王小明/);
    const booked = await chat.say('确认');
    const code = /确认码 ([A-Z0-9]{8})/.exec(last(booked))?.[1];
    expect(code).toBeDefined();
    let mine = await appointmentsOf(chat.contactId);
    expect(mine.map((a) => [a.status, a.confirmationCode, a.service.code])).toEqual([
      ['booked', code, 'cardiology'],
    ]);

    const listed = await chat.say('我的预约有哪些');
    expect(last(listed)).toContain(code as string);

    const pick = await chat.say('我想改约');
    expect(last(pick)).toMatch(/^prompt: 您要改哪一个预约/);
    expect(last(await chat.say('1'))).toMatch(/^prompt: 请问您想哪天就诊/);
    const times = await chat.say('下周三上午');
    expect(last(times)).toMatch(/^prompt: .*\n1\. /s);
    expect(last(await chat.say('2'))).toMatch(/^confirm: 把 .* 改到 /);
    const moved = await chat.say('是的');
    const newCode = /新的确认码 ([A-Z0-9]{8})/.exec(last(moved))?.[1];
    expect(newCode).toBeDefined();
    mine = await appointmentsOf(chat.contactId);
    expect(mine.map((a) => a.status).sort()).toEqual(['booked', 'cancelled']);

    expect(last(await chat.say('帮我取消预约'))).toMatch(/^prompt: 您要取消哪一个预约/);
    expect(last(await chat.say('1'))).toMatch(/^confirm: 确认取消/);
    expect(last(await chat.say('确认'))).toMatch(/^done: 已取消/);
    mine = await appointmentsOf(chat.contactId);
    expect(mine.every((a) => a.status === 'cancelled')).toBe(true);

    // Booked (create), moved (create of the new one), cancelled (update): each by the contact.
    const actions = await auditedAppointmentActions();
    expect(actions).toEqual(expect.arrayContaining(['create/contact', 'update/contact']));
    await chat.client.close();
  });

  it('suggests a department for symptoms, then books it', async () => {
    const chat = await visit('zh-CN');
    const triage = await chat.say('孩子发烧39度，咳嗽，挂哪个科', 2);
    expect(triage[0]).toMatch(/^done: 根据您的描述.*儿科/s);
    expect(last(triage)).toMatch(/^confirm: 需要帮您预约儿科吗/);
    expect(last(await chat.say('好的'))).toMatch(/^prompt: 请问您想哪天就诊/);
    expect(last(await chat.say('下周二晚上'))).toMatch(/^prompt: .*\n1\. /s);
    await chat.say('1', 2);
    await chat.say('我是小明的妈妈李华');
    await chat.say('13800000001');
    expect(last(await chat.say('确认'))).toMatch(/^done: 预约成功/);
    const mine = await appointmentsOf(chat.contactId);
    expect(mine.map((a) => [a.status, a.service.code])).toEqual([['booked', 'pediatrics']]);
    await chat.client.close();
  });

  it('interrupts a booking for an emergency: guidance, a human with top priority', async () => {
    // Someone else asked for a person first: the emergency still reaches the agent before them.
    const earlier = await visit('zh-CN');
    expect((await earlier.say('转人工'))[0]).toMatch(/^handoff: /);
    const chat = await visit('zh-CN');
    await chat.say('我想挂心内科');
    const alarm = await chat.say('我爸突然胸口很痛，喘不上气，满头大汗');
    expect(alarm[0]).toMatch(/^safety: .*120/);
    await chat.client.next((f) => f.type === 'status' && f.status === 'queued');
    const row = await sql<{
      status: string;
      queue_id: string;
      priority: number;
      handoff_reason: string;
      queued: boolean;
    }>`
      select status, queue_id, priority, handoff_reason, queued_at is not null as queued from conversations
      where tenant_id = ${hospital.id} and conversation_id = ${chat.conversationId}`.execute(db.db);
    expect(row.rows[0]).toEqual({
      status: 'queued',
      queue_id: 'front-desk',
      priority: 100,
      handoff_reason: 'safety',
      queued: true,
    });
    // The agent who takes over reads why, and the booking that was under way, in an internal note.
    const notes = (
      await server.runtime.chat.store.after(hospital.id, chat.conversationId, 0, { includeInternal: true })
    ).filter((m) => m.internal);
    expect(notes.map((m) => m.body)).toEqual([
      expect.stringMatching(
        /^Handed over \(safety\)\. .*\nRed flags: .*chest_pain.*\nFlow book-appointment v1 .*department: 心内科/s,
      ),
    ]);
    // The contact never sees it.
    expect(chat.client.messages().some((m) => m.text.startsWith('Handed over'))).toBe(false);

    // One agent of the front desk comes online with room for one conversation: the emergency.
    const { user } = await server.runtime.identity.users.create(SEEDER, {
      tenantSlug: hospital.slug,
      loginName: 'desk-emergency',
      roles: ['agent'],
      queueIds: ['front-desk'],
      password: 'synthetic-password-0099',
    });
    const app = server.runtime.database.rowSecured(currentDataScope);
    await setPresence(app, hospital.id, user.id, { status: 'online', capacity: 1 });
    await runAssignmentPass(app, { now: new Date() });
    const holders = await sql<{ conversation_id: string; assignee_id: string | null }>`
      select conversation_id, assignee_id from conversations
      where tenant_id = ${hospital.id} and conversation_id in (${chat.conversationId}, ${earlier.conversationId})`.execute(
      db.db,
    );
    const byId = Object.fromEntries(holders.rows.map((r) => [r.conversation_id, r.assignee_id]));
    expect(byId).toEqual({ [chat.conversationId]: user.id, [earlier.conversationId]: null });
    await setPresence(app, hospital.id, user.id, { status: 'offline' });
    await earlier.client.close();
    await chat.client.close();
  });

  it('hands over to a person on request', async () => {
    const chat = await visit('zh-CN');
    expect((await chat.say('转人工'))[0]).toMatch(/^handoff: /);
    const conversation = await server.runtime.chat.store.get(hospital.id, chat.conversationId);
    expect(conversation?.status).toBe('queued');
    await chat.client.close();
  });
});

describe(`the demo hospital in English on ${testDialect()}`, () => {
  it('registers a records request only after the patient proves who they are', async () => {
    const registered = demoPatients[1];
    const chat = await visit('en');
    const gate = await chat.say('I need a copy of my medical records', 3);
    expect(gate[0]).toMatch(/^answer: Copies of records are released only to the patient/);
    expect(gate[1]).toMatch(/^prompt: Before I can do this, I need to confirm who you are/);
    expect(last(gate)).toMatch(/^prompt: Please type the medical record number/);
    const sent = await chat.say(`my record number is ${registered.mrn}`, 2);
    expect(last(sent)).toMatch(/^prompt: Please type the 6-digit code/);
    const code = await loggedCode(chat.conversationId);
    expect(code).toMatch(/^\d{6}$/);
    const verified = await chat.say(`the code is ${code}`, 2);
    expect(verified[0]).toBe('done: Thank you, you are verified.');
    expect(last(verified)).toMatch(/^prompt: What is the patient’s full name/);
    await chat.say('My name is Demo Patient B');
    expect(last(await chat.say('13800000102'))).toMatch(/^confirm: Register a records request/);
    expect(last(await chat.say('yes'))).toMatch(/^done: Registered: request REQ-[0-9A-F]{8}/);
    // The front desk's note says the identity was proven and never lists the code.
    const notes = (
      await server.runtime.chat.store.after(hospital.id, chat.conversationId, 0, { includeInternal: true })
    ).filter((m) => m.internal && m.meta?.kind === 'request');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('identity verified');
    expect(notes[0]?.body).not.toContain(code as string);
    await chat.client.close();
  });

  it('lists a verified patient’s appointments made at the desk', async () => {
    const registered = demoPatients[2];
    const [patient] = (
      await server.runtime.contactRepository.findBy(hospital.id, 'medicalRecordNumber', registered.mrn)
    ).filter((c) => c.kind === 'patient');
    const deskCode = await bookAtDesk(patient?.id as string);
    const chat = await visit('en');
    const gate = await chat.say('show my appointments', 2);
    expect(gate[0]).toMatch(/^prompt: Before I can show or change the appointments on your hospital record/);
    await chat.say(registered.mrn, 2);
    const code = await loggedCode(chat.conversationId);
    expect(code).toMatch(/^\d{6}$/);
    const shown = await chat.say(code as string, 2);
    expect(shown[0]).toBe('done: Thank you, you are verified.');
    expect(last(shown)).toContain(deskCode);
    await chat.client.close();
  });

  it('answers an FAQ, books by department and cancels', async () => {
    const chat = await visit('en');
    const faq = await chat.say('where can I park my car');
    expect(faq[0]).toMatch(/^answer: /);
    const offer = await chat.say('I want to book dermatology next monday afternoon');
    expect(last(offer)).toMatch(/^prompt: Free dermatology times .*\n1\. /is);
    await chat.say('the first one', 2);
    await chat.say('my name is Alex Chen');
    expect(last(await chat.say('13800000002'))).toMatch(/^confirm: Please confirm: dermatology/i);
    const booked = await chat.say('yes');
    const code = /confirmation code is ([A-Z0-9]{8})/.exec(last(booked))?.[1];
    expect(code).toBeDefined();
    expect(last(await chat.say('cancel my appointment'))).toMatch(
      /^prompt: Which appointment would you like to cancel/,
    );
    await chat.say('1');
    expect(last(await chat.say('yes'))).toMatch(/^done: Cancelled/);
    const mine = await appointmentsOf(chat.contactId);
    expect(mine.map((a) => a.status)).toEqual(['cancelled']);
    await chat.client.close();
  });

  it('books after triage, lists, and reschedules — each audited', async () => {
    const chat = await visit('en');
    const triage = await chat.say('my son has a fever of 39 and a cough, which department?', 2);
    expect(triage[0]).toMatch(/^done: From what you describe .*Pediatrics/is);
    expect(last(triage)).toMatch(/^confirm: Shall I book Pediatrics/i);
    expect(last(await chat.say('yes please'))).toMatch(/^prompt: Which day would you like to come/);
    expect(last(await chat.say('next tuesday evening'))).toMatch(/^prompt: .*\n1\. /s);
    await chat.say('1', 2);
    await chat.say('I am his mother, Sam Lee');
    expect(last(await chat.say('13800000003'))).toMatch(/^confirm: Please confirm: pediatrics/i);
    const booked = await chat.say('yes');
    const code = /confirmation code is ([A-Z0-9]{8})/.exec(last(booked))?.[1];
    expect(code).toBeDefined();

    expect(last(await chat.say('what appointments do I have'))).toContain(code as string);
    expect(last(await chat.say('I need to reschedule my appointment'))).toMatch(
      /^prompt: Which appointment would you like to move/,
    );
    expect(last(await chat.say('1'))).toMatch(/^prompt: Which day would you like to come/);
    expect(last(await chat.say('next wednesday evening'))).toMatch(/^prompt: .*\n1\. /s);
    expect(last(await chat.say('2'))).toMatch(/^confirm: Move .* to /);
    const moved = await chat.say('yes');
    expect(last(moved)).toMatch(/^done: Done: moved to .*New confirmation code [A-Z0-9]{8}/);
    const mine = await appointmentsOf(chat.contactId);
    expect(mine.map((a) => a.status).sort()).toEqual(['booked', 'cancelled']);
    expect(await auditedAppointmentActions()).toEqual(expect.arrayContaining(['create/contact']));
    await chat.client.close();
  });

  it('suggests a department for symptoms and lets the patient decline', async () => {
    const chat = await visit('en');
    const triage = await chat.say('I have had an itchy rash on my arms for a week, which department?', 2);
    expect(triage[0]).toMatch(/^done: From what you describe .*Dermatology/s);
    expect(last(await chat.say('no thanks'))).toMatch(/^done: All right/);
    await chat.client.close();
  });

  it('hands over on request, and an emergency preempts', async () => {
    const chat = await visit('en');
    expect((await chat.say('can I talk to a real person'))[0]).toMatch(/^handoff: /);
    const other = await visit('en');
    const alarm = await other.say('my dad collapsed and is not breathing');
    expect(alarm[0]).toMatch(/^safety: .*120/);
    await chat.client.close();
    await other.client.close();
  });
});

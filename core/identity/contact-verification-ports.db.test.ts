import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { createBookingPorts } from '../booking/booking-ports.ts';
import { contactScheduling } from '../booking/contact-scheduling.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { type PortCall, PortRefusal } from '../dialogue/dialogue-types.ts';
import type { FlowBody } from '../dialogue/flow.schema.ts';
import { createContactVerificationPorts } from './contact-verification-ports.ts';
import { auditEvents } from './identity.fixture.ts';

/**
 * The `identity.*` ports through the chat runtime: a scripted conversation over the real socket
 * in which a visitor proves to be a record and then lists that record's appointments (the
 * runtime passes `verifiedSubjectId` to the booking ports); the booking ports' limits for a
 * verified visitor; the refusals the ports turn into bilingual text.
 */

let db: TestDb;
let server: TestServer;
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(chunk.toString());
    done();
  },
});

// Synthetic directory records; every value is made up.
const PATIENT = { mrn: 'MRN-660001', phone: '138-0000-0061', born: '1983-06-07' };
const OTHER = { mrn: 'MRN-660002', phone: '138-0000-0062', born: '1994-08-09' };
let patient: string;
let other: string;
let serviceId: string;
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The test pack's booking flow, replaced by the tenant with a verification flow. */
const verifyFlow: FlowBody = {
  id: 'book-visit',
  title: t('核验身份并查询预约', 'Verify and list appointments'),
  trigger: ['book_visit'],
  slots: [
    {
      name: 'identifier',
      entity: 'text',
      prompt: t('请输入您的病历号。', 'Please type your medical record number.'),
    },
    { name: 'code', entity: 'text', prompt: t('请输入短信验证码。', 'Please type the code we sent you.') },
  ],
  start: 'ask_identifier',
  states: [
    { id: 'ask_identifier', type: 'ask', slot: 'identifier', next: 'send' },
    {
      id: 'send',
      type: 'act',
      port: 'identity.startCode',
      args: { identifier_kind: 'medical_record_number' },
      provides: ['verification_id'],
      failed: 'refused',
      next: 'ask_code',
    },
    { id: 'ask_code', type: 'ask', slot: 'code', next: 'check' },
    { id: 'check', type: 'act', port: 'identity.confirmCode', failed: 'refused', next: 'list' },
    {
      id: 'list',
      type: 'act',
      port: 'booking.listMine',
      provides: ['appointments'],
      done: t('{appointments}', '{appointments}'),
      next: 'done',
    },
    { id: 'done', type: 'end' },
    { id: 'refused', type: 'end', outcome: 'cancelled' },
  ],
};

async function bookFor(contactId: string, days: number) {
  const tenantId = server.tenant.id;
  const slotId = randomUUID();
  const startsAt = new Date(Date.now() + days * 86_400_000);
  await db.db
    .insertInto('booking_slots')
    .values({
      tenant_id: tenantId,
      slot_id: slotId,
      schedule_id: null,
      service_id: serviceId,
      resource_id: null,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 15 * 60_000),
      capacity: 1,
    })
    .execute();
  const key = `ports-test-${slotId}`;
  const { scheduler } = server.runtime;
  const hold = await scheduler.hold({ tenantId, slotId, contactId, idempotencyKey: key, channel: 'web' });
  return scheduler.confirm({ tenantId, appointmentId: hold.appointmentId, idempotencyKey: key });
}

async function visit() {
  const response = await fetch(`${server.url}/api/v1/tenants/${server.tenant.slug}/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'zh-CN', channel: 'widget' }),
  });
  expect(response.status).toBe(201);
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token });
  await client.next((f) => f.type === 'welcome');
  await client.next((f) => f.type === 'subscribed');
  await client.next((f) => f.type === 'message');
  const conversation = await server.runtime.chat.store.get(server.tenant.id, conversationId);
  let n = 0;
  return {
    conversationId,
    visitorId: conversation?.contactId as string,
    client,
    async say(text: string, replies = 1) {
      const got = await client.say(text, `m${++n}`, replies);
      await server.runtime.chat.assistant.idle();
      return got.map((m) => m.text);
    },
  };
}

/** The code the development outbox logged for the conversation's latest challenge. */
async function loggedCode(conversationId: string) {
  await server.runtime.contactVerification.settled();
  const latest = await db.db
    .selectFrom('contact_verifications')
    .select('verification_id')
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const line = lines.map((l) => JSON.parse(l)).find((l) => l.verificationId === latest.verification_id);
  return line?.code as string | undefined;
}

const call = (over: Partial<PortCall> & Pick<PortCall, 'port' | 'contactId'>): PortCall => ({
  tenantId: server.tenant.id,
  conversationId: randomUUID(),
  flowId: 'test',
  version: 1,
  slots: {},
  locale: 'zh-CN',
  idempotencyKey: randomUUID(),
  timeZone: 'Asia/Shanghai',
  now: new Date(),
  text: '',
  args: {},
  ...over,
});

beforeAll(async () => {
  db = await createTestDb();
  server = await startTestServer(db, { logger: pino({ level: 'warn' }, sink) });
  const tenantId = server.tenant.id;
  const access = {
    actor: { kind: 'staff', id: 'u-registrar-3', role: 'clerk' },
    tenantId,
    purpose: 'PATADMIN',
  } as const;
  const create = (record: typeof PATIENT) =>
    server.runtime.contacts.create(access, {
      kind: 'patient',
      displayName: '测试患者',
      medicalRecordNumber: record.mrn,
      mobilePhone: record.phone,
      dateOfBirth: record.born,
    });
  patient = (await create(PATIENT)).id;
  other = (await create(OTHER)).id;
  serviceId = randomUUID();
  await db.db
    .insertInto('booking_services')
    .values({
      tenant_id: tenantId,
      service_id: serviceId,
      code: 'general',
      names: JSON.stringify({ 'zh-CN': '全科', en: 'General practice' }),
      duration_minutes: 15,
      school_id: null,
    })
    .execute();
  const admin = {
    kind: 'staff',
    id: randomUUID(),
    role: 'tenant_admin',
    tenantId,
    roles: ['tenant_admin'],
    mfa: true,
  } as Actor;
  // Saving reads the pack's flows through the tenant cache outside its transaction: warm it
  // first, or the single PGlite connection waits on itself.
  await server.runtime.tenantCache.byId(tenantId);
  await server.runtime.chat.dialogueAdmin.saveFlow(
    admin,
    { id: tenantId, vertical: server.tenant.vertical },
    'book-visit',
    verifyFlow,
  );
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

describe(`verification ports through the chat runtime on ${testDialect()}`, () => {
  it("verifies a visitor in the conversation, then lists the record's appointments", async () => {
    const booked = await bookFor(patient, 3);
    const theirs = await bookFor(other, 4);
    const chat = await visit();
    expect((await chat.say('我想预约')).at(-1)).toContain('病历号');
    expect((await chat.say(PATIENT.mrn)).at(-1)).toContain('验证码');
    const code = await loggedCode(chat.conversationId);
    expect(code).toMatch(/^\d{6}$/);
    const listed = (await chat.say(code as string)).join('\n');
    expect(listed).toContain(booked.confirmationCode);
    expect(listed).not.toContain(theirs.confirmationCode);

    const assurance = await server.runtime.contactVerification.assuranceOf(
      server.tenant.id,
      chat.conversationId,
      chat.visitorId,
    );
    expect(assurance?.subjectId).toBe(patient);
    const subject = await contactPseudonym(server.runtime.pseudonymKey, server.tenant.id, patient);
    const logins = (await auditEvents({ runtime: server.runtime } as never, server.tenant.id)).filter(
      (e) => e.action === 'login' && e.subject?.pseudonym === subject,
    );
    expect(logins).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('13800000061');
    await chat.client.close();
  });

  it('says a wrong code back to the visitor in their language and verifies nobody', async () => {
    const chat = await visit();
    await chat.say('我想预约');
    await chat.say(PATIENT.mrn);
    const code = await loggedCode(chat.conversationId);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await chat.say(wrong)).join('\n')).toContain('验证码不对');
    expect(
      await server.runtime.contactVerification.assuranceOf(
        server.tenant.id,
        chat.conversationId,
        chat.visitorId,
      ),
    ).toBeUndefined();
    await chat.client.close();
  });

  it('lets booking ports reach the verified record, and refuses an appointment that is neither’s', async () => {
    const ports = createBookingPorts({
      scheduling: contactScheduling(server.runtime.scheduler, {
        db: server.runtime.database.rowSecured(currentDataScope),
        audit: server.runtime.audit,
        pseudonymKey: server.runtime.pseudonymKey,
      }),
    });
    const visitor = await server.runtime.contacts.createVisitor(server.tenant.id, '访客 PORT');
    const own = await bookFor(visitor, 2);
    const recordsOne = await bookFor(patient, 5);
    const stranger = await bookFor(other, 6);
    const mine = await ports['booking.myAppointments']!(
      call({ port: 'booking.myAppointments', contactId: visitor, verifiedSubjectId: patient }),
    );
    const offered = mine.options?.map((o) => o.value) ?? [];
    expect(offered).toEqual(expect.arrayContaining([own.id, recordsOne.id]));
    expect(offered).not.toContain(stranger.id);
    const unverified = await ports['booking.myAppointments']!(
      call({ port: 'booking.myAppointments', contactId: visitor }),
    );
    expect(unverified.options?.map((o) => o.value)).toEqual([own.id]);

    const cancel = (appointment: string, verifiedSubjectId?: string) =>
      ports['booking.cancel']!(
        call({
          port: 'booking.cancel',
          contactId: visitor,
          slots: { appointment },
          ...(verifiedSubjectId ? { verifiedSubjectId } : {}),
        }),
      );
    await expect(cancel(stranger.id, patient)).rejects.toBeInstanceOf(PortRefusal);
    await expect(cancel(recordsOne.id)).rejects.toBeInstanceOf(PortRefusal);
    const reschedule = ports['booking.reschedule']!(
      call({
        port: 'booking.reschedule',
        contactId: visitor,
        verifiedSubjectId: patient,
        slots: { appointment: stranger.id, slot: randomUUID() },
      }),
    );
    await expect(reschedule).rejects.toBeInstanceOf(PortRefusal);
    expect(await cancel(recordsOne.id, patient)).toEqual({ reference: recordsOne.confirmationCode });
    // The visitor acted: the event names them as the actor and the record's person as the subject.
    const subject = await contactPseudonym(server.runtime.pseudonymKey, server.tenant.id, patient);
    const cancelled = (await auditEvents({ runtime: server.runtime } as never, server.tenant.id)).filter(
      (e) => e.action === 'update' && e.resource?.id === recordsOne.id,
    );
    expect(cancelled).toHaveLength(1);
    const actor = await contactPseudonym(server.runtime.pseudonymKey, server.tenant.id, visitor);
    expect(actor).not.toBe(subject);
    expect(cancelled[0]).toMatchObject({
      actor: { kind: 'contact', id: actor },
      subject: { pseudonym: subject },
    });
    const after = await server.runtime.scheduler.getAppointments({
      tenantId: server.tenant.id,
      contactId: other,
    });
    expect(after.find((a) => a.id === stranger.id)?.status).toBe('booked');
  });

  it('turns refusals into text the visitor can act on, in both languages', async () => {
    const ports = createContactVerificationPorts({
      verification: server.runtime.contactVerification,
      tenantOf: async (id) => ({ id, vertical: server.tenant.vertical }),
    });
    const visitor = await server.runtime.contacts.createVisitor(server.tenant.id, '访客 REFUSE');
    const conversationId = randomUUID();
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(PortRefusal);
        return (error as PortRefusal).text;
      }
    };
    const knowledge = (dateOfBirth: string, locale: PortCall['locale'] = 'en') =>
      ports['identity.knowledgeCheck']!(
        call({
          port: 'identity.knowledgeCheck',
          contactId: visitor,
          conversationId,
          locale,
          slots: {
            identifier_kind: 'medical_record_number',
            identifier: OTHER.mrn,
            date_of_birth: dateOfBirth,
          },
        }),
      );
    const noMatch = await refusal(knowledge('2001-01-01'));
    expect(noMatch?.en).toMatch(/do not match/);
    expect(noMatch?.['zh-CN']).toMatch(/不符/);
    expect((await refusal(knowledge('2001-02-30')))?.en).toMatch(/does not look right/);
    const unknownKind = await refusal(
      ports['identity.startCode']!(
        call({
          port: 'identity.startCode',
          contactId: visitor,
          conversationId,
          slots: { identifier_kind: 'passport', identifier: 'E1234' },
        }),
      ),
    );
    expect(unknownKind?.en).toMatch(/medical record number/);
    for (let i = 0; i < 4; i++) await refusal(knowledge('2001-01-01'));
    expect((await refusal(knowledge(OTHER.born)))?.['zh-CN']).toMatch(/一小时后/);
  });
});

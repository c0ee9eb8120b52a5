import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentDataScope, type Tenant } from '../core/index.ts';
import { ChatClient } from '../testing/chat-client.ts';
import { createTestDb, type TestDb, testDialect } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { educationPack } from '../verticals/education/index.ts';
import { seedDemoCatalogue } from './demo-booking.ts';

/**
 * The demo school over the real chat socket: a tour booked for a group, consent before any child
 * data, a guardian told the stage of their own child's application — and a guardian who gives another
 * child's number told nothing, the attempt audited.
 */

const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;
let db: TestDb;
let server: TestServer;
let school: Tenant;

beforeAll(async () => {
  db = await createTestDb();
  server = await startTestServer(db);
  const { runtime } = server;
  school = await runtime.tenants.create(SEEDER, educationPack.demoTenant);
  await runtime.chat.seedTenant(school);
  await seedDemoCatalogue(runtime, educationPack, school.id);
  await educationPack.seedDemo?.(
    {
      db: runtime.database.rowSecured(currentDataScope),
      contacts: runtime.contactRepository,
      contactService: runtime.contacts,
      audit: runtime.audit,
      pseudonymKey: runtime.pseudonymKey,
    },
    school.id,
  );
}, 180_000);
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function visit(locale: 'zh-CN' | 'en') {
  const response = await fetch(`${server.url}/api/v1/tenants/${school.slug}/chat/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale, channel: 'widget' }),
  });
  expect(response.status).toBe(201);
  const { token } = (await response.json()) as { token: string };
  const client = await ChatClient.connect(server.wsUrl);
  client.send({ type: 'hello', token });
  await client.next((f) => f.type === 'welcome');
  await client.next((f) => f.type === 'message');
  let n = 0;
  return {
    client,
    async say(text: string, replies = 1): Promise<string> {
      const got = await client.say(text, `m${++n}`, replies);
      await server.runtime.chat.assistant.idle();
      const lines = got.map((m) => `${m.kind}: ${m.text}`);
      if (process.env.CUSTOS_TEST_TRACE) console.log(text, '→', lines);
      return lines.at(-1) ?? '';
    },
  };
}

async function failedApplicationReads(): Promise<number> {
  await server.runtime.audit.sequenceNow();
  const rows = await sql<{ n: number }>`
    select count(*)::int as n from audit_events
    where tenant_id = ${school.id} and action = 'read' and outcome <> 'success'`.execute(db.db);
  return rows.rows[0]?.n ?? 0;
}

describe(`the demo school on ${testDialect()}`, () => {
  it('asks consent first, then tells a guardian the stage of their own child, never the name', async () => {
    const chat = await visit('zh-CN');
    expect(await chat.say('我家孩子的申请审核到哪一步了')).toMatch(/^confirm: .*监护人同意/s);
    expect(await chat.say('是')).toMatch(/^prompt: /);
    expect(await chat.say('A2027000001')).toMatch(/^prompt: /);
    const status = await chat.say('2024年3月12日');
    expect(status).toMatch(/^done: /);
    expect(status).not.toContain('林小禾');
    const consents = await sql<{ n: number }>`
      select count(*)::int as n from guardian_consents where tenant_id = ${school.id}`.execute(db.db);
    expect(consents.rows[0]?.n).toBe(1);
    await chat.client.close();
  });

  it("gives nothing for another child's number, and audits the attempt", async () => {
    const before = await failedApplicationReads();
    const chat = await visit('zh-CN');
    await chat.say('查询申请进度');
    await chat.say('是');
    await chat.say('A2027000002');
    // A2027000001's birth date, not A2027000002's.
    const refused = await chat.say('2024年3月12日');
    expect(refused).not.toContain('周沐晨');
    expect(refused).not.toMatch(/under_review|审核中/);
    expect(await failedApplicationReads()).toBe(before + 1);
    await chat.client.close();
  });

  it('collects nothing about the child when the guardian declines consent', async () => {
    const chat = await visit('en');
    expect(await chat.say("what's the status of my son's application")).toMatch(/^confirm: .*consent/s);
    expect(await chat.say('no')).toMatch(/^done: .*none of your child/);
    await chat.client.close();
  });

  it('books a campus tour for a family', async () => {
    const chat = await visit('zh-CN');
    expect(await chat.say('想预约参观学校，孩子明年上初一')).toMatch(/^prompt: /);
    await chat.say('我们一家三口');
    await chat.say('我叫张伟');
    await chat.say('13800000003');
    const offer = await chat.say('下周六上午');
    expect(offer).toMatch(/^prompt: .*\n1\. /s);
    await chat.say('1', 2);
    const booked = await chat.say('确认');
    expect(booked).toMatch(/^done: 预约成功！确认码 [A-Z0-9]{8}/);
    // The group size goes with the booking, sealed in its note.
    const code = /确认码 ([A-Z0-9]{8})/.exec(booked)?.[1];
    const { rows } = await sql<{ contact_id: string }>`
      select contact_id from appointments where tenant_id = ${school.id} and confirmation_code = ${code}`.execute(
      db.db,
    );
    const [appointment] = await server.runtime.scheduler.getAppointments({
      tenantId: school.id,
      contactId: rows[0]?.contact_id as string,
    });
    expect(appointment?.note).toContain('group_size: 我们一家三口');
    await chat.client.close();
  });
});

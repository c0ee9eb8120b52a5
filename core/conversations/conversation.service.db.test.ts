import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { contactPseudonym } from '../contacts/contact-audit.ts';
import { isAppError } from '../errors/app-error.ts';
import { type ConversationWorld, conversationWorld, pseudonymKey } from './conversation.fixture.ts';

let handle: TestDb;
let world: ConversationWorld;
beforeAll(async () => {
  handle = await createTestDb();
  world = await conversationWorld(handle);
});
afterAll(async () => {
  await world?.bus.close();
  await handle?.destroy();
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

const pending = async (tenantId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from audit_pending where tenant_id = ${tenantId}`.execute(handle.db)
  ).rows[0]!.n;

/** A queued conversation in `queue` with a contact message, a bot reply and a staff note. */
async function queuedChat(n: number, queue = 'front-desk') {
  const { contact, conversation } = await world.conversation(n, { status: 'queued', queueId: queue });
  await world.store.append(world.tenantId, conversation.id, {
    authorKind: 'contact',
    body: `我是第${n}位患者`,
  });
  await world.store.appendMany(world.tenantId, conversation.id, [
    { authorKind: 'bot', body: '正在为您转接' },
    { authorKind: 'staff', authorId: randomUUID(), internal: true, body: '内部备注：请优先处理' },
  ]);
  return { contact, conversation };
}

describe(`conversation service (${testDialect()})`, () => {
  it('records a staff read, naming the contact by pseudonym, before returning the messages', async () => {
    const { contact, conversation } = await queuedChat(1);
    const agent = world.agent(['front-desk']);
    const before = await pending(world.tenantId);
    const messages = await world.service.readMessages(agent, conversation.id);
    expect(messages.map((m) => m.body)).toEqual(['我是第1位患者', '正在为您转接', '内部备注：请优先处理']);
    expect(await pending(world.tenantId)).toBe(before + 1);
    expect(world.events.at(-1)).toEqual({
      tenantId: world.tenantId,
      actor: { id: agent.actor.id, role: 'agent', kind: 'staff' },
      action: 'read',
      purpose: 'PATADMIN',
      resource: { type: 'Conversation', id: conversation.id },
      subject: {
        type: 'contact',
        pseudonym: await contactPseudonym(pseudonymKey, world.tenantId, contact.id),
      },
      outcome: { result: 'success' },
    });
    expect(await world.service.readMessages(agent, conversation.id, 2)).toHaveLength(1);
  });

  it('returns nothing when the read cannot be recorded (fail closed)', async () => {
    const { conversation } = await queuedChat(2);
    world.failAudit(true);
    try {
      await expect(world.service.readMessages(world.agent(['front-desk']), conversation.id)).rejects.toThrow(
        /audit log is unavailable/,
      );
    } finally {
      world.failAudit(false);
    }
  });

  it('answers "not found" for a conversation outside the agent’s queues, as for one that does not exist', async () => {
    const { conversation } = await queuedChat(3, 'radiology');
    const agent = world.agent(['front-desk']);
    expect(await failure(world.service.readMessages(agent, conversation.id))).toBe('not_found');
    expect(await failure(world.service.readMessages(agent, randomUUID()))).toBe('not_found');
    expect(await failure(world.service.sendAsStaff(agent, conversation.id, { body: 'hi' }))).toBe(
      'not_found',
    );
    expect(await failure(world.service.claim(agent, conversation.id))).toBe('not_found');
    // The refused attempt on a real conversation is on record.
    expect(world.events.at(-1)).toMatchObject({
      action: 'update',
      outcome: { result: 'failure', reason: 'denied' },
    });
    expect((await world.service.readMessages(world.agent(['radiology']), conversation.id)).length).toBe(3);
  });

  it('lists, in SQL, only what the ability allows: waiting in my queues, or assigned to me', async () => {
    const agent = world.agent(['cardiology']);
    const waiting = await queuedChat(4, 'cardiology');
    await queuedChat(5, 'dermatology');
    const mine = await world.conversation(6, { status: 'queued', queueId: 'dermatology' });
    await world.store.update(world.tenantId, mine.conversation.id, {
      status: 'assigned',
      assigneeId: agent.actor.id,
    });
    const listed = await world.service.listForStaff(agent, {});
    expect(listed.map((c) => c.id).sort()).toEqual([waiting.conversation.id, mine.conversation.id].sort());
    expect((await world.service.listForStaff(agent, { status: 'queued' })).map((c) => c.id)).toEqual([
      waiting.conversation.id,
    ]);
    const first = await world.service.listForStaff(agent, { limit: 1 });
    const cursor = world.service.nextCursor(first)!;
    const second = await world.service.listForStaff(agent, { limit: 1, cursor });
    expect([...first, ...second].map((c) => c.id)).toEqual(listed.map((c) => c.id));
    expect(await failure(world.service.listForStaff(agent, { cursor: 'bogus' }))).toBe('validation_failed');
  });

  it('lets exactly one of two agents claim a waiting conversation; the other gets a conflict', async () => {
    const { conversation } = await queuedChat(7, 'triage');
    const [a, b] = [world.agent(['triage']), world.agent(['triage'])];
    const outcomes = await Promise.allSettled([
      world.service.claim(a, conversation.id),
      world.service.claim(b, conversation.id),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => isAppError(o.reason) && o.reason.code)).toEqual(['conflict']);
    const stored = await world.store.get(world.tenantId, conversation.id);
    const winner = won[0]!.value.assigneeId;
    expect(stored).toMatchObject({ status: 'assigned', assigneeId: winner });
    expect([a.actor.id, b.actor.id]).toContain(winner);
    const claims = world.events.filter(
      (e) => e.action === 'update' && e.resource?.id === conversation.id && e.outcome.result === 'success',
    );
    expect(claims.map((e) => e.actor.id)).toEqual([winner]);
  });

  it('lets the assigned agent reply (audited as a create) and a supervisor whisper, but not a bystander', async () => {
    const { conversation } = await queuedChat(8, 'billing');
    const agent = world.agent(['billing']);
    const bystander = world.agent(['billing']);
    expect(await failure(world.service.sendAsStaff(agent, conversation.id, { body: '您好' }))).toBe(
      'forbidden',
    );
    await world.service.claim(agent, conversation.id);
    const sent = await world.service.sendAsStaff(agent, conversation.id, {
      body: '您好，我是客服小李',
      clientMessageId: 'k1',
    });
    expect(sent).toMatchObject({
      duplicate: false,
      message: { seq: 4, authorKind: 'staff', authorId: agent.actor.id },
    });
    expect(world.events.at(-1)).toMatchObject({
      action: 'create',
      resource: { type: 'Message', id: sent.message.id },
      outcome: { result: 'success' },
    });
    expect(
      (
        await world.service.sendAsStaff(agent, conversation.id, {
          body: '您好，我是客服小李',
          clientMessageId: 'k1',
        })
      ).duplicate,
    ).toBe(true);
    expect(await failure(world.service.sendAsStaff(bystander, conversation.id, { body: 'x' }))).toBe(
      'not_found',
    );
    const note = await world.service.sendAsStaff(world.supervisor(['billing']), conversation.id, {
      body: '注意核对医保',
      internal: true,
    });
    expect(note.message.internal).toBe(true);
  });

  it("shows a contact their own conversation without internal notes, and never someone else's", async () => {
    const mine = await queuedChat(9);
    const theirs = await queuedChat(10);
    const me = world.contactAccess(mine.contact.id);
    expect((await world.service.contactConversation(me, mine.conversation.id)).id).toBe(mine.conversation.id);
    expect((await world.service.contactMessages(me, mine.conversation.id)).map((m) => m.body)).toEqual([
      '我是第9位患者',
      '正在为您转接',
    ]);
    for (const attempt of [
      () => world.service.contactConversation(me, theirs.conversation.id),
      () => world.service.contactMessages(me, theirs.conversation.id),
      () => world.service.transcript(me, theirs.conversation.id, 'json'),
    ])
      expect(await failure(attempt())).toBe('not_found');
    // Each side keeps to its own methods.
    expect(await failure(world.service.readMessages(me, mine.conversation.id))).toBe('forbidden');
    expect(
      await failure(world.service.contactMessages(world.agent(['front-desk']), mine.conversation.id)),
    ).toBe('forbidden');
  });

  it('gives a contact their transcript without internal notes, recorded as an export by the contact', async () => {
    const { contact, conversation } = await queuedChat(11);
    const me = world.contactAccess(contact.id);
    const json = await world.service.transcript(me, conversation.id, 'json');
    expect(json.contentType).toBe('application/json');
    const parsed = JSON.parse(json.body) as { format: string; messages: { author: string; text: string }[] };
    expect(parsed.format).toBe('custos-transcript/1');
    expect(parsed.messages.map((m) => [m.author, m.text])).toEqual([
      ['contact', '我是第11位患者'],
      ['bot', '正在为您转接'],
    ]);
    const text = await world.service.transcript(me, conversation.id, 'text');
    expect(text.contentType).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain('我: 我是第11位患者');
    expect(text.body).not.toContain('内部备注');
    const pseudonym = await contactPseudonym(pseudonymKey, world.tenantId, contact.id);
    expect(world.events.at(-1)).toEqual({
      tenantId: world.tenantId,
      actor: { id: pseudonym, role: 'contact', kind: 'contact' },
      action: 'export',
      purpose: 'PATRQT',
      resource: { type: 'Conversation', id: conversation.id },
      subject: { type: 'contact', pseudonym },
      outcome: { result: 'success' },
    });
  });
});

import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlKeyStore } from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { withDataScope } from '../context/data-scope.ts';
import type { Database } from '../db/schema.ts';
import { isAppError } from '../errors/app-error.ts';
import type { ConversationEvent } from '../realtime/event-bus.ts';
import { type ConversationWorld, conversationWorld } from './conversation.fixture.ts';
import type { Message } from './conversation.ts';

let handle: TestDb;
let db: Kysely<Database>;
let world: ConversationWorld;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
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

const rows = (conversationId: string) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();

const contactSays = (body: string, clientMessageId?: string) => ({
  authorKind: 'contact' as const,
  body,
  ...(clientMessageId ? { clientMessageId } : {}),
});

describe(`conversation store (${testDialect()})`, () => {
  it('numbers messages 1, 2, 3…, reads them back opened, and keeps internal notes out unless asked', async () => {
    const { conversation } = await world.conversation(1);
    const first = await world.store.append(
      world.tenantId,
      conversation.id,
      contactSays('我想预约明天上午的门诊'),
    );
    const reply = await world.store.appendMany(world.tenantId, conversation.id, [
      {
        authorKind: 'bot',
        body: '好的，请问您要挂哪个科室？',
        meta: {
          kind: 'question',
          suggestions: ['内科', '外科'],
          citation: { articleId: 'kb-7', title: '门诊时间' },
        },
      },
      { authorKind: 'staff', authorId: conversation.contactId, internal: true, body: 'note: VIP' },
    ]);
    expect([first.message.seq, ...reply.map((m) => m.seq)]).toEqual([1, 2, 3]);
    const read = await world.store.after(world.tenantId, conversation.id, 0);
    expect(read.map((m) => m.body)).toEqual(['我想预约明天上午的门诊', '好的，请问您要挂哪个科室？']);
    expect(read[1]?.meta).toEqual({
      kind: 'question',
      citation: { articleId: 'kb-7', title: '门诊时间' },
      suggestions: ['内科', '外科'],
    });
    const all = await world.store.after(world.tenantId, conversation.id, 1, { includeInternal: true });
    expect(all.map((m) => [m.seq, m.internal])).toEqual([
      [2, false],
      [3, true],
    ]);
    expect(all).toEqual(reply);
    expect((await world.store.get(world.tenantId, conversation.id))?.lastSeq).toBe(3);
  });

  it('stores a message once per clientMessageId, however often and however concurrently it is sent', async () => {
    const { conversation } = await world.conversation(2);
    const once = await world.store.append(world.tenantId, conversation.id, contactSays('你好', 'c-1'));
    const again = await world.store.append(world.tenantId, conversation.id, contactSays('你好', 'c-1'));
    expect(once.duplicate).toBe(false);
    expect(again).toEqual({ message: once.message, duplicate: true });

    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        world.store.append(world.tenantId, conversation.id, contactSays('在吗', 'c-2')),
      ),
    );
    expect(burst.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(burst.map((r) => r.message.id)).size).toBe(1);
    expect((await rows(conversation.id)).map((r) => [r.seq, r.client_message_id])).toEqual([
      [1, 'c-1'],
      [2, 'c-2'],
    ]);
    expect((await world.store.get(world.tenantId, conversation.id))?.lastSeq).toBe(2);
  });

  it('gives 20 concurrent appends the numbers 1 to 20 without gaps', async () => {
    const { conversation } = await world.conversation(3);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        world.store.append(world.tenantId, conversation.id, contactSays(`第${i + 1}条`, `burst-${i}`)),
      ),
    );
    expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const stored = await rows(conversation.id);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each number belongs to the message that was told it.
    for (const result of results)
      expect(stored.find((r) => r.seq === result.message.seq)?.message_id).toBe(result.message.id);
  });

  it('refuses to append to a closed conversation, but still answers a repeat of what it stored', async () => {
    const { conversation } = await world.conversation(4);
    const stored = await world.store.append(world.tenantId, conversation.id, contactSays('谢谢', 'bye'));
    const closed = await world.store.update(world.tenantId, conversation.id, { status: 'closed' });
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(
      await failure(world.store.append(world.tenantId, conversation.id, contactSays('还有一个问题'))),
    ).toBe('conflict');
    expect(
      await failure(world.store.appendMany(world.tenantId, conversation.id, [contactSays('再问')])),
    ).toBe('conflict');
    expect(await world.store.append(world.tenantId, conversation.id, contactSays('谢谢', 'bye'))).toEqual({
      message: stored.message,
      duplicate: true,
    });
    expect(await rows(conversation.id)).toHaveLength(1);
    const reopened = await world.store.update(world.tenantId, conversation.id, { status: 'bot' });
    expect(reopened.closedAt).toBeNull();
  });

  it('stores only ciphertext: the body, the attachments and the dialogue state', async () => {
    const { conversation } = await world.conversation(5);
    const secret = '我的孩子发烧三天了 fever 39.5';
    const title = '儿科夜间门诊指引';
    await world.store.appendMany(
      world.tenantId,
      conversation.id,
      [
        contactSays(secret),
        { authorKind: 'bot', body: '请稍候', meta: { citation: { articleId: 'a1', title } } },
      ],
      { dialogueState: { flow: 'triage', slots: { symptom: secret } } },
    );
    const stored = await rows(conversation.id);
    const state = await db
      .selectFrom('conversations')
      .select('dialogue_state')
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    const bytes = Buffer.concat([
      ...stored.flatMap((r) => [r.body, r.meta ?? Buffer.alloc(0)]),
      state.dialogue_state!,
    ]);
    for (const plain of [secret, 'fever', title, 'triage'])
      expect(bytes.includes(Buffer.from(plain, 'utf8')), plain).toBe(false);
    // Version 1, AES-256-GCM (compliance/crypto/ciphertext.ts).
    expect([stored[0]!.body[0], stored[0]!.body[1]]).toEqual([1, 1]);
    expect(await world.store.loadDialogueState(world.tenantId, conversation.id)).toEqual({
      flow: 'triage',
      slots: { symptom: secret },
    });
  });

  it('applies replies, a patch and the dialogue state in one write, and a replay applies nothing twice', async () => {
    const { conversation } = await world.conversation(6);
    const seen: ConversationEvent[] = [];
    const stop = world.bus.subscribe(conversation.id, (event) => seen.push(event));
    const replies = [
      { authorKind: 'bot' as const, body: '正在为您转接人工客服', clientMessageId: 'turn-1/a' },
      { authorKind: 'system' as const, body: 'handoff', clientMessageId: 'turn-1/b' },
    ];
    const change = {
      patch: { status: 'queued' as const, queueId: 'pediatrics' },
      dialogueState: { step: 2 },
    };
    const stored = await world.store.appendMany(world.tenantId, conversation.id, replies, change);
    const replay = await world.store.appendMany(world.tenantId, conversation.id, replies, {
      ...change,
      dialogueState: { step: 99 },
    });
    stop();
    expect(replay).toEqual(stored);
    expect(await rows(conversation.id)).toHaveLength(2);
    expect(await world.store.loadDialogueState(world.tenantId, conversation.id)).toEqual({ step: 2 });
    expect(await world.store.get(world.tenantId, conversation.id)).toMatchObject({
      status: 'queued',
      queueId: 'pediatrics',
      lastSeq: 2,
    });
    expect(seen).toEqual([
      {
        tenantId: world.tenantId,
        conversationId: conversation.id,
        kind: 'message',
        authorKind: 'system',
        seq: 2,
      },
      { tenantId: world.tenantId, conversationId: conversation.id, kind: 'status' },
    ]);
  });

  it('after erasure, reads give erased messages and listing still works; nothing new is written', async () => {
    const { contact, conversation } = await world.conversation(7);
    await world.store.append(world.tenantId, conversation.id, contactSays('我的病历号是MRN-0007'));
    await world.store.appendMany(world.tenantId, conversation.id, [{ authorKind: 'bot', body: '已收到' }], {
      dialogueState: { mrn: 'MRN-0007' },
    });
    await world.eraseContact(contact.id);

    const read = await world.store.after(world.tenantId, conversation.id, 0, { includeInternal: true });
    expect(read.map((m: Message) => [m.seq, m.authorKind, m.body, m.meta, m.erased])).toEqual([
      [1, 'contact', '', null, true],
      [2, 'bot', '', null, true],
    ]);
    expect((await world.store.listForContact(world.tenantId, contact.id)).map((c) => c.id)).toEqual([
      conversation.id,
    ]);
    expect(await world.store.loadDialogueState(world.tenantId, conversation.id)).toBeUndefined();
    expect(await failure(world.store.append(world.tenantId, conversation.id, contactSays('还在吗')))).toBe(
      'conflict',
    );
    expect(
      await failure(
        world.store.open(world.tenantId, { contactId: contact.id, channel: 'widget', locale: 'en' }),
      ),
    ).toBe('not_found');
    // The erased person gets no new key: every subject key of theirs is destroyed.
    const keys = await createSqlKeyStore<Database>(db).list({
      tenantId: world.tenantId,
      kind: 'subject',
      subjectId: contact.id,
    });
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.status !== 'destroyed')).toEqual([]);
    // Staff may still close it.
    expect((await world.store.update(world.tenantId, conversation.id, { status: 'closed' })).status).toBe(
      'closed',
    );
  });

  it("keeps one tenant's conversations out of another tenant's scope (row-level security)", async () => {
    const { conversation } = await world.conversation(8);
    await world.store.append(world.tenantId, conversation.id, contactSays('只属于本院'));
    const other = await conversationWorld(handle, { bus: world.bus });
    await withDataScope({ kind: 'tenant', tenantId: other.tenantId }, async () => {
      // Even asked with the right tenant id, the rows are not there for this scope.
      expect(await world.store.get(world.tenantId, conversation.id)).toBeUndefined();
      expect(await world.store.after(world.tenantId, conversation.id, 0)).toEqual([]);
      expect(await failure(world.store.append(world.tenantId, conversation.id, contactSays('x')))).toBe(
        'not_found',
      );
      const { rows: visible } = await sql<{ n: number }>`select count(*)::int as n from messages`.execute(
        world.app,
      );
      expect(visible[0]?.n).toBe(0);
    });
    await withDataScope({ kind: 'tenant', tenantId: world.tenantId }, async () => {
      expect(await world.store.after(world.tenantId, conversation.id, 0)).toHaveLength(1);
    });
  });

  it('validates what it is given', async () => {
    const { conversation } = await world.conversation(9);
    expect(await failure(world.store.append(world.tenantId, conversation.id, contactSays('')))).toBe(
      'validation_failed',
    );
    expect(
      await failure(
        world.store.append(world.tenantId, conversation.id, { authorKind: 'robot' as 'bot', body: 'x' }),
      ),
    ).toBe('validation_failed');
    expect(
      await failure(world.store.update(world.tenantId, conversation.id, { status: 'done' as 'closed' })),
    ).toBe('validation_failed');
    expect(await failure(world.store.append(world.tenantId, 'not-a-uuid', contactSays('x')))).toBe(
      'not_found',
    );
    expect(await world.store.get(world.tenantId, 'not-a-uuid')).toBeUndefined();
  });
});

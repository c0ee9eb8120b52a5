import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { auditEvents, bearer, expectProblem, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { PRIORITY } from '../routing/assign.ts';
import { assignNext } from '../routing/routing.store.ts';
import { type WorkspaceWorld, workspaceWorld } from './workspace.fixture.ts';
import { createWorkspace } from './workspace-runtime.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let w: WorkspaceWorld;
let other: WorkspaceWorld;
/** The workspace's clock (the inbox's "last 7 days"); undefined: the real one. */
let clock: Date | undefined;

const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    credentials: [staffCredential],
    replace: (runtime) => ({
      workspace: createWorkspace({
        db: runtime.database.rowSecured(currentDataScope),
        store: runtime.chat.store,
        service: runtime.chat.service,
        bus: runtime.bus,
        keyring: runtime.keyring,
        contacts: runtime.contactRepository,
        audit: runtime.audit,
        pseudonymKey: runtime.pseudonymKey,
        knowledge: runtime.chat.knowledge,
        assuranceOf: runtime.contactVerification.assuranceOf,
        now: () => clock ?? new Date(),
      }),
    }),
  });
  w = await workspaceWorld(t, 'ws-a', actors);
  other = await workspaceWorld(t, 'ws-b', actors);
});
afterAll(async () => {
  await t?.runtime.bus.close();
  await db?.destroy();
});

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...(body === undefined ? {} : JSON_HEADERS), ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const conv = (id: string, what: string) => `${w.base}/conversations/${id}/${what}`;
type Wire = { text: string; internal?: true; authorKind: string; kind?: string; id: string };
const messagesOf = async (id: string, token: string) => {
  const response = await send('GET', conv(id, 'messages'), token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Wire[] }).items;
};
const inbox = async (token: string, view: string) => {
  const response = await send('GET', `${w.base}/workspace/inbox?view=${view}`, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Record<string, unknown>[] }).items;
};
const at = (second: number) => new Date(Date.UTC(2026, 10, 24, 2, 0, second));

describe(`agent workspace over HTTP on ${testDialect()}`, () => {
  it('publishes its routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    const paths = Object.keys(doc.paths).filter((p) => /workspace|notes|transfer|close|csat|send$/.test(p));
    expect(paths.sort()).toEqual([
      '/api/v1/tenants/{slug}/conversations/{conversationId}/canned-replies/{replyId}/send',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/close',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/csat',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/notes',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/transfer',
      '/api/v1/tenants/{slug}/workspace/canned-replies',
      '/api/v1/tenants/{slug}/workspace/canned-replies/{replyId}',
      '/api/v1/tenants/{slug}/workspace/conversations/{conversationId}/contact',
      '/api/v1/tenants/{slug}/workspace/conversations/{conversationId}/contact/reveal',
      '/api/v1/tenants/{slug}/workspace/conversations/{conversationId}/suggestions',
      '/api/v1/tenants/{slug}/workspace/inbox',
    ]);
  });

  it('lists my inbox: assigned, waiting in assignment order, recently closed; metadata only', async () => {
    const agent = await w.staff(['agent'], ['inbox'], { capacity: 5 });
    const older = await w.chat({ queueId: 'inbox', queuedAt: at(1) });
    const emergency = await w.chat({ queueId: 'inbox', queuedAt: at(3), priority: PRIORITY.emergency });
    const newer = await w.chat({ queueId: 'inbox', queuedAt: at(2) });
    await w.chat({ queueId: 'inbox-elsewhere', queuedAt: at(0) });
    const mine = await w.assigned(agent.userId, { queueId: 'inbox', queuedAt: at(4) });
    const store = t.runtime.chat.store;
    await store.append(w.tenantId, mine.conversationId, { authorKind: 'contact', body: '第一条' });
    await store.append(w.tenantId, mine.conversationId, { authorKind: 'contact', body: '第二条' });
    expect(
      (await send('POST', conv(mine.conversationId, 'messages'), agent.token, { text: '您好' })).status,
    ).toBe(201);
    await store.append(w.tenantId, mine.conversationId, { authorKind: 'contact', body: '第三条' });

    const waiting = await inbox(agent.token, 'queue');
    expect(waiting.map((i) => i.id)).toEqual([
      emergency.conversationId,
      older.conversationId,
      newer.conversationId,
    ]);
    expect(waiting[1]).toMatchObject({
      status: 'queued',
      queueId: 'inbox',
      priority: 0,
      handoffReason: 'user-request',
      queuedAt: at(1).toISOString(),
      unreadCount: 0,
      assigneeId: null,
    });
    const assigned = await inbox(agent.token, 'assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({
      id: mine.conversationId,
      status: 'assigned',
      assigneeId: agent.userId,
      locale: 'zh-CN',
      unreadCount: 1,
      lastMessageAt: expect.any(String),
    });
    // No message text, no contact, nothing the rules only decide on.
    for (const item of [...waiting, ...assigned]) {
      for (const key of ['contactId', 'careTeam', 'schoolId', 'body', 'text'])
        expect(item).not.toHaveProperty(key);
    }

    expect(await inbox(agent.token, 'recent')).toEqual([]);
    const closed = await send('POST', conv(mine.conversationId, 'close'), agent.token, {
      disposition: 'resolved',
    });
    expect(closed.status).toBe(200);
    const recent = await inbox(agent.token, 'recent');
    expect(recent).toEqual([
      expect.objectContaining({
        id: mine.conversationId,
        status: 'closed',
        disposition: 'resolved',
        closedBy: agent.userId,
      }),
    ]);
    expect(await inbox(agent.token, 'assigned')).toEqual([]);
    // Seven days on, it has left the recent view.
    clock = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    try {
      expect(await inbox(agent.token, 'recent')).toEqual([]);
    } finally {
      clock = undefined;
    }
  });

  it('refuses the inbox to those who read no conversation, and answers bad input with a problem', async () => {
    const auditor = await w.staff(['auditor']);
    await expectProblem(await send('GET', `${w.base}/workspace/inbox`, auditor.token), 403);
    const admin = await w.staff(['tenant_admin']);
    // A tenant admin reads metadata but takes and holds nothing: an empty inbox.
    expect(await inbox(admin.token, 'queue')).toEqual([]);
    const chat = await w.chat({ queueId: 'inbox-x' });
    await expectProblem(await send('GET', `${w.base}/workspace/inbox`, chat.token), 403);
    await expectProblem(await send('GET', `${w.base}/workspace/inbox`, undefined), 401);
    const agent = await w.staff(['agent'], ['inbox-x']);
    const bad = await expectProblem(
      await send('GET', `${w.base}/workspace/inbox?view=all`, agent.token),
      400,
    );
    expect((bad.errors as { path: string }[]).map((e) => e.path)).toEqual(['query.view']);
    await expectProblem(await send('GET', `${other.base}/workspace/inbox`, agent.token), 404);
  });

  it('adds internal notes that staff read and the contact never does', async () => {
    const agent = await w.staff(['agent'], ['notes']);
    const chat = await w.assigned(agent.userId, { queueId: 'notes' });
    const added = await send('POST', conv(chat.conversationId, 'notes'), agent.token, {
      body: '内部备注：请核对预约时间',
      clientMessageId: 'n-1',
    });
    expect(added.status).toBe(201);
    const { message } = (await added.json()) as { message: Wire };
    expect(message).toMatchObject({ authorKind: 'staff', internal: true, text: '内部备注：请核对预约时间' });
    const again = await send('POST', conv(chat.conversationId, 'notes'), agent.token, {
      body: '内部备注：请核对预约时间',
      clientMessageId: 'n-1',
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, message: { id: message.id } });
    // A supervisor of the queue whispers into the agent's conversation.
    const supervisor = await w.staff(['supervisor'], ['notes']);
    expect(
      (await send('POST', conv(chat.conversationId, 'notes'), supervisor.token, { body: '注意：VIP' }))
        .status,
    ).toBe(201);

    const staffView = await messagesOf(chat.conversationId, agent.token);
    expect(staffView.filter((m) => m.internal).map((m) => m.text)).toEqual([
      '内部备注：请核对预约时间',
      '注意：VIP',
    ]);
    const contactView = await messagesOf(chat.conversationId, chat.token);
    expect(contactView.some((m) => m.internal || m.text.includes('内部备注') || m.text.includes('VIP'))).toBe(
      false,
    );
    const events = await auditEvents(t, w.tenantId);
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'create', resource: { type: 'Message', id: message.id } }),
    );
  });

  it('refuses notes to the wrong people and bad input, each as problem+json', async () => {
    const holder = await w.staff(['agent'], ['notes-x']);
    const chat = await w.assigned(holder.userId, { queueId: 'notes-x' });
    const waiting = await w.chat({ queueId: 'notes-x' });
    const colleague = await w.staff(['agent'], ['notes-x']);
    const stranger = await w.staff(['agent'], ['notes-y']);
    const admin = await w.staff(['tenant_admin']);
    const note = { body: 'x' };
    // Waiting in my queue: readable, but only its holder writes in it.
    await expectProblem(
      await send('POST', conv(waiting.conversationId, 'notes'), colleague.token, note),
      403,
    );
    await expectProblem(await send('POST', conv(chat.conversationId, 'notes'), stranger.token, note), 404);
    // A tenant admin reads no content: the conversation's messages are "not found" to them.
    await expectProblem(await send('POST', conv(chat.conversationId, 'notes'), admin.token, note), 404);
    await expectProblem(await send('POST', conv(chat.conversationId, 'notes'), chat.token, note), 403);
    const empty = await expectProblem(
      await send('POST', conv(chat.conversationId, 'notes'), holder.token, { body: '  ' }),
      400,
    );
    expect((empty.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.body']);
    await expectProblem(
      await send('POST', conv(chat.conversationId, 'notes'), holder.token, { body: 'x', internal: false }),
      400,
    );
    await expectProblem(
      await send('POST', `${other.base}/conversations/${chat.conversationId}/notes`, holder.token, note),
      404,
    );
    const outsider = await other.staff(['agent'], ['notes-x']);
    await expectProblem(await send('POST', conv(chat.conversationId, 'notes'), outsider.token, note), 404);
  });

  it('transfers to a queue: waiting again, unassigned, keeping its place; the agent’s load recounted', async () => {
    const agent = await w.staff(['agent'], ['tq-a']);
    const chat = await w.assigned(agent.userId, { queueId: 'tq-a', queuedAt: at(10) });
    expect(await w.load(agent.userId)).toBe(1);
    const moved = await send('POST', conv(chat.conversationId, 'transfer'), agent.token, {
      toQueueId: 'tq-b',
      note: '转给收费处：需要开发票',
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ status: 'queued', queueId: 'tq-b', assigneeId: null });
    const row = await w.row(chat.conversationId);
    expect(row.queued_at?.toISOString()).toBe(at(10).toISOString());
    expect(row.assigned_at).toBeNull();
    expect(await w.load(agent.userId)).toBe(0);
    // The billing supervisor sees the note that came with it; the contact does not.
    const billing = await w.staff(['supervisor'], ['tq-b']);
    expect(
      (await messagesOf(chat.conversationId, billing.token)).filter((m) => m.internal).map((m) => m.text),
    ).toEqual(['转给收费处：需要开发票']);
    expect((await messagesOf(chat.conversationId, chat.token)).some((m) => m.internal)).toBe(false);
    // No longer theirs: the agent of the old queue learns nothing of it.
    await expectProblem(
      await send('POST', conv(chat.conversationId, 'transfer'), agent.token, { toQueueId: 'tq-a' }),
      404,
    );
    // Already waiting there.
    await expectProblem(
      await send('POST', conv(chat.conversationId, 'transfer'), billing.token, { toQueueId: 'tq-b' }),
      409,
    );
    // Waiting in its new queue, the assignment loop's next pass gives it to someone there.
    expect(await assignNext(w.db, { tenantId: w.tenantId, queueId: 'tq-b', now: new Date() })).toMatchObject({
      conversationId: chat.conversationId,
      userId: billing.userId,
    });
    const events = await auditEvents(t, w.tenantId);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'update',
        actor: expect.objectContaining({ id: agent.userId }),
        resource: { type: 'Conversation', id: chat.conversationId },
      }),
    );
  });

  it('transfers to a colleague only if online, in the queue and under capacity (409 otherwise)', async () => {
    const agent = await w.staff(['agent'], ['tc'], { capacity: 3 });
    const colleague = await w.staff(['agent'], ['tc'], { capacity: 2 });
    const full = await w.staff(['agent'], ['tc'], { capacity: 1 });
    await w.assigned(full.userId, { queueId: 'tc' });
    const offline = await w.staff(['agent'], ['tc'], { status: 'offline' });
    const outsider = await w.staff(['agent'], ['tc-other']);
    const chat = await w.assigned(agent.userId, { queueId: 'tc' });
    const to = (userId: string) =>
      send('POST', conv(chat.conversationId, 'transfer'), agent.token, { toUserId: userId });
    for (const [userId, reason] of [
      [full.userId, 'at capacity'],
      [offline.userId, 'not online'],
      [outsider.userId, 'not a member of the queue'],
      [randomUUID(), 'has no presence'],
    ] as const) {
      const refused = await expectProblem(await to(userId), 409);
      expect(refused.detail).toContain(reason);
    }
    expect(await w.load(agent.userId)).toBe(1);
    const given = await to(colleague.userId);
    expect(given.status).toBe(200);
    expect(await given.json()).toMatchObject({
      status: 'assigned',
      assigneeId: colleague.userId,
      queueId: 'tc',
    });
    expect(await w.load(agent.userId)).toBe(0);
    expect(await w.load(colleague.userId)).toBe(1);
    expect(await w.load(full.userId)).toBe(1);
    await expectProblem(
      await send('POST', conv(chat.conversationId, 'transfer'), colleague.token, {
        toUserId: colleague.userId,
      }),
      409,
    );
    // A supervisor hands a waiting conversation of their queue straight to an agent.
    const supervisor = await w.staff(['supervisor'], ['tc']);
    const waiting = await w.chat({ queueId: 'tc' });
    const handed = await send('POST', conv(waiting.conversationId, 'transfer'), supervisor.token, {
      toUserId: agent.userId,
    });
    expect(handed.status).toBe(200);
    expect(await w.load(agent.userId)).toBe(1);
  });

  it('lets only the assigned agent or a supervisor transfer, and refuses bad input', async () => {
    const holder = await w.staff(['agent'], ['tf']);
    const chat = await w.assigned(holder.userId, { queueId: 'tf' });
    const waiting = await w.chat({ queueId: 'tf' });
    const colleague = await w.staff(['agent'], ['tf']);
    const stranger = await w.staff(['agent'], ['tf-other']);
    const admin = await w.staff(['tenant_admin']);
    const body = { toQueueId: 'tf-other' };
    await expectProblem(
      await send('POST', conv(waiting.conversationId, 'transfer'), colleague.token, body),
      403,
    );
    await expectProblem(await send('POST', conv(chat.conversationId, 'transfer'), stranger.token, body), 404);
    await expectProblem(await send('POST', conv(chat.conversationId, 'transfer'), admin.token, body), 403);
    await expectProblem(await send('POST', conv(chat.conversationId, 'transfer'), chat.token, body), 403);
    for (const bad of [
      {},
      { toQueueId: 'tf-other', toUserId: colleague.userId },
      { toQueueId: 'Not A Queue' },
      { toUserId: 'nobody' },
      { toQueueId: 'tf-other', note: '' },
    ]) {
      await expectProblem(await send('POST', conv(chat.conversationId, 'transfer'), holder.token, bad), 400);
    }
    const outsider = await other.staff(['supervisor'], ['tf']);
    await expectProblem(await send('POST', conv(chat.conversationId, 'transfer'), outsider.token, body), 404);
    await expectProblem(
      await send('POST', `${other.base}/conversations/${chat.conversationId}/transfer`, holder.token, body),
      404,
    );
    // Refusals on an existing conversation are on record.
    const events = await auditEvents(t, w.tenantId);
    expect(events).toContainEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ id: colleague.userId }),
        outcome: { result: 'failure', reason: 'denied' },
      }),
    );
    expect((await w.row(chat.conversationId)).assignee_id).toBe(holder.userId);
  });

  it('closes with a disposition; the contact is asked to rate, once, and the load is recounted', async () => {
    const agent = await w.staff(['agent'], ['close']);
    const chat = await w.assigned(agent.userId, { queueId: 'close' });
    expect(await w.load(agent.userId)).toBe(1);
    const closed = await send('POST', conv(chat.conversationId, 'close'), agent.token, {
      disposition: 'resolved',
      note: '已解答挂号问题',
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({
      conversation: { status: 'closed', closedAt: expect.any(String) },
      disposition: 'resolved',
      csatRequested: true,
    });
    const row = await w.row(chat.conversationId);
    expect(row).toMatchObject({ closed_by: agent.userId, disposition: 'resolved', status: 'closed' });
    expect(row.csat_requested_at?.getTime()).toBe(row.closed_at?.getTime());
    expect(await w.load(agent.userId)).toBe(0);

    const seen = await messagesOf(chat.conversationId, chat.token);
    expect(seen.at(-1)).toMatchObject({ authorKind: 'bot', kind: 'csat' });
    expect(seen.at(-1)?.text).toContain('1（很不满意）到 5（非常满意）');
    expect(seen.some((m) => m.internal || m.text.includes('已解答'))).toBe(false);
    expect(
      (await messagesOf(chat.conversationId, agent.token)).filter((m) => m.internal).map((m) => m.text),
    ).toEqual(['已解答挂号问题']);
    await expectProblem(
      await send('POST', conv(chat.conversationId, 'close'), agent.token, { disposition: 'resolved' }),
      409,
    );

    const rate = (body: unknown, token = chat.token) =>
      send('POST', conv(chat.conversationId, 'csat'), token, body);
    for (const score of [0, 6, 4.5, '5']) {
      const bad = await expectProblem(await rate({ score }), 400);
      expect((bad.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.score']);
    }
    const rated = await rate({ score: 5, comment: '服务很好，谢谢' });
    expect(rated.status).toBe(201);
    expect(await rated.json()).toMatchObject({
      conversationId: chat.conversationId,
      score: 5,
      commented: true,
    });
    await expectProblem(await rate({ score: 1 }), 409);
    const stored = await w.db
      .selectFrom('csat_responses')
      .selectAll()
      .where('tenant_id', '=', w.tenantId)
      .where('conversation_id', '=', chat.conversationId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      score: 5,
      contact_id: chat.contactId,
      assignee_id: agent.userId,
      queue_id: 'close',
    });
    expect(Buffer.from(stored[0]!.comment!).includes(Buffer.from('服务很好'))).toBe(false);
    const events = await auditEvents(t, w.tenantId);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'create',
        actor: expect.objectContaining({ kind: 'contact' }),
        resource: { type: 'CsatResponse', id: chat.conversationId },
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'update',
        actor: expect.objectContaining({ id: agent.userId }),
        resource: { type: 'Conversation', id: chat.conversationId },
      }),
    );
  });

  it('asks nothing for spam, asks in English for an English conversation, refuses ratings out of turn', async () => {
    const agent = await w.staff(['agent'], ['close-x']);
    const spam = await w.assigned(agent.userId, { queueId: 'close-x' });
    const closed = await send('POST', conv(spam.conversationId, 'close'), agent.token, {
      disposition: 'spam',
    });
    expect(await closed.json()).toMatchObject({ csatRequested: false });
    expect((await messagesOf(spam.conversationId, spam.token)).some((m) => m.kind === 'csat')).toBe(false);
    await expectProblem(await send('POST', conv(spam.conversationId, 'csat'), spam.token, { score: 3 }), 409);

    const english = await w.assigned(agent.userId, { queueId: 'close-x', locale: 'en' });
    // Still open: nothing to rate yet.
    await expectProblem(
      await send('POST', conv(english.conversationId, 'csat'), english.token, { score: 3 }),
      409,
    );
    await send('POST', conv(english.conversationId, 'close'), agent.token, { disposition: 'no-response' });
    const request = (await messagesOf(english.conversationId, english.token)).at(-1);
    expect(request).toMatchObject({ kind: 'csat' });
    expect(request?.text).toMatch(/rate our service from 1 .* to 5/);
    // Someone else's conversation is "not found" to a contact; staff do not rate.
    await expectProblem(
      await send('POST', conv(english.conversationId, 'csat'), spam.token, { score: 3 }),
      404,
    );
    await expectProblem(
      await send('POST', conv(english.conversationId, 'csat'), agent.token, { score: 3 }),
      403,
    );
    await expectProblem(
      await send('POST', `${other.base}/conversations/${english.conversationId}/csat`, english.token, {
        score: 3,
      }),
      404,
    );
  });

  it('closes the conversation of an erased contact without sealing anything new for them', async () => {
    const agent = await w.staff(['agent'], ['close-erased']);
    const chat = await w.assigned(agent.userId, { queueId: 'close-erased' });
    await t.runtime.contacts.erase(
      { actor: { kind: 'staff', id: 'u-privacy', role: 'clerk' }, tenantId: w.tenantId, purpose: 'PATADMIN' },
      chat.contactId,
    );
    const before = (await w.row(chat.conversationId)).last_seq;
    const closed = await send('POST', conv(chat.conversationId, 'close'), agent.token, {
      disposition: 'resolved',
      note: 'erased before closing',
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ conversation: { status: 'closed' }, csatRequested: false });
    expect(await w.row(chat.conversationId)).toMatchObject({ last_seq: before, disposition: 'resolved' });
    expect(await w.load(agent.userId)).toBe(0);
  });

  it('lets only the holder or a supervisor close, with a known disposition', async () => {
    const holder = await w.staff(['agent'], ['close-y']);
    const chat = await w.assigned(holder.userId, { queueId: 'close-y' });
    const stranger = await w.staff(['agent'], ['close-z']);
    const admin = await w.staff(['tenant_admin']);
    const close = (token: string, body: unknown = { disposition: 'resolved' }) =>
      send('POST', conv(chat.conversationId, 'close'), token, body);
    await expectProblem(await close(holder.token, { disposition: 'fixed' }), 400);
    await expectProblem(await close(holder.token, {}), 400);
    await expectProblem(await close(stranger.token), 404);
    await expectProblem(await close(admin.token), 403);
    await expectProblem(await close(chat.token), 403);
    const outsider = await other.staff(['supervisor'], ['close-y']);
    await expectProblem(await close(outsider.token), 404);
    await expectProblem(
      await send('POST', `${other.base}/conversations/${chat.conversationId}/close`, holder.token, {
        disposition: 'resolved',
      }),
      404,
    );
    expect((await w.row(chat.conversationId)).status).toBe('assigned');
    const supervisor = await w.staff(['supervisor'], ['close-y']);
    const done = await close(supervisor.token, { disposition: 'escalated' });
    expect(done.status).toBe(200);
    expect(await w.row(chat.conversationId)).toMatchObject({
      closed_by: supervisor.userId,
      disposition: 'escalated',
    });
    expect(await w.load(holder.userId)).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Actor } from '../context/request-context.ts';
import { auditEvents, bearer, expectProblem, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { type WorkspaceWorld, workspaceWorld } from './workspace.fixture.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let w: WorkspaceWorld;
let other: WorkspaceWorld;
const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, { credentials: [staffCredential] });
  w = await workspaceWorld(t, 'cr-a', actors);
  other = await workspaceWorld(t, 'cr-b', actors);
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
const replies = () => `${w.base}/workspace/canned-replies`;
const sendPath = (conversationId: string, replyId: string, base = w.base) =>
  `${base}/conversations/${conversationId}/canned-replies/${replyId}/send`;
const paths = (problem: Record<string, unknown>) => (problem.errors as { path: string }[]).map((e) => e.path);

const GREETING = {
  shortcut: 'greeting',
  title: 'Greeting',
  bodies: {
    en: 'Hello {{contact.firstName}}, this is {{agent.displayName}} at {{tenant.name}}.',
    'zh-CN': '{{contact.name}}您好，我是{{tenant.name}}的{{agent.displayName}}。',
  },
};

async function created(token: string, input: unknown): Promise<string> {
  const response = await send('POST', replies(), token, input);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe(`canned replies over HTTP on ${testDialect()}`, () => {
  it('lets tenant admins and supervisors keep canned replies, every working role read them', async () => {
    const admin = await w.staff(['tenant_admin']);
    const supervisor = await w.staff(['supervisor'], ['cr']);
    const agent = await w.staff(['agent'], ['cr']);
    const id = await created(admin.token, { ...GREETING, shortcut: 'keep-greeting' });
    const listed = await send('GET', replies(), agent.token);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { id: string }[] }).items).toContainEqual(
      expect.objectContaining({ id, shortcut: 'keep-greeting', bodies: GREETING.bodies }),
    );
    await expectProblem(await send('POST', replies(), agent.token, { ...GREETING, shortcut: 'mine' }), 403);
    await expectProblem(await send('PUT', `${replies()}/${id}`, agent.token, GREETING), 403);
    await expectProblem(await send('DELETE', `${replies()}/${id}`, agent.token), 403);

    const replaced = await send('PUT', `${replies()}/${id}`, supervisor.token, {
      ...GREETING,
      shortcut: 'keep-greeting',
      title: 'Warm greeting',
    });
    expect(replaced.status).toBe(200);
    expect(await (await send('GET', `${replies()}/${id}`, agent.token)).json()).toMatchObject({
      title: 'Warm greeting',
    });
    await expectProblem(
      await send('POST', replies(), supervisor.token, { ...GREETING, shortcut: 'keep-greeting' }),
      409,
    );
    expect((await send('DELETE', `${replies()}/${id}`, supervisor.token)).status).toBe(204);
    await expectProblem(await send('GET', `${replies()}/${id}`, agent.token), 404);
    await expectProblem(await send('DELETE', `${replies()}/${id}`, admin.token), 404);

    const auditor = await w.staff(['auditor']);
    await expectProblem(await send('GET', replies(), auditor.token), 403);
    const chat = await w.chat({ queueId: 'cr' });
    await expectProblem(await send('GET', replies(), chat.token), 403);
    await expectProblem(await send('GET', replies(), undefined), 401);
    const events = await auditEvents(t, w.tenantId);
    for (const action of ['create', 'update', 'delete'])
      expect(events).toContainEqual(
        expect.objectContaining({
          action,
          resource: { type: 'CannedReply', id },
          outcome: { result: 'success' },
        }),
      );
  });

  it('refuses unknown variables and malformed replies when they are saved', async () => {
    const admin = await w.staff(['tenant_admin']);
    const typo = await expectProblem(
      await send('POST', replies(), admin.token, {
        shortcut: 'typo',
        title: 'Typo',
        bodies: { en: 'Hi {{contact.frstName}}', 'zh-CN': '您好' },
      }),
      400,
    );
    expect(paths(typo)).toEqual(['bodies.en']);
    expect(JSON.stringify(typo.errors)).toContain('unknown variable {{contact.frstName}}');
    expect(
      paths(
        await expectProblem(await send('POST', replies(), admin.token, { ...GREETING, bodies: {} }), 400),
      ),
    ).toEqual(['bodies']);
    expect(
      paths(
        await expectProblem(
          await send('POST', replies(), admin.token, { ...GREETING, shortcut: 'Bad!' }),
          400,
        ),
      ),
    ).toEqual(['body.shortcut']);
    await expectProblem(
      await send('POST', replies(), admin.token, { ...GREETING, shortcut: 'x', extra: 1 }),
      400,
    );
    const id = await created(admin.token, { ...GREETING, shortcut: 'stays' });
    await expectProblem(
      await send('PUT', `${replies()}/${id}`, admin.token, {
        ...GREETING,
        shortcut: 'stays',
        bodies: { en: '{{ oops' },
      }),
      400,
    );
    expect(await (await send('GET', `${replies()}/${id}`, admin.token)).json()).toMatchObject({
      bodies: GREETING.bodies,
    });
    // Another tenant's staff learn nothing of it, on either tenant's routes.
    const outsider = await other.staff(['tenant_admin']);
    await expectProblem(await send('GET', `${replies()}/${id}`, outsider.token), 404);
    await expectProblem(
      await send('GET', `${other.base}/workspace/canned-replies/${id}`, outsider.token),
      404,
    );
    await expectProblem(await send('GET', `${other.base}/workspace/canned-replies`, admin.token), 404);
  });

  it("sends a reply rendered in the conversation's language, with the contact's name when permitted", async () => {
    const admin = await w.staff(['tenant_admin']);
    const id = await created(admin.token, { ...GREETING, shortcut: 'send-greeting' });
    const agent = await w.staff(['agent'], ['cr-send'], { displayName: 'Agent Seven' });
    const english = await w.assigned(agent.userId, {
      queueId: 'cr-send',
      locale: 'en',
      displayName: 'Ann Lee',
    });
    const sent = await send('POST', sendPath(english.conversationId, id), agent.token, {
      clientMessageId: 's-1',
    });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: { id: string; text: string; internal?: true } };
    expect(message.text).toBe('Hello Ann, this is Agent Seven at Synthetic Hospital.');
    expect(message.internal).toBeUndefined();
    const repeat = await send('POST', sendPath(english.conversationId, id), agent.token, {
      clientMessageId: 's-1',
    });
    expect(repeat.status).toBe(200);
    const seen = await send(
      'GET',
      `${w.base}/conversations/${english.conversationId}/messages`,
      english.token,
    );
    expect(((await seen.json()) as { items: { text: string }[] }).items.map((m) => m.text)).toContain(
      message.text,
    );
    // The name was opened for this sender: on record, as the contact's, before it was sent.
    const events = await auditEvents(t, w.tenantId);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'read',
        actor: expect.objectContaining({ id: agent.userId }),
        resource: { type: 'Contact', id: english.contactId },
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'create', resource: { type: 'Message', id: message.id } }),
    );

    const chinese = await w.assigned(agent.userId, { queueId: 'cr-send', displayName: '王小明' });
    const zh = await send('POST', sendPath(chinese.conversationId, id), agent.token);
    expect(((await zh.json()) as { message: { text: string } }).message.text).toBe(
      '王小明您好，我是示例医院的Agent Seven。',
    );
  });

  it('renders a neutral word for the name when the sender may not see it', async () => {
    const admin = await w.staff(['tenant_admin']);
    const id = await created(admin.token, { ...GREETING, shortcut: 'whisper-greeting' });
    const agent = await w.staff(['agent'], ['cr-whisper']);
    const chat = await w.assigned(agent.userId, {
      queueId: 'cr-whisper',
      locale: 'en',
      displayName: 'Bo Chen',
    });
    // A supervisor of the queue may whisper into the agent's conversation but may not read the
    // contact's record (they do not hold the conversation), and has no display name.
    const supervisor = await w.staff(['supervisor'], ['cr-whisper']);
    const before = (await auditEvents(t, w.tenantId)).length;
    const sent = await send('POST', sendPath(chat.conversationId, id), supervisor.token, { internal: true });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({
      message: { internal: true, text: 'Hello visitor, this is your agent at Synthetic Hospital.' },
    });
    const after = (await auditEvents(t, w.tenantId)).slice(before);
    expect(after.filter((e) => e.resource?.type === 'Contact')).toEqual([]);
    // Not as a reply to the contact: only the holder replies.
    await expectProblem(await send('POST', sendPath(chat.conversationId, id), supervisor.token), 403);
  });

  it('refuses sends to the wrong people, of unknown replies, with bad input', async () => {
    const admin = await w.staff(['tenant_admin']);
    const id = await created(admin.token, { ...GREETING, shortcut: 'refused-greeting' });
    const holder = await w.staff(['agent'], ['cr-x']);
    const chat = await w.assigned(holder.userId, { queueId: 'cr-x' });
    const waiting = await w.chat({ queueId: 'cr-x' });
    const colleague = await w.staff(['agent'], ['cr-x']);
    const stranger = await w.staff(['agent'], ['cr-y']);
    await expectProblem(await send('POST', sendPath(waiting.conversationId, id), colleague.token), 403);
    await expectProblem(await send('POST', sendPath(chat.conversationId, id), stranger.token), 404);
    await expectProblem(await send('POST', sendPath(chat.conversationId, id), admin.token), 404);
    await expectProblem(await send('POST', sendPath(chat.conversationId, id), chat.token), 403);
    await expectProblem(await send('POST', sendPath(chat.conversationId, randomUUID()), holder.token), 404);
    await expectProblem(
      await send('POST', sendPath(chat.conversationId, id), holder.token, { internal: 'yes' }),
      400,
    );
    await expectProblem(await send('POST', sendPath(chat.conversationId, 'not-a-uuid'), holder.token), 400);
    await expectProblem(await send('POST', sendPath(chat.conversationId, id, other.base), holder.token), 404);
    const outsider = await other.staff(['agent'], ['cr-x']);
    await expectProblem(await send('POST', sendPath(chat.conversationId, id), outsider.token), 404);
  });
});

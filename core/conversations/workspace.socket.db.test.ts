import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, type ChatMessage } from '../../testing/chat-client.ts';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import type { Actor } from '../context/request-context.ts';
import { bearer, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { type WorkspaceWorld, workspaceWorld } from './workspace.fixture.ts';

/**
 * The contact's side over a real WebSocket: staff work through the HTTP API of one Custos
 * process (synthetic staff credentials), the contact's widget is connected to another process on
 * the same database and root key, as behind a load balancer.
 */
let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let server: TestServer;
let w: WorkspaceWorld;
const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);

beforeAll(async () => {
  db = await createTestDb();
  const env = { CUSTOS_ROOT_KEY: randomBytes(32).toString('base64') };
  t = createTestApp(db, { env, credentials: [staffCredential] });
  await t.runtime.bus.ready;
  server = await startTestServer(db, { env });
  w = await workspaceWorld(t, 'ws-socket', actors);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.runtime.bus.close();
  await db?.destroy();
});

const post = (path: string, token: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...bearer(token) },
    body: JSON.stringify(body),
  });

describe(`internal notes and the close, seen from the widget, on ${testDialect()}`, () => {
  it('never shows the contact a note; shows the reply, the closed status and the rating request', async () => {
    const agent = await w.staff(['agent'], ['socket']);
    const chat = await w.assigned(agent.userId, { queueId: 'socket', locale: 'en' });
    const widget = await ChatClient.connect(server.wsUrl);
    widget.send({ type: 'hello', token: chat.token });
    await widget.next((f) => f.type === 'welcome');
    await widget.next((f) => f.type === 'subscribed');

    const base = `${w.base}/conversations/${chat.conversationId}`;
    expect((await post(`${base}/notes`, agent.token, { body: 'NOTE-ONE: check the referral' })).status).toBe(
      201,
    );
    expect((await post(`${base}/messages`, agent.token, { text: 'We have your booking.' })).status).toBe(201);
    // Delivery is in order: once the reply is here, the note before it was passed over.
    await widget.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).text === 'We have your booking.',
    );

    const closed = await post(`${base}/close`, agent.token, {
      disposition: 'resolved',
      note: 'NOTE-TWO: done',
    });
    expect(closed.status).toBe(200);
    await widget.next((f) => f.type === 'status' && f.status === 'closed');
    const request = await widget.next(
      (f) => f.type === 'message' && (f.message as ChatMessage).kind === 'csat',
    );
    expect((request.message as ChatMessage).text).toMatch(/rate our service/);

    const frames = JSON.stringify(widget.frames);
    expect(frames).not.toContain('NOTE-ONE');
    expect(frames).not.toContain('NOTE-TWO');
    expect(widget.messages().some((m) => (m as { internal?: boolean }).internal)).toBe(false);
    // Both notes are stored: the widget was not simply behind.
    const stored = await t.runtime.chat.store.after(w.tenantId, chat.conversationId, 0, {
      includeInternal: true,
    });
    expect(stored.filter((m) => m.internal).map((m) => m.body)).toEqual([
      'NOTE-ONE: check the referral',
      'NOTE-TWO: done',
    ]);
    await widget.close();
  });
});

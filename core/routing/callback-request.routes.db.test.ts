import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { auditEvents, bearer, expectProblem, JSON_HEADERS } from '../identity/identity.fixture.ts';
import { PRIORITY } from './assign.ts';
import { createCallbackRequests } from './callback-request.service.ts';
import { createQueuePositions } from './queue-position.service.ts';
import { createRoutingService } from './routing.service.ts';
import { enqueue } from './routing.store.ts';
import { saveQueue } from './routing-queue.store.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
/** Tuesday 2026-11-24 23:30 in Shanghai: the front desk is closed until Wednesday 08:00. */
const clock = new Date('2026-11-24T15:30:00Z');

const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);
const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const CLERK = { kind: 'staff', id: 'u-setup', role: 'clerk' } as const;

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    credentials: [staffCredential],
    replace: (runtime) => {
      const app = runtime.database.rowSecured(currentDataScope);
      const now = () => clock;
      return {
        routing: createRoutingService({ db: app, audit: runtime.audit, now }),
        queuePositions: createQueuePositions({ db: app, now }),
        callbackRequests: createCallbackRequests({
          db: app,
          keyring: runtime.keyring,
          audit: runtime.audit,
          pseudonymKey: runtime.pseudonymKey,
          store: runtime.chat.store,
          now,
        }),
      };
    },
  });
}, 60_000);
afterAll(async () => {
  await t?.runtime.bus.close();
  await db?.destroy();
});

/** A tenant with a front desk open on weekdays 08:00–20:00 (Shanghai), its staff and waiting contacts. */
async function clinic() {
  const slug = `cb-${randomUUID().slice(0, 8)}`;
  const tenant = await t.runtime.tenants.create(SYSTEM, {
    slug,
    name: `Synthetic ${slug}`,
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    displayNames: { en: 'Synthetic Clinic', 'zh-CN': '示例诊所' },
  });
  const tenantId = tenant.id;
  const app = t.runtime.database.rowSecured(currentDataScope);
  await saveQueue(app, tenantId, {
    queueId: 'front-desk',
    names: { 'zh-CN': '前台', en: 'Front desk' },
    mode: 'auto',
    firstResponseSeconds: null,
    resolutionSeconds: null,
    businessHours: {
      timeZone: 'Asia/Shanghai',
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
      holidays: [],
    },
    outOfHoursMessage: null,
  });
  let n = 0;
  const base = `/api/v1/tenants/${slug}`;
  return {
    tenantId,
    base,
    app,
    async staff(roles: string[], queueIds: string[] = []) {
      const userId = randomUUID();
      await db.db
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          login_name: `staff-${userId.slice(0, 8)}`,
          password_hash: '$synthetic$not-a-password',
          roles: JSON.stringify(roles),
          queue_ids: [...queueIds].sort(),
        })
        .execute();
      const token = `staff-${userId}`;
      actors.set(token, {
        kind: 'staff',
        id: userId,
        role: roles[0],
        tenantId,
        roles,
        mfa: true,
        ...(queueIds.length > 0 ? { queueIds } : {}),
      } as Actor);
      return { userId, token };
    },
    /** A synthetic contact's conversation, queued unless `queueId` is null, and their widget credential. */
    async contact(options: { queueId?: string | null; priority?: number } = {}) {
      n += 1;
      const contact = await t.runtime.contacts.create(
        { actor: CLERK, tenantId, purpose: 'PATADMIN' },
        { kind: 'patient', displayName: `Synthetic Patient ${n}` },
      );
      const conversation = await t.runtime.chat.store.open(tenantId, {
        contactId: contact.id,
        channel: 'widget',
        locale: 'zh-CN',
      });
      if (options.queueId !== null)
        await enqueue(app, {
          tenantId,
          conversationId: conversation.id,
          queueId: options.queueId ?? 'front-desk',
          requiredSkills: [],
          priority: options.priority ?? PRIORITY.normal,
          reason: 'user-request',
          now: new Date(clock.getTime() - 3600_000 + n * 1000),
        });
      const { token } = await t.runtime.chat.tokens.issue({
        tenantId,
        contactId: contact.id,
        conversationId: conversation.id,
      });
      return { id: conversation.id, contactId: contact.id, token };
    },
  };
}

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { ...JSON_HEADERS, ...(token ? bearer(token) : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const paths = (problem: Record<string, unknown>) => (problem.errors as { path: string }[]).map((e) => e.path);

describe(`queue position and callback requests over HTTP on ${testDialect()}`, () => {
  it('publishes the routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths).filter((p) => /queue-position|callback-request/.test(p))).toEqual([
      '/api/v1/tenants/{slug}/conversations/{conversationId}/queue-position',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/callback-request',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/callback-requests',
      '/api/v1/tenants/{slug}/conversations/{conversationId}/callback-requests/{requestId}/done',
    ]);
  });

  it('tells a waiting contact their place, out of hours the next opening; staff of the queue see it too', async () => {
    const c = await clinic();
    const first = await c.contact();
    const mine = await c.contact();
    const response = await send('GET', `${c.base}/conversations/${mine.id}/queue-position`, mine.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'queued',
      position: 2,
      ahead: 1,
      expectedWaitSeconds: null,
      open: false,
      nextOpeningAt: '2026-11-25T00:00:00.000Z',
      callbackRequested: false,
    });
    const agent = await c.staff(['agent'], ['front-desk']);
    const seen = await send('GET', `${c.base}/conversations/${first.id}/queue-position`, agent.token);
    expect(await seen.json()).toMatchObject({ position: 1, ahead: 0 });
    // Another contact's conversation, another queue's agent, another tenant: not found.
    await expectProblem(
      await send('GET', `${c.base}/conversations/${first.id}/queue-position`, mine.token),
      404,
    );
    const elsewhere = await c.staff(['agent'], ['billing']);
    await expectProblem(
      await send('GET', `${c.base}/conversations/${first.id}/queue-position`, elsewhere.token),
      404,
    );
    const other = await clinic();
    await expectProblem(
      await send('GET', `${other.base}/conversations/${mine.id}/queue-position`, mine.token),
      404,
    );
    await expectProblem(
      await send('GET', `${c.base}/conversations/${mine.id}/queue-position`, undefined),
      401,
    );
    await expectProblem(
      await send('GET', `${c.base}/conversations/not-a-uuid/queue-position`, mine.token),
      400,
    );
  });

  it('stores a callback request with its note sealed, keeps the conversation queued and counts it for supervisors', async () => {
    const c = await clinic();
    const mine = await c.contact();
    const response = await send('POST', `${c.base}/conversations/${mine.id}/callback-request`, mine.token, {
      preferredTime: '下午',
      note: '请打这个号码：13800000000（合成）',
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      conversationId: mine.id,
      queueId: 'front-desk',
      requestedAt: clock.toISOString(),
      preferredPart: 'afternoon',
      preferredAt: null,
      note: '请打这个号码：13800000000（合成）',
      status: 'open',
      doneAt: null,
    });
    // At rest the note is ciphertext: the plaintext is nowhere in the row.
    const row = await db.db
      .selectFrom('callback_requests')
      .selectAll()
      .where('request_id', '=', created.id as string)
      .executeTakeFirstOrThrow();
    expect(row.note).not.toBeNull();
    expect(Buffer.from(row.note as Uint8Array).toString('utf8')).not.toContain('13800000000');
    expect(row.contact_id).toBe(mine.contactId);
    // Still waiting, marked for staff with an internal note; the contact's view says so.
    const conversation = await t.runtime.chat.store.get(c.tenantId, mine.id);
    expect(conversation?.status).toBe('queued');
    const notes = (
      await t.runtime.chat.store.after(c.tenantId, mine.id, 0, { includeInternal: true })
    ).filter((m) => m.internal);
    expect(notes.map((m) => m.body)).toEqual(['Callback requested (preferred: afternoon; with a note).']);
    const place = await send('GET', `${c.base}/conversations/${mine.id}/queue-position`, mine.token);
    expect(await place.json()).toMatchObject({ callbackRequested: true });
    const supervisor = await c.staff(['supervisor'], ['front-desk']);
    const overview = await send('GET', `${c.base}/routing/queues`, supervisor.token);
    expect(await overview.json()).toMatchObject({
      queues: [{ queueId: 'front-desk', waiting: 1, callbacksOpen: 1 }],
    });
    // The contact's request is recorded under their pseudonym, in the same transaction.
    const events = (await auditEvents(t, c.tenantId)).filter((e) => e.resource?.type === 'CallbackRequest');
    expect(events.map((e) => [e.action, e.actor.kind, e.resource.id])).toEqual([
      ['create', 'contact', created.id],
    ]);
    expect(events[0].subject.pseudonym).toBe(events[0].actor.id);
    // One open request per conversation; an exact time is the other way to ask.
    await expectProblem(
      await send('POST', `${c.base}/conversations/${mine.id}/callback-request`, mine.token, {
        note: 'again',
      }),
      409,
    );
    const timed = await c.contact();
    const at = await send('POST', `${c.base}/conversations/${timed.id}/callback-request`, timed.token, {
      preferredTime: '2026-11-25T10:30:00+08:00',
    });
    expect(await at.json()).toMatchObject({
      preferredPart: null,
      preferredAt: '2026-11-25T02:30:00.000Z',
      note: null,
    });
  });

  it('refuses bad input with the field path, and anything but the contact’s own waiting conversation', async () => {
    const c = await clinic();
    const mine = await c.contact();
    const post = (token: string | undefined, body: unknown, id = mine.id) =>
      send('POST', `${c.base}/conversations/${id}/callback-request`, token, body);
    expect(paths(await expectProblem(await post(mine.token, { note: 'x'.repeat(501) }), 400))).toEqual([
      'body.note',
    ]);
    expect(paths(await expectProblem(await post(mine.token, { when: 'now' }), 400))).toEqual(['body']);
    expect(paths(await expectProblem(await post(mine.token, { preferredTime: 'soon' }), 400))).toEqual([
      'preferredTime',
    ]);
    const past = await expectProblem(
      await post(mine.token, { preferredTime: '2026-11-24T08:00:00+08:00' }),
      400,
    );
    expect(past.errors).toEqual([{ path: 'preferredTime', message: 'expected a time in the future' }]);
    await expectProblem(await post(mine.token, { preferredTime: '2027-01-30T08:00:00Z' }), 400);
    // Another contact's conversation is not found; staff do not ask on a contact's behalf here.
    const other = await c.contact();
    await expectProblem(await post(other.token, { note: 'hi' }), 404);
    const agent = await c.staff(['agent'], ['front-desk']);
    await expectProblem(await post(agent.token, { note: 'hi' }), 403);
    await expectProblem(await post(undefined, { note: 'hi' }), 401);
    // Only while waiting in a queue.
    const withBot = await c.contact({ queueId: null });
    await expectProblem(await post(withBot.token, { note: 'hi' }, withBot.id), 409);
    expect(
      await db.db
        .selectFrom('callback_requests')
        .select('request_id')
        .where('tenant_id', '=', c.tenantId)
        .execute(),
    ).toEqual([]);
  });

  it('lets staff of the queue read the requests (audited) and mark one done (audited, once)', async () => {
    const c = await clinic();
    const mine = await c.contact();
    const created = (await (
      await send('POST', `${c.base}/conversations/${mine.id}/callback-request`, mine.token, {
        preferredTime: 'morning',
        note: 'after nine please',
      })
    ).json()) as { id: string };
    const agent = await c.staff(['agent'], ['front-desk']);
    const list = await send('GET', `${c.base}/conversations/${mine.id}/callback-requests`, agent.token);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({
      items: [{ id: created.id, note: 'after nine please', status: 'open' }],
    });
    // Not for another queue's agent, nor for the contact, nor with a request of another conversation.
    const elsewhere = await c.staff(['agent'], ['billing']);
    await expectProblem(
      await send('GET', `${c.base}/conversations/${mine.id}/callback-requests`, elsewhere.token),
      404,
    );
    await expectProblem(
      await send('GET', `${c.base}/conversations/${mine.id}/callback-requests`, mine.token),
      403,
    );
    const done = `${c.base}/conversations/${mine.id}/callback-requests/${created.id}/done`;
    await expectProblem(await send('POST', done, elsewhere.token), 404);
    await expectProblem(await send('POST', done, mine.token), 403);
    const other = await c.contact();
    await expectProblem(
      await send(
        'POST',
        `${c.base}/conversations/${other.id}/callback-requests/${created.id}/done`,
        agent.token,
      ),
      404,
    );

    const marked = await send('POST', done, agent.token);
    expect(marked.status).toBe(200);
    expect(await marked.json()).toMatchObject({
      id: created.id,
      status: 'done',
      doneAt: clock.toISOString(),
      note: null,
    });
    expect((await send('POST', done, agent.token)).status).toBe(200);
    const events = (await auditEvents(t, c.tenantId)).filter((e) => e.resource?.type === 'CallbackRequest');
    expect(events.map((e) => `${e.action}/${e.actor.kind}`).sort()).toEqual([
      'create/contact',
      'read/staff',
      'update/staff',
    ]);
    expect(events.find((e) => e.action === 'update')).toMatchObject({
      actor: { id: agent.userId },
      resource: { id: created.id },
    });
    const supervisor = await c.staff(['supervisor'], ['front-desk']);
    const overview = await send('GET', `${c.base}/routing/queues`, supervisor.token);
    expect(await overview.json()).toMatchObject({ queues: [{ queueId: 'front-desk', callbacksOpen: 0 }] });
    // Done, another request may be made.
    expect(
      (await send('POST', `${c.base}/conversations/${mine.id}/callback-request`, mine.token, {})).status,
    ).toBe(201);
  });
});

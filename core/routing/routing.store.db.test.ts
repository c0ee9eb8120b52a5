import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { withDataScope } from '../context/data-scope.ts';
import { isAppError } from '../errors/app-error.ts';
import { PRIORITY } from './assign.ts';
import { getPresence, goOffline, setPresence, touch } from './presence.store.ts';
import { type RoutingWorld, routingState, routingWorld } from './routing.fixture.ts';
import { assignAll, assignNext, claim, enqueue, markFirstResponse, release } from './routing.store.ts';
import { getQueue, saveQueue } from './routing-queue.store.ts';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.destroy();
});

/** Each test gets its own tenant, so queues and agents never leak between them. */
async function fresh(): Promise<RoutingWorld> {
  const world = await routingWorld(handle);
  worlds.push(world);
  return world;
}
const worlds: RoutingWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.bus.close();
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

const NOW = new Date('2026-11-24T02:00:00Z');

const conversation = async (w: RoutingWorld, id: string) =>
  handle.db
    .selectFrom('conversations')
    .selectAll()
    .where('tenant_id', '=', w.tenantId)
    .where('conversation_id', '=', id)
    .executeTakeFirstOrThrow();

describe(`routing store (${testDialect()})`, () => {
  it('assigns emergencies first, then by waiting time, to the agent with the lowest relative load', async () => {
    const w = await fresh();
    const small = await w.agent({ capacity: 2 });
    const large = await w.agent({ capacity: 6 });
    const early = await w.waiting({ now: new Date('2026-11-24T01:00:00Z') });
    const late = await w.waiting({ now: new Date('2026-11-24T01:05:00Z') });
    const emergency = await w.waiting({
      priority: PRIORITY.emergency,
      now: new Date('2026-11-24T01:10:00Z'),
    });

    const first = await assignNext(w.app, { tenantId: w.tenantId, now: NOW });
    expect(first?.conversationId).toBe(emergency);
    const rest = await assignAll(w.app, { tenantId: w.tenantId, now: NOW });
    expect(rest.map((r) => r.conversationId)).toEqual([early, late]);
    // 0/2 vs 0/6 is a tie (broken by user id); whoever took it, the loads then send one more to
    // the small agent at most and the rest to the large one: 1/2 of the small is more than 1/6.
    const byLoad = [first, ...rest].map((r) => r?.userId);
    expect(byLoad.filter((u) => u === large)).toHaveLength(2);
    expect(byLoad.filter((u) => u === small)).toHaveLength(1);
    const row = await conversation(w, emergency);
    expect(row).toMatchObject({ status: 'assigned', assigned_at: NOW });
    expect([small, large]).toContain(row.assignee_id);
    expect(await assignNext(w.app, { tenantId: w.tenantId, now: NOW })).toBe(undefined);
  });

  it('never gives a conversation to an agent who lacks a skill, is away, is elsewhere, or is full', async () => {
    const w = await fresh();
    await w.agent({ skills: ['billing'], capacity: 5 });
    await w.agent({ skills: ['cardiology'], status: 'away' });
    await w.agent({ skills: ['cardiology'], queueIds: ['admissions'] });
    const full = await w.agent({ skills: ['cardiology'], capacity: 0 });
    const cardiology = await w.waiting({ skills: ['cardiology'], priority: PRIORITY.emergency });
    const plain = await w.waiting();

    // The emergency nobody can take does not hold up the conversation behind it.
    const done = await assignAll(w.app, { tenantId: w.tenantId, now: NOW });
    expect(done.map((d) => d.conversationId)).toEqual([plain]);
    expect(await conversation(w, cardiology)).toMatchObject({ status: 'queued', assignee_id: null });

    await setPresence(w.app, w.tenantId, full, { status: 'online', capacity: 1 });
    expect(await assignAll(w.app, { tenantId: w.tenantId, now: NOW })).toEqual([
      { conversationId: cardiology, userId: full },
    ]);
  });

  it('stops assigning to an agent whose capacity was lowered below what they hold', async () => {
    const w = await fresh();
    const agent = await w.agent({ capacity: 3 });
    for (let i = 0; i < 4; i++) await w.waiting();
    expect(await assignAll(w.app, { tenantId: w.tenantId, now: NOW })).toHaveLength(3);
    const lowered = await setPresence(w.app, w.tenantId, agent, { status: 'online', capacity: 1 });
    expect(lowered).toMatchObject({ capacity: 1, active: 3 });
    const held = (await routingState(handle.db, w.tenantId)).conversations.filter(
      (c) => c.status === 'assigned',
    );
    await w.store.update(w.tenantId, held[0]?.conversation_id as string, { status: 'closed' });
    await release(w.app, w.tenantId, held[0]?.conversation_id as string);
    // 2 held, capacity 1: still nothing new.
    expect(await assignNext(w.app, { tenantId: w.tenantId, now: NOW })).toBe(undefined);
  });

  it('release after closing drops the count by exactly one, however often it runs', async () => {
    const w = await fresh();
    const agent = await w.agent({ capacity: 4 });
    const a = await w.waiting();
    const b = await w.waiting();
    await assignAll(w.app, { tenantId: w.tenantId, now: NOW });
    expect((await getPresence(w.app, w.tenantId, agent))?.active).toBe(2);
    // Still assigned: releasing changes nothing.
    expect(await release(w.app, w.tenantId, a)).toEqual({ userId: agent, active: 2 });
    await w.store.update(w.tenantId, a, { status: 'closed' });
    const releases = await Promise.all([1, 2, 3].map(() => release(w.app, w.tenantId, a)));
    expect(releases.map((r) => r?.active)).toEqual([1, 1, 1]);
    expect((await getPresence(w.app, w.tenantId, agent))?.active).toBe(1);
    expect(await conversation(w, b)).toMatchObject({ status: 'assigned', assignee_id: agent });
    expect(await failure(release(w.app, w.tenantId, randomUUID()))).toBe('not_found');
  });

  it('transfers: enqueueing an assigned conversation frees its agent and keeps its place', async () => {
    const w = await fresh();
    const frontDesk = await w.agent({ capacity: 1 });
    const clinic = await w.agent({ capacity: 1, queueIds: ['clinic'] });
    const id = await w.waiting({ now: new Date('2026-11-24T01:00:00Z') });
    await assignAll(w.app, { tenantId: w.tenantId, now: NOW });
    const queuedAt = (await conversation(w, id)).queued_at;
    const moved = await enqueue(w.app, {
      tenantId: w.tenantId,
      conversationId: id,
      queueId: 'clinic',
      requiredSkills: [],
      priority: PRIORITY.complaint,
      reason: 'transfer',
      now: NOW,
    });
    expect(moved.queuedAt).toEqual(queuedAt);
    expect((await getPresence(w.app, w.tenantId, frontDesk))?.active).toBe(0);
    expect(await assignAll(w.app, { tenantId: w.tenantId, now: NOW })).toEqual([
      { conversationId: id, userId: clinic },
    ]);
    expect(await conversation(w, id)).toMatchObject({ handoff_reason: 'transfer', priority: 50 });
  });

  it('pick queues: never assigned automatically; claim checks membership, skills and capacity', async () => {
    const w = await fresh();
    await saveQueue(w.app, w.tenantId, {
      queueId: 'admissions',
      names: { 'zh-CN': '招生咨询', en: 'Admissions' },
      mode: 'pick',
      firstResponseSeconds: null,
      resolutionSeconds: null,
      businessHours: null,
      outOfHoursMessage: null,
    });
    const officer = await w.agent({ queueIds: ['admissions'], skills: ['transfer-credit'], capacity: 1 });
    const outsider = await w.agent({ queueIds: ['front-desk'], skills: ['transfer-credit'] });
    const unskilled = await w.agent({ queueIds: ['admissions'] });
    const first = await w.waiting({ queueId: 'admissions', skills: ['transfer-credit'] });
    const second = await w.waiting({ queueId: 'admissions' });
    expect(await assignAll(w.app, { tenantId: w.tenantId, now: NOW })).toEqual([]);

    const attempt = (userId: string, conversationId: string) =>
      failure(claim(w.app, { tenantId: w.tenantId, conversationId, userId, now: NOW }));
    expect(await attempt(outsider, first)).toBe('forbidden');
    expect(await attempt(unskilled, first)).toBe('conflict');
    // Two claims of one conversation at once: one wins.
    const both = await Promise.all([attempt(officer, first), attempt(officer, first)]);
    expect(both.sort()).toEqual(['conflict', 'succeeded']);
    // At capacity now.
    expect(await attempt(officer, second)).toBe('conflict');
    expect(await attempt(unskilled, second)).toBe('succeeded');
    expect(await conversation(w, first)).toMatchObject({ status: 'assigned', assignee_id: officer });
  });

  it('computes the SLA in business hours and says when the queue is closed', async () => {
    const w = await fresh();
    await saveQueue(w.app, w.tenantId, {
      queueId: 'clinic',
      names: { 'zh-CN': '门诊', en: 'Clinic' },
      mode: 'auto',
      firstResponseSeconds: 30 * 60,
      resolutionSeconds: 8 * 3600,
      businessHours: {
        timeZone: 'Asia/Shanghai',
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
        holidays: [],
      },
      outOfHoursMessage: {
        'zh-CN': '门诊已下班，我们明早回复您。',
        en: 'The clinic is closed; we reply in the morning.',
      },
    });
    expect((await getQueue(w.app, w.tenantId, 'clinic'))?.mode).toBe('auto');
    const { conversation: c } = await w.conversation(900);
    // Friday 17:45 in Shanghai.
    const result = await enqueue(w.app, {
      tenantId: w.tenantId,
      conversationId: c.id,
      queueId: 'clinic',
      requiredSkills: [],
      priority: PRIORITY.normal,
      reason: 'user-request',
      now: new Date('2026-11-20T17:45:00+08:00'),
    });
    expect(result).toMatchObject({
      open: true,
      slaFirstResponseDue: new Date('2026-11-23T08:15:00+08:00'),
      slaResolutionDue: new Date('2026-11-23T15:45:00+08:00'),
    });
    const row = await conversation(w, c.id);
    expect(row.sla_first_response_due).toEqual(result.slaFirstResponseDue);
    const replied = new Date('2026-11-23T08:05:00+08:00');
    expect(await markFirstResponse(w.app, w.tenantId, c.id, replied)).toBe(true);
    expect(await markFirstResponse(w.app, w.tenantId, c.id, new Date('2026-11-23T09:00:00+08:00'))).toBe(
      false,
    );
    expect((await conversation(w, c.id)).first_response_at).toEqual(replied);
    const { conversation: d } = await w.conversation(901);
    const closed = await enqueue(w.app, {
      tenantId: w.tenantId,
      conversationId: d.id,
      queueId: 'clinic',
      requiredSkills: [],
      priority: PRIORITY.normal,
      reason: 'user-request',
      now: new Date('2026-11-21T10:00:00+08:00'),
    });
    expect(closed).toMatchObject({
      open: false,
      outOfHoursMessage: { en: expect.stringContaining('closed') },
    });
  });

  it('rejects bad input with clear errors', async () => {
    const w = await fresh();
    const agent = await w.agent();
    const id = await w.waiting();
    const bad = (over: object) =>
      failure(
        enqueue(w.app, {
          tenantId: w.tenantId,
          conversationId: id,
          queueId: 'front-desk',
          requiredSkills: [],
          priority: 0,
          reason: 'user-request',
          now: NOW,
          ...over,
        }),
      );
    expect(await bad({ queueId: 'Front Desk' })).toBe('validation_failed');
    expect(await bad({ priority: 101 })).toBe('validation_failed');
    expect(await bad({ requiredSkills: ['Cardiology!'] })).toBe('validation_failed');
    expect(await bad({ reason: '' })).toBe('validation_failed');
    expect(await bad({ conversationId: randomUUID() })).toBe('not_found');
    expect(await failure(setPresence(w.app, w.tenantId, agent, { status: 'online', capacity: 51 }))).toBe(
      'validation_failed',
    );
    expect(await failure(setPresence(w.app, w.tenantId, randomUUID(), { status: 'online' }))).toBe(
      'not_found',
    );
    await w.store.update(w.tenantId, id, { status: 'closed' });
    expect(await bad({})).toBe('conflict');
  });

  it('heartbeats, and an offline agent with nothing held gives nothing back', async () => {
    const w = await fresh();
    const agent = await w.agent();
    const later = new Date('2026-11-24T03:00:00Z');
    expect(await touch(w.app, w.tenantId, agent, later)).toBe(true);
    expect((await getPresence(w.app, w.tenantId, agent))?.lastSeenAt).toEqual(later);
    expect(await touch(w.app, w.tenantId, randomUUID())).toBe(false);
    expect(await goOffline(w.app, w.tenantId, agent)).toEqual([]);
    expect((await getPresence(w.app, w.tenantId, agent))?.status).toBe('offline');
  });

  it('keeps tenants apart: another tenant sees none of the presence or queue rows', async () => {
    const w = await fresh();
    const agent = await w.agent();
    const other = await fresh();
    const seen = await withDataScope({ kind: 'tenant', tenantId: other.tenantId }, () =>
      other.app.selectFrom('agent_presence').select('user_id').execute(),
    );
    expect(seen.map((r) => r.user_id)).not.toContain(agent);
    const policies = await sql<{ tablename: string }>`
      select tablename from pg_policies where tablename in ('agent_presence', 'routing_queues')`.execute(
      handle.db,
    );
    expect(policies.rows.map((r) => r.tablename).sort()).toEqual(['agent_presence', 'routing_queues']);
  });
});

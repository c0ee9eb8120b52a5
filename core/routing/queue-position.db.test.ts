import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { PRIORITY } from './assign.ts';
import { createWaitingNotices } from './queue-position.notice.ts';
import { queuePosition } from './queue-position.store.ts';
import { type RoutingWorld, routingWorld } from './routing.fixture.ts';
import { claim } from './routing.store.ts';
import { type RoutingQueue, saveQueue } from './routing-queue.store.ts';

let handle: TestDb;
const worlds: RoutingWorld[] = [];
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  for (const w of worlds) await w.bus.close();
  await handle?.destroy();
});

async function fresh(): Promise<RoutingWorld> {
  const world = await routingWorld(handle);
  worlds.push(world);
  return world;
}

const minute = (m: number) => new Date(Date.UTC(2026, 10, 24, 1, m));
const NOW = new Date('2026-11-24T02:00:00Z');

/** `n` conversations of the queue handled by staff: assigned, then closed `seconds` later, before NOW. */
async function handled(w: RoutingWorld, queueId: string, seconds: readonly number[], closedBefore = NOW) {
  for (const [i, s] of seconds.entries()) {
    const { conversation } = await w.conversation(1000 + i);
    const closed = new Date(closedBefore.getTime() - (i + 1) * 60_000);
    await sql`update conversations set status = 'closed', queue_id = ${queueId},
        queued_at = ${new Date(closed.getTime() - s * 1000 - 60_000)}::timestamptz,
        assigned_at = ${new Date(closed.getTime() - s * 1000)}::timestamptz, closed_at = ${closed}::timestamptz
      where tenant_id = ${w.tenantId} and conversation_id = ${conversation.id}`.execute(handle.db);
  }
}

describe(`queue position (${testDialect()})`, () => {
  it('counts the conversations ahead in assignment order: priority, then waiting time', async () => {
    const w = await fresh();
    const first = await w.waiting({ now: minute(0) });
    const second = await w.waiting({ now: minute(5) });
    const vip = await w.waiting({ now: minute(10), priority: PRIORITY.vip });
    const emergency = await w.waiting({ now: minute(20), priority: PRIORITY.emergency });
    const last = await w.waiting({ now: minute(15) });
    // Other queues do not count, nor do conversations an agent already holds.
    await w.waiting({ queueId: 'billing', now: minute(0), priority: PRIORITY.emergency });
    const taken = await w.waiting({ now: minute(1) });
    const agent = await w.agent({ capacity: 1 });
    await claim(w.app, { tenantId: w.tenantId, conversationId: taken, userId: agent, now: NOW });

    const places = [];
    for (const id of [emergency, vip, first, second, last])
      places.push((await queuePosition(w.app, w.tenantId, id, NOW))?.position);
    expect(places).toEqual([1, 2, 3, 4, 5]);
    expect(await queuePosition(w.app, w.tenantId, second, NOW)).toMatchObject({
      status: 'queued',
      queueId: 'front-desk',
      position: 4,
      ahead: 3,
    });
    expect(await queuePosition(w.app, w.tenantId, taken, NOW)).toMatchObject({
      status: 'assigned',
      position: null,
      ahead: null,
      expectedWaitSeconds: null,
    });
    const { conversation: withBot } = await w.conversation(500);
    expect(await queuePosition(w.app, w.tenantId, withBot.id, NOW)).toMatchObject({
      status: 'bot',
      position: null,
    });
    expect(
      await queuePosition(w.app, w.tenantId, '00000000-0000-4000-8000-000000000000', NOW),
    ).toBeUndefined();
  });

  it('orders equal times by id, and a conversation queued without a time after those with one', async () => {
    const w = await fresh();
    const a = await w.waiting({ now: minute(3) });
    const b = await w.waiting({ now: minute(3) });
    const timeless = await w.waiting({ now: minute(0) });
    await sql`update conversations set queued_at = null where tenant_id = ${w.tenantId} and conversation_id = ${timeless}`.execute(
      handle.db,
    );
    const [low, high] = [a, b].sort();
    expect((await queuePosition(w.app, w.tenantId, low as string, NOW))?.position).toBe(1);
    expect((await queuePosition(w.app, w.tenantId, high as string, NOW))?.position).toBe(2);
    expect((await queuePosition(w.app, w.tenantId, timeless, NOW))?.position).toBe(3);
  });

  it('estimates from recent handle times and the free places of agents who could take it', async () => {
    const w = await fresh();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await w.waiting({ now: minute(i) }));
    // No history: the wait is unknown, whoever is online.
    const busy = await w.agent({ capacity: 3 });
    expect((await queuePosition(w.app, w.tenantId, ids[2] as string, NOW))?.expectedWaitSeconds).toBeNull();
    // Median handle time 600 s. Too old, or of another queue: not read.
    await handled(w, 'front-desk', [300, 600, 900, 600, 1200]);
    await handled(w, 'billing', [10, 10, 10]);
    await handled(w, 'front-desk', [5, 5, 5, 5, 5, 5, 5, 5], new Date(NOW.getTime() - 8 * 86_400_000));
    // One agent with 3 places, all taken: a place frees every 200 s; number 3 waits 600 s.
    await sql`update agent_presence set active_count = 3 where tenant_id = ${w.tenantId} and user_id = ${busy}`.execute(
      handle.db,
    );
    expect(await queuePosition(w.app, w.tenantId, ids[2] as string, NOW)).toMatchObject({
      position: 3,
      expectedWaitSeconds: 600,
    });
    // A second agent with 3 free places: the first three are taken at once.
    await w.agent({ capacity: 3 });
    expect((await queuePosition(w.app, w.tenantId, ids[2] as string, NOW))?.expectedWaitSeconds).toBe(0);
    // Agents away, or without a skill the conversation needs, do not count.
    const skilled = await w.waiting({ now: minute(9), skills: ['cantonese'] });
    expect((await queuePosition(w.app, w.tenantId, skilled, NOW))?.expectedWaitSeconds).toBeNull();
    await w.agent({ capacity: 2, skills: ['cantonese'], status: 'away' });
    expect((await queuePosition(w.app, w.tenantId, skilled, NOW))?.expectedWaitSeconds).toBeNull();
    await w.agent({ capacity: 2, skills: ['cantonese'] });
    // Number 4, 2 free places: 2 × 600 / 2 = 600 s.
    expect(await queuePosition(w.app, w.tenantId, skilled, NOW)).toMatchObject({
      position: 4,
      expectedWaitSeconds: 600,
    });
  });
});

// Weekdays 08:00–20:00 in Shanghai, a night desk on Fridays 22:00–02:00, Thursday the 26th a holiday.
const clinic: RoutingQueue = {
  queueId: 'front-desk',
  names: { 'zh-CN': '前台', en: 'Front desk' },
  mode: 'auto',
  firstResponseSeconds: null,
  resolutionSeconds: null,
  businessHours: {
    timeZone: 'Asia/Shanghai',
    weekly: [
      ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
      { weekday: 5, start: '22:00', end: '02:00' },
    ],
    holidays: ['2026-11-26'],
  },
  outOfHoursMessage: null,
};

describe(`what the handed-over contact is told (${testDialect()})`, () => {
  it('in business hours: the place in line (and the wait, once there is history)', async () => {
    const w = await fresh();
    await saveQueue(w.app, w.tenantId, clinic);
    const notices = createWaitingNotices({ db: w.app });
    await w.waiting({ now: minute(0) });
    const mine = await w.waiting({ now: minute(1) });
    // Tuesday 2026-11-24 10:00 in Shanghai.
    const tuesday = new Date('2026-11-24T02:00:00Z');
    expect(await notices.afterHandoff(w.tenantId, mine, 7, tuesday)).toEqual({
      authorKind: 'bot',
      clientMessageId: 'bot:7:queue',
      body: '你前面还有 1 位，请稍候，客服会按顺序为你接入。',
      meta: { kind: 'queue-position' },
    });
    await handled(w, 'front-desk', [600, 600, 600], tuesday);
    await w
      .agent({ capacity: 1 })
      .then((id) =>
        sql`update agent_presence set active_count = 1 where tenant_id = ${w.tenantId} and user_id = ${id}`.execute(
          handle.db,
        ),
      );
    await sql`update conversations set locale = 'en' where tenant_id = ${w.tenantId} and conversation_id = ${mine}`.execute(
      handle.db,
    );
    expect((await notices.afterHandoff(w.tenantId, mine, 7, tuesday))?.body).toBe(
      'You are number 2 in the queue; the expected wait is about 20 minutes.',
    );
  });

  it('out of hours: the next opening across midnight, past a holiday, and the callback offer', async () => {
    const w = await fresh();
    await saveQueue(w.app, w.tenantId, clinic);
    const notices = createWaitingNotices({ db: w.app });
    const mine = await w.waiting({ now: minute(0) });
    // Tuesday 23:30 local: opens Wednesday 08:00.
    const night = await notices.afterHandoff(w.tenantId, mine, 3, new Date('2026-11-24T15:30:00Z'));
    expect(night?.meta).toEqual({ kind: 'out-of-hours' });
    expect(night?.clientMessageId).toBe('bot:3:queue');
    expect(night?.body).toBe(
      '现在是非服务时间，我们将于 11月25日（周三）08:00（北京时间） 恢复服务，届时会按顺序为你接入，你的排队位置会保留。\n' +
        '如果希望我们回电，请点击“请求回电”留下方便的时间和说明。',
    );
    // Wednesday 20:30 local: Thursday is a holiday, so Friday 08:00.
    const holiday = await notices.afterHandoff(w.tenantId, mine, 3, new Date('2026-11-25T12:30:00Z'));
    expect(holiday?.body).toContain('11月27日（周五）08:00');
    // Saturday 01:00 local is inside Friday's night window: open, so the place in line.
    const lateFriday = await notices.afterHandoff(w.tenantId, mine, 3, new Date('2026-11-27T17:00:00Z'));
    expect(lateFriday?.meta).toEqual({ kind: 'queue-position' });
    // The tenant's own message, in the conversation's language.
    await saveQueue(w.app, w.tenantId, {
      ...clinic,
      outOfHoursMessage: {
        'zh-CN': '门诊已下班，{nextOpening} 见。',
        en: 'The clinic is closed until {nextOpening}.',
      },
    });
    await sql`update conversations set locale = 'en' where tenant_id = ${w.tenantId} and conversation_id = ${mine}`.execute(
      handle.db,
    );
    const own = await notices.afterHandoff(w.tenantId, mine, 3, new Date('2026-11-24T15:30:00Z'));
    expect(own?.body.split('\n')).toEqual([
      'The clinic is closed until Wed 25 Nov at 08:00 (Asia/Shanghai).',
      'If you would like us to call you back, use “Request a callback” to leave a convenient time and a note.',
    ]);
  });

  it('says nothing once an agent has the conversation; answers the callback words out of hours only', async () => {
    const w = await fresh();
    await saveQueue(w.app, w.tenantId, clinic);
    const notices = createWaitingNotices({ db: w.app });
    const mine = await w.waiting({ now: minute(0) });
    const conversation = await w.store.get(w.tenantId, mine);
    if (!conversation) throw new Error('no conversation');
    const message = {
      tenantId: w.tenantId,
      conversationId: mine,
      seq: 9,
      id: '00000000-0000-4000-8000-000000000009',
      clientMessageId: null,
      authorKind: 'contact' as const,
      authorId: null,
      internal: false,
      body: '可以给我回电吗',
      meta: null,
      createdAt: NOW,
    };
    const closed = new Date('2026-11-24T15:30:00Z');
    expect(await notices.whileWaiting(conversation, message, closed)).toMatchObject({
      clientMessageId: 'bot:9:callback-how-to',
      body: expect.stringContaining('请求回电'),
    });
    expect(
      await notices.whileWaiting(conversation, message, new Date('2026-11-24T02:00:00Z')),
    ).toBeUndefined();
    expect(
      await notices.whileWaiting(conversation, { ...message, body: '还要等多久' }, closed),
    ).toBeUndefined();

    const agent = await w.agent({ capacity: 1 });
    await claim(w.app, { tenantId: w.tenantId, conversationId: mine, userId: agent, now: NOW });
    expect(await notices.afterHandoff(w.tenantId, mine, 3, closed)).toBeUndefined();
  });
});

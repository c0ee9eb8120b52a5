import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestAppOptions } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import { type WorkspaceWorld, workspaceWorld } from '../conversations/workspace.fixture.ts';
import { auditEvents, bearer, expectProblem } from '../identity/identity.fixture.ts';
import { createAnalytics } from './analytics.service.ts';

/**
 * Daily metrics over HTTP, on a tenant in Asia/Shanghai (UTC+8) with conversations whose every
 * timestamp is known, one of them crossing local midnight. The clock is fixed.
 */
let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let w: WorkspaceWorld;
let other: WorkspaceWorld;
const NOW = new Date('2026-11-26T00:00:00Z');
const actors = new Map<string, Actor>();
const staffCredential: NonNullable<TestAppOptions['credentials']>[number] = (token) => actors.get(token);
const tokens: Record<string, string> = {};

const z = (iso: string) => new Date(`2026-11-${iso}Z`);

/** A conversation with exactly these routing columns (the owner connection, as setup). */
async function seed(columns: Record<string, unknown>, csat?: { score: number; at: Date }) {
  const chat = await w.chat();
  await t.runtime.database.db
    .updateTable('conversations')
    .set({
      queue_id: null,
      queued_at: null,
      assigned_at: null,
      first_response_at: null,
      handoff_reason: null,
      sla_first_response_due: null,
      ...columns,
    })
    .where('tenant_id', '=', w.tenantId)
    .where('conversation_id', '=', chat.conversationId)
    .execute();
  if (csat)
    await t.runtime.database.db
      .insertInto('csat_responses')
      .values({
        tenant_id: w.tenantId,
        conversation_id: chat.conversationId,
        contact_id: chat.contactId,
        queue_id: (columns.queue_id as string | undefined) ?? null,
        assignee_id: null,
        score: csat.score,
        created_at: csat.at,
      })
      .execute();
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    credentials: [staffCredential],
    replace: (runtime) => ({
      analytics: createAnalytics({
        db: runtime.database.rowSecured(currentDataScope),
        audit: runtime.audit,
        now: () => NOW,
      }),
    }),
  });
  w = await workspaceWorld(t, 'an-a', actors);
  other = await workspaceWorld(t, 'an-b', actors);
  tokens.admin = (await w.staff(['tenant_admin'])).token;
  tokens.supervisor = (await w.staff(['supervisor'], ['front-desk'])).token;
  tokens.elsewhere = (await w.staff(['supervisor'], ['billing'])).token;
  tokens.agent = (await w.staff(['agent'], ['front-desk'])).token;
  tokens.auditor = (await w.staff(['auditor'])).token;
  tokens.otherAdmin = (await other.staff(['tenant_admin'])).token;

  // 24 Nov (local): A closed by the bot; B with the bot, silent since 11:00 local (idle-ended).
  await seed({ status: 'closed', created_at: z('24T02:00:00'), closed_at: z('24T02:05:00') });
  await seed({ status: 'bot', created_at: z('24T02:30:00'), updated_at: z('24T03:00:00') });
  // C: asked for a person at 11:00 local, answered in 120 s, closed after 660 s, rated 5.
  await seed(
    {
      status: 'closed',
      queue_id: 'front-desk',
      handoff_reason: 'requested',
      created_at: z('24T03:00:00'),
      queued_at: z('24T03:00:00'),
      assigned_at: z('24T03:01:00'),
      first_response_at: z('24T03:02:00'),
      sla_first_response_due: z('24T03:05:00'),
      closed_at: z('24T03:12:00'),
      disposition: 'resolved',
    },
    { score: 5, at: z('24T03:13:00') },
  );
  // D: a red flag at 23:50 local on the 24th; answered at 00:10 on the 25th, after its due time
  // (00:00 on the 25th); closed on the 25th after 2,100 s, rated 3 there.
  await seed(
    {
      status: 'closed',
      queue_id: 'front-desk',
      handoff_reason: 'safety',
      created_at: z('24T15:50:00'),
      queued_at: z('24T15:50:00'),
      assigned_at: z('24T15:55:00'),
      first_response_at: z('24T16:10:00'),
      sla_first_response_due: z('24T16:00:00'),
      closed_at: z('24T16:30:00'),
      disposition: 'no-response',
    },
    { score: 3, at: z('24T16:31:00') },
  );
  // 25 Nov: E still waiting, past its due time; F with the bot, active 5 minutes ago.
  await seed({
    status: 'queued',
    queue_id: 'front-desk',
    handoff_reason: 'fallback',
    created_at: z('25T01:00:00'),
    queued_at: z('25T01:00:00'),
    sla_first_response_due: z('25T01:10:00'),
  });
  await seed({ status: 'bot', created_at: z('25T02:00:00'), updated_at: z('25T23:55:00') });
  // Intent counters (local days): twelve intents on the 24th, of which the ten most counted are
  // reported, ties by name; one on the 25th; another tenant's never.
  const counts: [string, string, number][] = [
    ['2026-11-24', 'book_appointment', 5],
    ['2026-11-24', 'out_of_scope', 3],
    ['2026-11-24', 'opening_hours', 3],
    ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((x): [string, string, number] => [
      '2026-11-24',
      `intent_${x}`,
      1,
    ]),
    ['2026-11-25', 'human', 2],
  ];
  await t.runtime.database.db
    .insertInto('intent_daily_counts')
    .values([
      ...counts.map(([day, intent, count]) => ({ tenant_id: w.tenantId, day, intent, count })),
      { tenant_id: other.tenantId, day: '2026-11-24', intent: 'book_appointment', count: 99 },
    ])
    .execute();
});
afterAll(async () => {
  await t?.runtime.bus.close();
  await db?.destroy();
});

const get = (path: string, token?: string) =>
  t.app.request(`${w.base}/analytics/${path}`, { headers: token ? bearer(token) : {} });
const daily = async (query: string, token = tokens.admin) => {
  const response = await get(`daily?${query}`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as { days: Record<string, unknown>[]; timeZone: string };
};

const ZERO_DISPOSITIONS = {
  resolved: 0,
  'no-response': 0,
  escalated: 0,
  'transferred-out': 0,
  duplicate: 0,
  spam: 0,
};

describe(`daily analytics over HTTP on ${testDialect()}`, () => {
  it('counts every metric on the local day it happened, with empty days as zeros', async () => {
    const report = await daily('from=2026-11-23&to=2026-11-25');
    expect(report.timeZone).toBe('Asia/Shanghai');
    expect(report.days).toEqual([
      {
        date: '2026-11-23',
        conversationsStarted: 0,
        botContained: 0,
        containmentRate: null,
        handoffs: { total: 0, requested: 0, safety: 0, fallback: 0, flow: 0, other: 0 },
        firstResponse: { count: 0, medianSeconds: null, p90Seconds: null },
        handleTime: { count: 0, medianSeconds: null, p90Seconds: null },
        slaFirstResponse: { due: 0, breached: 0 },
        csat: { responses: 0, mean: null, satisfiedShare: null },
        dispositions: ZERO_DISPOSITIONS,
        topIntents: [],
      },
      {
        date: '2026-11-24',
        conversationsStarted: 4,
        botContained: 2,
        containmentRate: 0.5,
        handoffs: { total: 2, requested: 1, safety: 1, fallback: 0, flow: 0, other: 0 },
        // percentile_cont over 120 s and 1,200 s: 660 and 120 + 0.9 × 1,080.
        firstResponse: { count: 2, medianSeconds: 660, p90Seconds: 1092 },
        handleTime: { count: 1, medianSeconds: 660, p90Seconds: 660 },
        slaFirstResponse: { due: 1, breached: 0 },
        csat: { responses: 1, mean: 5, satisfiedShare: 1 },
        dispositions: { ...ZERO_DISPOSITIONS, resolved: 1 },
        topIntents: [
          { intent: 'book_appointment', count: 5 },
          { intent: 'opening_hours', count: 3 },
          { intent: 'out_of_scope', count: 3 },
          ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => ({ intent: `intent_${x}`, count: 1 })),
        ],
      },
      {
        date: '2026-11-25',
        conversationsStarted: 2,
        botContained: 0,
        containmentRate: 0,
        handoffs: { total: 1, requested: 0, safety: 0, fallback: 1, flow: 0, other: 0 },
        firstResponse: { count: 0, medianSeconds: null, p90Seconds: null },
        handleTime: { count: 1, medianSeconds: 2100, p90Seconds: 2100 },
        slaFirstResponse: { due: 2, breached: 2 },
        csat: { responses: 1, mean: 3, satisfiedShare: 0 },
        dispositions: { ...ZERO_DISPOSITIONS, 'no-response': 1 },
        topIntents: [{ intent: 'human', count: 2 }],
      },
    ]);
  });

  it('gives a supervisor their queue only, and one queue on request', async () => {
    const mine = await daily('from=2026-11-24&to=2026-11-24', tokens.supervisor);
    const one = await daily('from=2026-11-24&to=2026-11-24&queueId=front-desk', tokens.supervisor);
    // Intent counters are tenant-wide: not in a queue's report, nor in a supervisor's.
    for (const report of [mine, one])
      expect(report.days[0]).toMatchObject({
        conversationsStarted: 2,
        botContained: 0,
        containmentRate: 0,
        topIntents: null,
      });
    expect((await daily('from=2026-11-24&to=2026-11-24&queueId=front-desk')).days[0]?.topIntents).toBeNull();
    const elsewhere = await daily('from=2026-11-24&to=2026-11-24', tokens.elsewhere);
    expect(elsewhere.days[0]).toMatchObject({ conversationsStarted: 0, csat: { responses: 0 } });
    await expectProblem(
      await get('daily?from=2026-11-24&to=2026-11-24&queueId=front-desk', tokens.elsewhere),
      404,
    );
  });

  it('exports exact RFC 4180 CSV, UTF-8 without a byte-order mark, and records the export', async () => {
    const before = (await auditEvents(t, w.tenantId)).filter((e) => e.action === 'export').length;
    const response = await get('daily.csv?from=2026-11-23&to=2026-11-24', tokens.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([...Buffer.from('date')]);
    expect(Buffer.from(bytes).toString('utf8')).toBe(
      [
        'date,conversations_started,bot_contained,containment_rate,handoffs,handoffs_requested,handoffs_safety,handoffs_fallback,handoffs_flow,handoffs_other,first_responses,first_response_median_s,first_response_p90_s,handled,handle_time_median_s,handle_time_p90_s,sla_first_response_due,sla_first_response_breached,csat_responses,csat_mean,csat_satisfied_share,disposition_resolved,disposition_no_response,disposition_escalated,disposition_transferred_out,disposition_duplicate,disposition_spam,top_intents',
        '2026-11-23,0,0,,0,0,0,0,0,0,0,,,0,,,0,0,0,,,0,0,0,0,0,0,',
        '2026-11-24,4,2,0.5,2,1,1,0,0,0,2,660,1092,1,660,660,1,0,1,5,1,1,0,0,0,0,0,book_appointment:5;opening_hours:3;out_of_scope:3;intent_a:1;intent_b:1;intent_c:1;intent_d:1;intent_e:1;intent_f:1;intent_g:1',
        '',
      ].join('\r\n'),
    );
    const exports = (await auditEvents(t, w.tenantId)).filter((e) => e.action === 'export');
    expect(exports).toHaveLength(before + 1);
    expect(exports.at(-1)).toMatchObject({ resource: { type: 'Analytics', id: 'daily' } });
    // Reading the JSON report is not recorded.
    await daily('from=2026-11-24&to=2026-11-24');
    expect((await auditEvents(t, w.tenantId)).filter((e) => e.action === 'export')).toHaveLength(before + 1);
  });

  it('refuses agents and auditors, hides the tenant from another tenant, and needs a credential', async () => {
    for (const path of ['daily?from=2026-11-24&to=2026-11-24', 'daily.csv?from=2026-11-24&to=2026-11-24']) {
      await expectProblem(await get(path, tokens.agent), 403);
      await expectProblem(await get(path, tokens.auditor), 403);
      await expectProblem(await get(path, tokens.otherAdmin), 404);
      await expectProblem(await get(path), 401);
    }
  });

  it('answers bad ranges with 400 problem+json', async () => {
    for (const query of [
      'from=2026-11-24',
      'from=2026-02-30&to=2026-03-01',
      'from=24-11-2026&to=2026-11-25',
      'from=2026-11-25&to=2026-11-24',
      'from=2025-01-01&to=2026-01-02',
      'from=2026-11-24&to=2026-11-25&queueId=Not%20A%20Queue',
    ]) {
      await expectProblem(await get(`daily?${query}`, tokens.admin), 400);
      await expectProblem(await get(`daily.csv?${query}`, tokens.admin), 400);
    }
    // 366 days is the limit, included.
    expect((await daily('from=2024-01-01&to=2024-12-31')).days).toHaveLength(366);
  });
});

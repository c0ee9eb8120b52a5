import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Actor } from '../context/request-context.ts';
import { asSubject } from './ability.ts';
import { abilityOf } from './actor-ability.ts';
import { accessFilter, type ColumnMap } from './sql-filter.ts';

/**
 * Queue membership end to end: an account's `queue_ids` travel in its access token (`queues`)
 * to the actor, and the agent and supervisor rules decide from them which queued conversations
 * it may read and claim, in memory and in SQL.
 */

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const PASSWORD = 'correct horse battery staple';
const SLUG = 'clinic-q';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantId = (
    await t.runtime.tenants.create(SYSTEM, {
      slug: SLUG,
      name: 'Synthetic clinic',
      vertical: 'medical',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    })
  ).id;
  const staff = [
    { loginName: 'desk.agent', roles: ['agent'], queueIds: ['front-desk'] },
    { loginName: 'desk.lead', roles: ['supervisor'], queueIds: ['front-desk'] },
    { loginName: 'new.agent', roles: ['agent'] },
  ];
  for (const account of staff) {
    await t.runtime.identity.users.create(SYSTEM, { tenantSlug: SLUG, password: PASSWORD, ...account });
  }
});
afterAll(() => db.destroy());

/** Signs in over HTTP and resolves the access token as the API does for every request. */
async function actorOf(loginName: string): Promise<Actor> {
  const response = await t.app.request(`/api/v1/tenants/${SLUG}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  const actor = await t.runtime.identity.resolver(accessToken);
  if (!actor) throw new Error('the access token did not resolve');
  return actor;
}

const conversation = (attributes: Record<string, unknown>) =>
  asSubject('Conversation', { tenantId, id: 'c-1', ...attributes });

// The attributes the agent and supervisor read rules test, over the inline rows below.
const COLUMNS: ColumnMap<'Conversation'> = {
  tenantId: { column: 'c.tenant_id' },
  id: { column: 'c.id' },
  assigneeId: { column: 'c.assignee_id', nullable: true },
  queueId: { column: 'c.queue_id', nullable: true },
  status: { column: 'c.status' },
};

/** The ids of the rows `actor` may read, filtered by the SQL twin of its rules. */
async function readableInSql(actor: Actor): Promise<string[]> {
  const filter = accessFilter(abilityOf(actor), 'read', 'Conversation', COLUMNS);
  const { rows } = await sql<{ id: string }>`
    select c.id from (values
      (${tenantId}, 'front-queued', null, 'front-desk', 'queued'),
      (${tenantId}, 'billing-queued', null, 'billing', 'queued'),
      (${tenantId}, 'front-assigned', '00000000-0000-4000-8000-000000000000', 'front-desk', 'assigned')
    ) as c(tenant_id, id, assignee_id, queue_id, status)
    where ${filter}
    order by c.id`.execute(db.db);
  return rows.map((row) => row.id);
}

describe(`queue membership from the access token (${testDialect()})`, () => {
  it("an agent reads and claims the waiting conversations of its token's queue, and no other queue's", async () => {
    const agent = await actorOf('desk.agent');
    expect(agent).toMatchObject({ kind: 'staff', queueIds: ['front-desk'] });
    const ability = abilityOf(agent);
    const front = conversation({ status: 'queued', queueId: 'front-desk' });
    const billing = conversation({ status: 'queued', queueId: 'billing' });
    expect(ability.can('read', front)).toBe(true);
    expect(ability.can('assign', front)).toBe(true);
    expect(ability.can('read', billing)).toBe(false);
    expect(ability.can('assign', billing)).toBe(false);
    // Only while waiting: someone else's conversation of the same queue stays theirs.
    expect(
      ability.can(
        'read',
        conversation({ status: 'assigned', queueId: 'front-desk', assigneeId: 'someone-else' }),
      ),
    ).toBe(false);
    expect(await readableInSql(agent)).toEqual(['front-queued']);
  });

  it('a supervisor of the queue reads all of it, waiting or assigned, and nothing of another queue', async () => {
    const lead = abilityOf(await actorOf('desk.lead'));
    expect(lead.can('read', conversation({ status: 'assigned', queueId: 'front-desk' }))).toBe(true);
    expect(lead.can('read', conversation({ status: 'queued', queueId: 'billing' }))).toBe(false);
    expect(await readableInSql(await actorOf('desk.lead'))).toEqual(['front-assigned', 'front-queued']);
  });

  it('an agent without queues sees no queued conversation at all', async () => {
    const agent = await actorOf('new.agent');
    expect(agent).not.toHaveProperty('queueIds');
    expect(abilityOf(agent).can('read', conversation({ status: 'queued', queueId: 'front-desk' }))).toBe(
      false,
    );
    expect(await readableInSql(agent)).toEqual([]);
  });
});

import { createMongoAbility } from '@casl/ability';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AppAbility, asSubject, defineAbilityFor } from './ability.ts';
import type { AccessActor } from './access-actor.ts';
import { ME, OTHER, P, Q1, Q2, S1, S2, STRANGER, T, T2, WARD } from './access-matrix.fixture.ts';
import { ROLES, type Role } from './roles.ts';
import type { AccessRule } from './rule-kit.ts';
import { accessFilter, type ColumnMap } from './sql-filter.ts';
import { ACTIONS, CONVERSATION_STATUSES } from './subjects.ts';

/**
 * Differential test: for random rows and random abilities, the rows the SQL filter returns are
 * exactly those `ability.can()` accepts in memory — on PGlite and on PostgreSQL alike.
 */
const TABLE = 'access_filter_scratch';

const conversationColumns: ColumnMap<'Conversation'> = {
  tenantId: { column: 'tenant_id' },
  contactId: { column: 'contact_id' },
  assigneeId: { column: 'assignee_id', nullable: true },
  queueId: { column: 'queue_id', nullable: true },
  status: { column: 'status' },
  careTeam: { column: 'care_team', nullable: true, array: true },
  schoolId: { column: 'school_id', nullable: true },
  priority: { column: 'priority' },
};
const messageColumns: ColumnMap<'Message'> = {
  ...(conversationColumns as ColumnMap<'Message'>),
  internal: { column: 'internal' },
};

interface Row {
  readonly id: number;
  readonly tenantId: string;
  readonly contactId: string;
  readonly assigneeId: string | null;
  readonly queueId: string | null;
  readonly status: string;
  readonly careTeam: string[] | null;
  readonly schoolId: string | null;
  readonly internal: boolean;
  readonly priority: number;
}

const staffIds = [ME, OTHER, 'staff-3'];
const rowArb = fc.record({
  tenantId: fc.constantFrom(T, T2),
  contactId: fc.constantFrom(P, WARD, STRANGER),
  assigneeId: fc.constantFrom(ME, OTHER, null),
  queueId: fc.constantFrom(Q1, Q2, null),
  status: fc.constantFrom(...CONVERSATION_STATUSES),
  careTeam: fc.option(fc.subarray(staffIds), { nil: null }),
  schoolId: fc.constantFrom(S1, S2, null),
  internal: fc.boolean(),
  priority: fc.integer({ min: 0, max: 5 }),
});
const rowsArb = fc
  .array(rowArb, { maxLength: 25 })
  .map((rows): Row[] => rows.map((row, id) => ({ ...row, id })));

let handle: TestDb;
let db: Kysely<any>;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db as unknown as Kysely<any>;
  // A scratch table shaped like the conversation store to come; it lives only in this test database.
  await sql`create table ${sql.table(TABLE)} (
    tenant_id text not null, id integer not null, contact_id text not null, assignee_id text,
    queue_id text, status text not null, care_team text[], school_id text,
    internal boolean not null, priority integer not null, primary key (tenant_id, id))`.execute(db);
});
afterAll(async () => {
  await handle?.destroy();
});

async function load(rows: readonly Row[]): Promise<void> {
  await db.deleteFrom(TABLE).execute();
  if (rows.length === 0) return;
  await db
    .insertInto(TABLE)
    .values(
      rows.map((r) => ({
        tenant_id: r.tenantId,
        id: r.id,
        contact_id: r.contactId,
        assignee_id: r.assigneeId,
        queue_id: r.queueId,
        status: r.status,
        care_team: r.careTeam,
        school_id: r.schoolId,
        internal: r.internal,
        priority: r.priority,
      })),
    )
    .execute();
}

async function agree(
  ability: AppAbility,
  action: AccessRule['action'],
  rows: readonly Row[],
  subject: 'Conversation' | 'Message',
) {
  const act = action as (typeof ACTIONS)[number];
  const filter =
    subject === 'Conversation'
      ? accessFilter(ability, act, 'Conversation', conversationColumns)
      : accessFilter(ability, act, 'Message', messageColumns);
  const found = await db.selectFrom(TABLE).select(['tenant_id', 'id']).where(filter).execute();
  const inSql = found.map((r) => `${r.tenant_id}/${r.id}`).sort();
  const inMemory = rows
    .filter((row) => ability.can(act, asSubject(subject, row as unknown as Record<string, unknown>)))
    .map((r) => `${r.tenantId}/${r.id}`)
    .sort();
  expect(inSql, `${subject} ${action}`).toEqual(inMemory);
}

const roleSets: Role[][] = [
  ...ROLES.map((role) => [role]),
  ['tenant_admin', 'agent'],
  ['agent', 'supervisor'],
  ['clinician', 'agent'],
];
const actorArb = fc
  .record({
    roles: fc.constantFrom(...roleSets),
    tenantId: fc.constantFrom(T, T2),
    staffId: fc.constantFrom(ME, OTHER),
    personId: fc.constantFrom(P, WARD, STRANGER),
    queueIds: fc.subarray([Q1, Q2]),
    schoolIds: fc.subarray([S1, S2]),
    wardIds: fc.subarray([WARD, STRANGER]),
    verified: fc.boolean(),
    mfa: fc.boolean(),
  })
  .map(({ roles, staffId, personId, ...rest }): AccessActor => {
    const person = roles.includes('contact') || roles.includes('guardian');
    const operator = roles.includes('platform_operator');
    return {
      ...rest,
      roles,
      id: person ? personId : staffId,
      tenantId: operator ? undefined : rest.tenantId,
    };
  });

// Random rule sets exercise the translator beyond what today's roles write: every allow-listed
// operator, conditional and unconditional denies, field-scoped rules, other actions.
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const fieldConditionArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  pick(...CONVERSATION_STATUSES).map((status) => ({ status })),
  pick(ME, OTHER, null).map((assigneeId) => ({ assigneeId })),
  pick(ME, OTHER, null).map((assigneeId) => ({ assigneeId: { $ne: assigneeId } })),
  fc.subarray([Q1, Q2, null]).map((queueId) => ({ queueId: { $in: queueId } })),
  fc.subarray([Q1, Q2, null]).map((queueId) => ({ queueId: { $nin: queueId } })),
  pick(...staffIds, null).map((careTeam) => ({ careTeam })),
  pick(...staffIds, null).map((careTeam) => ({ careTeam: { $ne: careTeam } })),
  fc.subarray([...staffIds, null]).map((careTeam) => ({ careTeam: { $in: careTeam } })),
  fc.subarray([...staffIds, null]).map((careTeam) => ({ careTeam: { $nin: careTeam } })),
  fc.subarray([S1, S2, null]).map((schoolId) => ({ schoolId: { $in: schoolId } })),
  pick(T, T2).map((tenantId) => ({ tenantId })),
  pick(P, WARD).map((contactId) => ({ contactId })),
  fc
    .tuple(pick('$lt', '$lte', '$gt', '$gte'), fc.integer({ min: -1, max: 6 }))
    .map(([op, bound]) => ({ priority: { [op]: bound } })),
);
const conditionsArb = fc
  .array(fieldConditionArb, { maxLength: 3 })
  .map((parts) => Object.assign({}, ...parts));
const ruleArb: fc.Arbitrary<AccessRule> = fc
  .record({
    action: fc.constantFrom<AccessRule['action']>('read', 'read', 'read', 'update'),
    conditions: fc.option(conditionsArb, { nil: undefined, freq: 4 }),
    inverted: fc.boolean(),
    fields: fc.option(fc.constant<string[]>(['status']), { nil: undefined, freq: 4 }),
  })
  .map(({ action, conditions, inverted, fields }) => ({
    action,
    subject: 'Conversation' as const,
    ...(conditions ? { conditions } : {}),
    ...(inverted ? { inverted } : {}),
    ...(fields ? { fields } : {}),
  }));

describe(`access filter agrees with ability.can() (${testDialect()})`, () => {
  it('for the real role rules, every action, on conversations and messages', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, actorArb, async (rows, actor) => {
        await load(rows);
        const ability = defineAbilityFor(actor);
        for (const action of ACTIONS) {
          await agree(ability, action, rows, 'Conversation');
          await agree(ability, action, rows, 'Message');
        }
      }),
      { numRuns: 60 },
    );
  });

  it('for random rule sets', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.array(ruleArb, { maxLength: 5 }), async (rows, rules) => {
        await load(rows);
        await agree(createMongoAbility<AppAbility>(rules), 'read', rows, 'Conversation');
      }),
      { numRuns: 150 },
    );
  });

  it('returns no row at all when no rule applies (WHERE false)', async () => {
    const rows = fc.sample(rowsArb, 1)[0]!;
    await load(rows);
    const none = createMongoAbility<AppAbility>([]);
    const found = await db
      .selectFrom(TABLE)
      .select('id')
      .where(accessFilter(none, 'read', 'Conversation', conversationColumns))
      .execute();
    expect(found).toEqual([]);
  });
});

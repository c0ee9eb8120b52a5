import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AppAbility, asSubject, defineAbilityFor } from './ability.ts';
import { ME, OTHER, Q1, Q2, S1, T, T2 } from './access-matrix.fixture.ts';
import { parseAccessSettings } from './access-settings.ts';
import type { Role } from './roles.ts';
import { accessFilter, type ColumnMap } from './sql-filter.ts';
import { ACTIONS, type Action, CONVERSATION_STATUSES } from './subjects.ts';

/**
 * Differential test of tailoring: for random conversations, operational actors and restrictions,
 * the rows the SQL filter returns are exactly those the tailored ability accepts in memory, and
 * never more than the untailored ability's — on PGlite and on PostgreSQL alike.
 */
const TABLE = 'access_tailoring_scratch';
const columns: ColumnMap<'Conversation'> = {
  tenantId: { column: 'tenant_id' },
  assigneeId: { column: 'assignee_id', nullable: true },
  queueId: { column: 'queue_id', nullable: true },
  status: { column: 'status' },
  careTeam: { column: 'care_team', nullable: true, array: true },
  schoolId: { column: 'school_id', nullable: true },
};

const rowArb = fc.record({
  tenantId: fc.constantFrom(T, T2),
  assigneeId: fc.constantFrom(ME, OTHER, null),
  queueId: fc.constantFrom(Q1, Q2, null),
  status: fc.constantFrom(...CONVERSATION_STATUSES),
  careTeam: fc.option(fc.subarray([ME, OTHER]), { nil: null }),
  schoolId: fc.constantFrom(S1, null),
});
const rowsArb = fc
  .array(rowArb, { minLength: 1, maxLength: 20 })
  .map((rows) => rows.map((r, id) => ({ ...r, id })));

// Denials each role is granted (checked below), whole grants and field lists.
const CANDIDATES = parseAccessSettings({
  restrictions: [
    {
      role: 'agent',
      deny: [
        { action: 'read', subject: 'Conversation' },
        { action: 'assign', subject: 'Conversation' },
        { action: 'update', subject: 'Conversation', fields: ['priority'] },
      ],
    },
    {
      role: 'supervisor',
      deny: [
        { action: 'read', subject: 'Conversation' },
        { action: 'update', subject: 'Conversation' },
      ],
    },
    { role: 'clinician', deny: [{ action: 'assign', subject: 'Conversation' }] },
    { role: 'admissions_officer', deny: [{ action: 'read', subject: 'Conversation' }] },
  ],
}).restrictions;

const roleSets: Role[][] = [
  ['agent'],
  ['supervisor'],
  ['clinician'],
  ['admissions_officer'],
  ['agent', 'supervisor'],
];
const actorArb = fc.record({
  roles: fc.constantFrom(...roleSets),
  queueIds: fc.subarray([Q1, Q2]),
  restrictions: fc.subarray(
    CANDIDATES.flatMap((r) => r.deny.map((d) => ({ role: r.role, deny: [d] }))),
    { maxLength: 3 },
  ),
});

let handle: TestDb;
let db: Kysely<any>;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db as unknown as Kysely<any>;
  await sql`create table ${sql.table(TABLE)} (
    tenant_id text not null, id integer not null, assignee_id text, queue_id text, status text not null,
    care_team text[], school_id text, primary key (tenant_id, id))`.execute(db);
});
afterAll(async () => {
  await handle?.destroy();
});

type Row = ReturnType<typeof rowArb.generate>['value'] & { id: number };

async function rowsFound(ability: AppAbility, action: Action): Promise<string[]> {
  const found = await db
    .selectFrom(TABLE)
    .select(['tenant_id', 'id'])
    .where(accessFilter(ability, action, 'Conversation', columns))
    .execute();
  return found.map((r) => `${r.tenant_id}/${r.id}`).sort();
}

const inMemory = (ability: AppAbility, action: Action, rows: readonly Row[]) =>
  rows
    .filter((row) => ability.can(action, asSubject('Conversation', row)))
    .map((r) => `${r.tenantId}/${r.id}`)
    .sort();

describe(`tailored abilities: SQL filter agrees with ability.can() (${testDialect()})`, () => {
  it('for random operational actors and restrictions, every action', async () => {
    let narrowed = 0;
    await fc.assert(
      fc.asyncProperty(rowsArb, actorArb, async (rows, a) => {
        await db.deleteFrom(TABLE).execute();
        await db
          .insertInto(TABLE)
          .values(
            rows.map((r) => ({
              tenant_id: r.tenantId,
              id: r.id,
              assignee_id: r.assigneeId,
              queue_id: r.queueId,
              status: r.status,
              care_team: r.careTeam,
              school_id: r.schoolId,
            })),
          )
          .execute();
        const actor = {
          id: ME,
          tenantId: T,
          roles: a.roles,
          mfa: true,
          queueIds: a.queueIds,
          schoolIds: [S1],
        };
        const plain = defineAbilityFor(actor);
        const tailored = defineAbilityFor(actor, a.restrictions);
        for (const action of ACTIONS) {
          const sqlRows = await rowsFound(tailored, action);
          expect(sqlRows, action).toEqual(inMemory(tailored, action, rows as Row[]));
          const before = await rowsFound(plain, action);
          expect(before).toEqual(expect.arrayContaining(sqlRows));
          if (sqlRows.length < before.length) narrowed += 1;
        }
      }),
      { numRuns: 60 },
    );
    // The restrictions took effect somewhere, or the property says nothing.
    expect(narrowed).toBeGreaterThan(0);
  });
});

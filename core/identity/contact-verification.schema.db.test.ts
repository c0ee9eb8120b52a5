import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { currentDataScope, withDataScope } from '../context/data-scope.ts';
import {
  contactAssuranceColumns,
  contactVerificationAttemptColumns,
  contactVerificationColumns,
} from './contact-verification.columns.ts';

/**
 * The contact-verification tables as migrated: every column classified (none personal), the rules
 * the database itself enforces, and tenant isolation by row-level security.
 */

let handle: TestDb;
const A = randomUUID();
const B = randomUUID();

beforeAll(async () => {
  handle = await createTestDb();
  for (const [id, slug] of [
    [A, 'verification-schema-a'],
    [B, 'verification-schema-b'],
  ] as const) {
    await handle.db
      .insertInto('tenants')
      .values({
        tenant_id: id,
        slug,
        name: slug,
        vertical: 'medical',
        locale: 'zh-CN',
        time_zone: 'Asia/Shanghai',
        settings: '{}',
      })
      .execute();
  }
});
afterAll(async () => {
  await handle?.destroy();
});

const columnsOf = async (table: string) =>
  (
    await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(handle.db)
  ).rows
    .map((r) => r.column_name)
    .sort();

const challenge = (tenantId: string, over: Record<string, unknown> = {}) => ({
  tenant_id: tenantId,
  verification_id: randomUUID(),
  conversation_id: randomUUID(),
  visitor_id: randomUUID(),
  method: 'code',
  subject_id: null,
  subject_key: 'identifier:0011223344556677',
  code_mac: Buffer.alloc(32, 1),
  state: 'pending',
  failed_attempts: 0,
  created_at: new Date('2026-12-01T02:00:00Z'),
  expires_at: new Date('2026-12-01T02:10:00Z'),
  decided_at: null,
  ...over,
});

async function refused(values: Record<string, unknown>) {
  try {
    await handle.db
      .insertInto('contact_verifications')
      .values(values as never)
      .execute();
    return 'inserted';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe(`contact-verification schema (${testDialect()})`, () => {
  it('classifies every migrated column', async () => {
    for (const { table, columns } of [
      contactVerificationColumns,
      contactVerificationAttemptColumns,
      contactAssuranceColumns,
    ]) {
      expect(await columnsOf(table), table).toEqual(Object.keys(columns).sort());
      expect(
        Object.values(columns).every((c) => c.spec.classification === 'internal'),
        table,
      ).toBe(true);
    }
  });

  it('refuses rows outside the rules', async () => {
    expect(await refused(challenge(A))).toBe('inserted');
    // 23514: check_violation.
    expect(await refused(challenge(A, { method: 'sms' }))).toBe('23514');
    expect(await refused(challenge(A, { code_mac: null }))).toBe('23514');
    expect(await refused(challenge(A, { code_mac: Buffer.alloc(6) }))).toBe('23514');
    expect(await refused(challenge(A, { method: 'knowledge' }))).toBe('23514');
    expect(await refused(challenge(A, { failed_attempts: 6 }))).toBe('23514');
    expect(await refused(challenge(A, { state: 'verified' }))).toBe('23514');
    expect(await refused(challenge(A, { expires_at: new Date('2026-12-01T01:00:00Z') }))).toBe('23514');
  });

  it("keeps each tenant's rows to itself", async () => {
    await handle.db
      .insertInto('contact_verifications')
      .values(challenge(B) as never)
      .execute();
    const app = handle.rowSecured(currentDataScope);
    const seen = await withDataScope({ kind: 'tenant', tenantId: A }, () =>
      app.selectFrom('contact_verifications').select('tenant_id').execute(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => row.tenant_id === A)).toBe(true);
    const insertForB = withDataScope({ kind: 'tenant', tenantId: A }, () =>
      app
        .insertInto('contact_assurances')
        .values({
          tenant_id: B,
          conversation_id: randomUUID(),
          visitor_id: randomUUID(),
          subject_id: randomUUID(),
          method: 'code',
          verification_id: randomUUID(),
          verified_at: new Date('2026-12-01T02:00:00Z'),
          expires_at: new Date('2026-12-01T02:30:00Z'),
        })
        .execute(),
    );
    await expect(insertForB).rejects.toThrow(/row-level security/);
  });
});

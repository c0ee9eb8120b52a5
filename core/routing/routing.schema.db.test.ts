import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { conversationColumns } from '../conversations/conversation.columns.ts';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb();
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

describe(`routing schema (${testDialect()})`, () => {
  it('classifies every column the routing migration adds to conversations', async () => {
    expect(await columnsOf('conversations')).toEqual(Object.keys(conversationColumns.columns).sort());
  });

  it('refuses presence rows outside the rules, and a queue id the access rules would not accept', async () => {
    const code = async (statement: ReturnType<typeof sql>) => {
      try {
        await statement.execute(handle.db);
        return 'ok';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    const tenant = '00000000-0000-4000-8000-000000000001';
    // 23514: check_violation; 23503: foreign_key_violation (no such tenant or user).
    expect(
      await code(
        sql`insert into routing_queues (tenant_id, queue_id, mode) values (${tenant}, 'Front Desk', 'auto')`,
      ),
    ).toBe('23514');
    expect(
      await code(
        sql`insert into agent_presence (tenant_id, user_id, capacity) values (${tenant}, ${tenant}, 51)`,
      ),
    ).toBe('23514');
    expect(
      await code(
        sql`insert into agent_presence (tenant_id, user_id, capacity) values (${tenant}, ${tenant}, 5)`,
      ),
    ).toBe('23503');
  });
});

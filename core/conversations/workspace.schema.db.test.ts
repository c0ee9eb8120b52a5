import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlKeyStore,
  decryptField,
  isSensitive,
  keyStatus,
  readSealed,
  runRotation,
  startRotation,
} from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { insertTenant, staff, syntheticContact, testProvider } from '../contacts/contact.fixture.ts';
import type { Database } from '../db/schema.ts';
import { ENCRYPTED_TABLES } from '../privacy/encrypted-tables.ts';
import { rotationWorld } from '../privacy/key-rotation.fixture.ts';
import { createEventBus } from '../realtime/event-bus.ts';
import { cannedReplyColumns } from './canned-replies.columns.ts';
import { contactRevealColumns } from './contact-card.columns.ts';
import { pseudonymKey } from './conversation.fixture.ts';
import { createConversationStore } from './conversation.store.ts';
import { csatColumns } from './csat.columns.ts';
import { createCsatService } from './csat.service.ts';

let handle: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.destroy();
});

async function migratedColumns(table: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Map(rows.map((r) => [r.column_name, r.data_type]));
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function code(statement: ReturnType<typeof sql>): Promise<string | undefined> {
  try {
    await statement.execute(db);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe(`workspace tables (${testDialect()})`, () => {
  it('classifies every column; the rating comment is bytea and registered for key rotation', async () => {
    for (const { table, columns } of [cannedReplyColumns, csatColumns, contactRevealColumns]) {
      const migrated = await migratedColumns(table);
      expect([...migrated.keys()].sort()).toEqual(Object.keys(columns).sort());
      const sealed = Object.values(columns).filter((c) => isSensitive(c.spec.classification));
      expect(sealed.filter((c) => migrated.get(c.column) !== 'bytea')).toEqual([]);
      const registered = ENCRYPTED_TABLES.find((t) => t.table === table);
      expect(registered?.sealed.map((c) => c.column).sort()).toEqual(
        sealed.length > 0 ? sealed.map((c) => c.column).sort() : undefined,
      );
    }
    const csat = ENCRYPTED_TABLES.find((t) => t.table === 'csat_responses');
    expect(csat).toMatchObject({ rowIdColumn: 'conversation_id', subjectColumn: 'contact_id' });
    const reveals = ENCRYPTED_TABLES.find((t) => t.table === 'contact_reveals');
    expect(reveals).toMatchObject({ rowIdColumn: 'reveal_id', subjectColumn: 'contact_id' });
  });

  it('puts every workspace table under row-level security, forced', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relname in ('canned_replies', 'contact_reveals', 'csat_responses') order by relname`.execute(db);
    expect(rows).toEqual([
      { relname: 'canned_replies', relrowsecurity: true, relforcerowsecurity: true },
      { relname: 'contact_reveals', relrowsecurity: true, relforcerowsecurity: true },
      { relname: 'csat_responses', relrowsecurity: true, relforcerowsecurity: true },
    ]);
  });

  it('refuses an unknown disposition, a score outside 1–5, a second rating, a malformed shortcut', async () => {
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, testProvider());
    const contact = await world.service.create(staff(tenantId), syntheticContact(1));
    const bus = await createEventBus(handle);
    const store = createConversationStore({ db, keyring: world.keyring, bus });
    const { id } = await store.open(tenantId, { contactId: contact.id, channel: 'widget', locale: 'en' });
    // 23514: check_violation; 23505: unique_violation.
    expect(
      await code(sql`update conversations set disposition = 'fixed' where conversation_id = ${id}`),
    ).toBe('23514');
    const rating = (
      score: number,
    ) => sql`insert into csat_responses (tenant_id, conversation_id, contact_id, score)
      values (${tenantId}, ${id}, ${contact.id}, ${score})`;
    expect(await code(rating(0))).toBe('23514');
    expect(await code(rating(6))).toBe('23514');
    expect(await code(rating(3))).toBe('ok');
    expect(await code(rating(4))).toBe('23505');
    expect(
      await code(sql`insert into canned_replies (tenant_id, reply_id, shortcut, title, bodies, created_by, updated_by)
        values (${tenantId}, gen_random_uuid(), 'Not Ok', 't', '{}'::jsonb, 'x', 'x')`),
    ).toBe('23514');
    await bus.close();
  });

  it('key rotation re-seals a rating comment under the contact’s new key, unchanged', async () => {
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, testProvider());
    const contact = await world.service.create(staff(tenantId), syntheticContact(2));
    const bus = await createEventBus(handle);
    const store = createConversationStore({ db, keyring: world.keyring, bus });
    const { id } = await store.open(tenantId, { contactId: contact.id, channel: 'widget', locale: 'en' });
    await store.update(tenantId, id, { status: 'closed' });
    await db
      .updateTable('conversations')
      .set({ csat_requested_at: new Date() })
      .where('conversation_id', '=', id)
      .execute();
    const audit = { record: async () => {} };
    const csat = createCsatService({ db, keyring: world.keyring, audit, pseudonymKey });
    await csat.rate(
      {
        tenantId,
        actor: { id: contact.id, tenantId, roles: ['contact'], mfa: false, verified: false },
        auditActor: { kind: 'contact', id: contact.id, role: 'contact' },
      },
      id,
      { score: 4, comment: 'synthetic comment' },
    );
    const comment = async () =>
      (
        await db
          .selectFrom('csat_responses')
          .select('comment')
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).comment!;
    const before = Buffer.from(await comment()).toString('hex');

    const job = await startRotation({ db }, tenantId, 'subjects');
    expect(await runRotation(world.rotation(), job)).toMatchObject({ phase: 'finished' });
    const after = await comment();
    expect(Buffer.from(after).toString('hex')).not.toBe(before);
    const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
    expect(report.subjects.retired).toEqual({ keys: 0, rows: 0 });
    world.keyring.clearCache();
    const column = csatColumns.columns.comment;
    const at = { tenantId, rowId: id, subjectId: contact.id };
    expect(await decryptField(world.keyring, column, at, readSealed(column, after))).toBe(
      'synthetic comment',
    );
    await bus.close();
  });
});

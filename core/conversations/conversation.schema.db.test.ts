import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlKeyStore,
  isSensitive,
  keyStatus,
  runRotation,
  startRotation,
} from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { insertTenant, staff, syntheticContact, testProvider } from '../contacts/contact.fixture.ts';
import type { Database } from '../db/schema.ts';
import { ENCRYPTED_TABLES } from '../privacy/encrypted-tables.ts';
import { rotationWorld } from '../privacy/key-rotation.fixture.ts';
import { createEventBus } from '../realtime/event-bus.ts';
import { conversationColumns, messageColumns } from './conversation.columns.ts';
import { createConversationStore } from './conversation.store.ts';

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

describe(`conversation tables (${testDialect()})`, () => {
  for (const { table, columns } of [conversationColumns, messageColumns]) {
    it(`${table}: every column is classified, every personal one is bytea and registered for rotation`, async () => {
      const migrated = await migratedColumns(table);
      expect([...migrated.keys()].sort()).toEqual(Object.keys(columns).sort());
      const sealed = Object.values(columns).filter((c) => isSensitive(c.spec.classification));
      expect(sealed.filter((c) => migrated.get(c.column) !== 'bytea')).toEqual([]);
      const registered = ENCRYPTED_TABLES.find((t) => t.table === table);
      expect(registered?.sealed.map((c) => c.column).sort()).toEqual(sealed.map((c) => c.column).sort());
      expect(registered?.subjectColumn).toBe('contact_id');
    });
  }

  it('key rotation walks messages by message_id and re-seals bodies and dialogue state, unchanged', async () => {
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, testProvider());
    const bus = await createEventBus(handle);
    const store = createConversationStore({ db, keyring: world.keyring, bus });
    const conversations: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const contact = await world.service.create(staff(tenantId), syntheticContact(n));
      const { id } = await store.open(tenantId, { contactId: contact.id, channel: 'widget', locale: 'en' });
      for (let i = 1; i <= 4; i++)
        await store.append(tenantId, id, { authorKind: 'contact', body: `p${n} m${i}` });
      await store.appendMany(
        tenantId,
        id,
        [{ authorKind: 'bot', body: `reply ${n}`, meta: { kind: 'faq' } }],
        {
          dialogueState: { person: n },
        },
      );
      conversations.push(id);
    }
    const rawBodies = async () =>
      (await db.selectFrom('messages').select('body').where('tenant_id', '=', tenantId).execute()).map((r) =>
        r.body.toString('hex'),
      );
    const before = await rawBodies();

    const job = await startRotation({ db }, tenantId, 'subjects');
    const done = await runRotation(world.rotation({ batchSize: 4 }), job);
    // 3 contacts + 3 conversations + 15 messages, each re-sealed once.
    expect(done).toMatchObject({ phase: 'finished', rowsDone: 21, rowsTotal: 21 });
    const after = await rawBodies();
    expect(after.filter((hex) => before.includes(hex))).toEqual([]);
    const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
    expect(report.subjects.retired).toEqual({ keys: 0, rows: 0 });

    world.keyring.clearCache();
    for (const [i, id] of conversations.entries()) {
      const read = await store.after(tenantId, id, 0);
      expect(read.map((m) => m.body)).toEqual(
        [1, 2, 3, 4].map((m) => `p${i + 1} m${m}`).concat(`reply ${i + 1}`),
      );
      expect(read.at(-1)?.meta).toEqual({ kind: 'faq' });
      expect(await store.loadDialogueState(tenantId, id)).toEqual({ person: i + 1 });
    }
    await bus.close();
  });
});

import { sql } from 'kysely';
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
import type { Actor } from '../context/request-context.ts';
import { pseudonymKey } from '../conversations/conversation.fixture.ts';
import { createConversationStore } from '../conversations/conversation.store.ts';
import type { Database } from '../db/schema.ts';
import { isAppError } from '../errors/app-error.ts';
import { ENCRYPTED_TABLES } from '../privacy/encrypted-tables.ts';
import { rotationWorld } from '../privacy/key-rotation.fixture.ts';
import { createEventBus } from '../realtime/event-bus.ts';
import { callbackRequestColumns } from './callback-request.columns.ts';
import { createCallbackRequests } from './callback-request.service.ts';
import { type RoutingWorld, routingWorld } from './routing.fixture.ts';

let handle: TestDb;
const worlds: RoutingWorld[] = [];
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  for (const w of worlds) await w.bus.close();
  await handle?.destroy();
});

const NOW = new Date('2026-11-24T02:00:00Z');
const contactActor = (tenantId: string, contactId: string) =>
  ({ kind: 'contact', id: contactId, role: 'contact', tenantId, roles: ['contact'], mfa: false }) as Actor;

async function code(statement: ReturnType<typeof sql>): Promise<string | undefined> {
  try {
    await statement.execute(handle.db);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe(`callback_requests (${testDialect()})`, () => {
  it('classifies every column; the note is bytea, under the contact’s key, registered for rotation', async () => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = 'callback_requests'`.execute(handle.db);
    const migrated = new Map(rows.map((r) => [r.column_name, r.data_type]));
    const { columns } = callbackRequestColumns;
    expect([...migrated.keys()].sort()).toEqual(Object.keys(columns).sort());
    const sealed = Object.values(columns).filter((c) => isSensitive(c.spec.classification));
    expect(
      sealed.map((c) => [
        c.column,
        migrated.get(c.column),
        (c.spec as { subjectKeyed?: boolean }).subjectKeyed,
      ]),
    ).toEqual([['note', 'bytea', true]]);
    expect(ENCRYPTED_TABLES.find((t) => t.table === 'callback_requests')).toMatchObject({
      rowIdColumn: 'request_id',
      subjectColumn: 'contact_id',
    });
    const { rows: security } = await sql<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relrowsecurity, relforcerowsecurity from pg_class where relname = 'callback_requests'`.execute(
      handle.db,
    );
    expect(security).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });

  it('refuses a second open request, an unknown status or part of day, and done without a time', async () => {
    const w = await routingWorld(handle);
    worlds.push(w);
    const id = await w.waiting();
    const contactId = (await w.store.get(w.tenantId, id))?.contactId;
    const insert = (extra: string) =>
      sql`insert into callback_requests (tenant_id, request_id, conversation_id, contact_id, status, preferred_part, done_at)
        select ${w.tenantId}, gen_random_uuid(), ${id}, ${contactId}, ${sql.raw(extra)}`;
    // 23514: check_violation; 23505: unique_violation.
    expect(await code(insert(`'open', null, null`))).toBe('ok');
    expect(await code(insert(`'open', 'morning', null`))).toBe('23505');
    expect(await code(insert(`'done', null, now()`))).toBe('ok');
    expect(await code(insert(`'done', null, null`))).toBe('23514');
    expect(await code(insert(`'pending', null, null`))).toBe('23514');
    expect(await code(insert(`'done', 'noon', now()`))).toBe('23514');
  });

  it('erasing the contact erases the note; a new request for an erased person stores nothing', async () => {
    const w = await routingWorld(handle);
    worlds.push(w);
    const callbacks = createCallbackRequests({
      db: w.app,
      keyring: w.keyring,
      audit: { record: async () => {} },
      pseudonymKey,
      now: () => NOW,
    });
    const tenant = { id: w.tenantId, vertical: 'medical' };
    const id = await w.waiting();
    const contactId = (await w.store.get(w.tenantId, id))?.contactId as string;
    const created = await callbacks.request(contactActor(w.tenantId, contactId), tenant, id, {
      preferredTime: 'evening',
      note: 'synthetic note',
    });
    const supervisor = {
      kind: 'staff',
      id: '00000000-0000-4000-8000-0000000000aa',
      role: 'supervisor',
      tenantId: w.tenantId,
      roles: ['supervisor'],
      mfa: true,
      queueIds: ['front-desk'],
    } as Actor;
    expect((await callbacks.list(supervisor, tenant, id)).map((r) => r.note)).toEqual(['synthetic note']);
    await w.eraseContact(contactId);
    w.keyring.clearCache?.();
    const after = await callbacks.list(supervisor, tenant, id);
    expect(after.map((r) => [r.id, r.note, r.preferredPart])).toEqual([[created.id, null, 'evening']]);
    await handle.db.updateTable('callback_requests').set({ status: 'done', done_at: NOW }).execute();
    const refused = await callbacks
      .request(contactActor(w.tenantId, contactId), tenant, id, { note: 'again' })
      .then(() => 'stored')
      .catch((error: unknown) => (isAppError(error) ? error.code : String(error)));
    expect(refused).toBe('conflict');
    expect(
      await handle.db
        .selectFrom('callback_requests')
        .select('request_id')
        .where('conversation_id', '=', id)
        .execute(),
    ).toHaveLength(1);
  });

  it('key rotation re-seals a note under the contact’s new key, unchanged', async () => {
    const db = handle.db;
    const tenantId = await insertTenant(db);
    const world = rotationWorld(db, testProvider());
    const contact = await world.service.create(staff(tenantId), syntheticContact(3));
    const bus = await createEventBus(handle);
    const store = createConversationStore({ db, keyring: world.keyring, bus });
    const { id } = await store.open(tenantId, { contactId: contact.id, channel: 'widget', locale: 'en' });
    await store.update(tenantId, id, { status: 'queued', queueId: 'front-desk' });
    const callbacks = createCallbackRequests({
      db,
      keyring: world.keyring,
      audit: { record: async () => {} },
      pseudonymKey,
      now: () => NOW,
    });
    const created = await callbacks.request(
      contactActor(tenantId, contact.id),
      { id: tenantId, vertical: 'medical' },
      id,
      {
        note: 'synthetic rotation note',
      },
    );
    const note = async () =>
      (
        await db
          .selectFrom('callback_requests')
          .select('note')
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).note as Buffer;
    const before = Buffer.from(await note()).toString('hex');
    const job = await startRotation({ db }, tenantId, 'subjects');
    expect(await runRotation(world.rotation(), job)).toMatchObject({ phase: 'finished' });
    const after = await note();
    expect(Buffer.from(after).toString('hex')).not.toBe(before);
    const report = await keyStatus(db, createSqlKeyStore<Database>(db), ENCRYPTED_TABLES, tenantId);
    expect(report.subjects.retired).toEqual({ keys: 0, rows: 0 });
    world.keyring.clearCache();
    const column = callbackRequestColumns.columns.note;
    const at = { tenantId, rowId: created.id, subjectId: contact.id };
    expect(await decryptField(world.keyring, column, at, readSealed(column, after))).toBe(
      'synthetic rotation note',
    );
    await bus.close();
  });
});

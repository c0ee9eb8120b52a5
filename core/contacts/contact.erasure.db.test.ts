import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Column,
  CryptoError,
  decryptField,
  KeyDestroyed,
  type NewAuditEvent,
  readSealed,
  type SensitiveColumnSpec,
} from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Database } from '../db/schema.ts';
import { contactColumns, SEALED_COLUMNS } from './contact.columns.ts';
import {
  contactStore,
  insertTenant,
  keyringOn,
  staff,
  syntheticContact,
  testProvider,
} from './contact.fixture.ts';
import type { Contact } from './contact.ts';

let handle: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.destroy();
});

const PEOPLE = 40;
const provider = testProvider();

async function populate(events: NewAuditEvent[] = []) {
  const tenantId = await insertTenant(db);
  const keyring = keyringOn(db, provider);
  const store = contactStore(db, keyring, { record: (e) => events.push(e) });
  const created: Contact[] = [];
  for (let n = 1; n <= PEOPLE; n++)
    created.push(await store.service.create(staff(tenantId), syntheticContact(n)));
  return { tenantId, keyring, ...store, created };
}

const rawRow = (tenantId: string, contactId: string) =>
  db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow();

describe(`contact erasure drill (${testDialect()})`, () => {
  it('erases one contact among many: unreadable, not found, the others untouched', async () => {
    const events: NewAuditEvent[] = [];
    const { tenantId, service, created } = await populate(events);
    const access = staff(tenantId);
    const victim = created[7]!;
    const person = syntheticContact(8);

    const receipt = await service.erase(access, victim.id);
    expect(receipt.destroyedKeys).toBe(1);

    expect(await service.get(access, victim.id)).toMatchObject({ status: 'erased', contactId: victim.id });
    expect(await service.findBy(access, 'mobilePhone', person.mobilePhone)).toEqual([]);
    expect(await service.findBy(access, 'residentId', person.residentId)).toEqual([]);
    expect(await service.update(access, victim.id, { displayName: '测试改名' })).toMatchObject({
      status: 'erased',
    });
    // A second erasure is a no-op that says when the first one happened.
    expect(await service.erase(access, victim.id)).toMatchObject({
      destroyedKeys: 0,
      erasedAt: receipt.erasedAt,
    });

    // Another process with a cold cache cannot open a single sealed value of the row.
    const row = await rawRow(tenantId, victim.id);
    const cold = keyringOn(db, provider);
    for (const name of SEALED_COLUMNS) {
      const bytes = row[name];
      if (bytes === null) continue;
      const column = contactColumns.columns[name] as Column<'contacts', string, SensitiveColumnSpec>;
      const at = { tenantId, rowId: victim.id, subjectId: victim.id };
      await expect(decryptField(cold, column, at, readSealed(column, bytes)), name).rejects.toBeInstanceOf(
        KeyDestroyed,
      );
    }
    expect([row.mobile_phone_bidx, row.resident_id_bidx, row.email_bidx]).toEqual([null, null, null]);

    for (const [i, contact] of created.entries()) {
      if (contact.id === victim.id) continue;
      expect(await service.get(access, contact.id)).toEqual({ status: 'found', contact });
      const found = await service.findBy(access, 'mobilePhone', syntheticContact(i + 1).mobilePhone);
      expect(found.map((c) => c.id)).toEqual([contact.id]);
    }

    // The audit trail names the victim by pseudonym only, and no event carries a name or number.
    const erase = events.filter((e) => e.action === 'erase');
    expect(erase).toHaveLength(1);
    expect(erase[0]!.subject?.pseudonym).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await sql<{
      body: Buffer;
    }>`select body from audit_pending where tenant_id = ${tenantId}`.execute(db);
    const log = Buffer.concat(rows.map((r) => r.body)).toString('utf8');
    for (const plain of [person.displayName, person.mobilePhone, person.residentId, victim.id]) {
      expect(log.includes(plain), 'personal data in the audit log').toBe(false);
    }
  });

  it('finds by every lookup in any spelling, and records each access', async () => {
    const events: NewAuditEvent[] = [];
    const { tenantId, service, created } = await populate(events);
    const access = staff(tenantId);
    const [one] = created;
    const person = syntheticContact(1);
    expect(
      (
        await service.findBy(
          access,
          'mobilePhone',
          `+86 ${person.mobilePhone.replace(/(\d{3})(\d{4})/, '$1-$2-')}`,
        )
      ).map((c) => c.id),
    ).toEqual([one!.id]);
    expect((await service.findBy(access, 'email', person.email!.toUpperCase())).map((c) => c.id)).toEqual([
      one!.id,
    ]);
    expect(
      (await service.findBy(access, 'residentId', person.residentId.toLowerCase())).map((c) => c.id),
    ).toEqual([one!.id]);
    expect((await service.findBy(access, 'medicalRecordNumber', 'mrn 0001')).map((c) => c.id)).toEqual([
      one!.id,
    ]);
    expect((await service.findBy(access, 'studentNumber', 's-0002')).map((c) => c.id)).toEqual([
      created[1]!.id,
    ]);
    const updated = await service.update(access, one!.id, { mobilePhone: '13800139999', email: null });
    expect(updated).toMatchObject({ status: 'found', contact: { mobilePhone: '13800139999', email: null } });
    expect(await service.findBy(access, 'mobilePhone', person.mobilePhone)).toEqual([]);
    expect(await service.findBy(access, 'email', person.email!)).toEqual([]);
    expect(events.map((e) => e.action).slice(PEOPLE)).toEqual([
      'search',
      'search',
      'search',
      'search',
      'search',
      'update',
      'search',
      'search',
    ]);
  });

  it('fails to open a ciphertext copied into another contact’s row or another column', async () => {
    const { tenantId, service, created } = await populate();
    const access = staff(tenantId);
    const [a, b] = created as [Contact, Contact];
    const rowA = await rawRow(tenantId, a.id);
    await db
      .updateTable('contacts')
      .set({ mobile_phone: sql`${rowA.mobile_phone}` as never })
      .where('tenant_id', '=', tenantId)
      .where('contact_id', '=', b.id)
      .execute();
    await expect(service.get(access, b.id)).rejects.toBeInstanceOf(CryptoError);
    // Within one contact (one key), moving a value to another column fails authentication too.
    await db
      .updateTable('contacts')
      .set({ email: sql`${rowA.mobile_phone}` as never })
      .where('tenant_id', '=', tenantId)
      .where('contact_id', '=', a.id)
      .execute();
    await expect(service.get(access, a.id)).rejects.toBeInstanceOf(CryptoError);
    expect(await service.get(access, created[2]!.id)).toMatchObject({ status: 'found' });
  });

  it('fails closed: no audit record, no write and no data', async () => {
    const { tenantId, created } = await populate();
    const failing = contactStore(db, keyringOn(db, provider), {
      record: () => {
        throw new Error('audit unavailable');
      },
    });
    const access = staff(tenantId);
    const before = await db
      .selectFrom('contacts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    await expect(failing.service.create(access, syntheticContact(99))).rejects.toThrow('audit unavailable');
    await expect(failing.service.get(access, created[0]!.id)).rejects.toThrow('audit unavailable');
    await expect(failing.service.erase(access, created[0]!.id)).rejects.toThrow('audit unavailable');
    const after = await db
      .selectFrom('contacts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // The erasure rolled back with its audit record: the key and the contact are intact.
    expect(await contactStore(db, keyringOn(db, provider)).service.get(access, created[0]!.id)).toMatchObject(
      { status: 'found' },
    );
  });

  it.skipIf(testDialect() === 'pglite')(
    'leaves no name, phone or resident id in a pg_dump of the database',
    async () => {
      await populate();
      const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', '--dbname', handle.url!], {
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(stdout).toContain('COPY public.contacts');
      for (let n = 1; n <= PEOPLE; n++) {
        const person = syntheticContact(n);
        for (const plain of [person.displayName, person.mobilePhone, person.residentId, person.email!]) {
          // pg_dump writes bytea as hex, so a plaintext stored as bytes would show up that way.
          const hex = Buffer.from(plain, 'utf8').toString('hex');
          expect(stdout.includes(plain) || stdout.includes(hex), `contact ${n} in plaintext`).toBe(false);
        }
      }
    },
  );
});

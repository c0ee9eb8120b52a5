import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Column, isSensitive, readSealed, type SensitiveColumnSpec } from '../../compliance/index.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import type { Database } from '../db/schema.ts';
import { userColumns } from '../identity/user.columns.ts';
import { contactColumns } from './contact.columns.ts';
import {
  contactStore,
  insertTenant,
  keyringOn,
  staff,
  syntheticContact,
  testProvider,
} from './contact.fixture.ts';

/**
 * DESIGN §2.1 at the schema: every classified table's columns, as migrated, against its
 * `defineColumns` classification. Add a table to this list when it gets one.
 */
const CLASSIFIED_TABLES = [contactColumns, userColumns];

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

describe(`classified columns in the migrated schema (${testDialect()})`, () => {
  for (const { table, columns } of CLASSIFIED_TABLES) {
    it(`${table}: every column is classified, and every personal column is bytea`, async () => {
      const migrated = await migratedColumns(table);
      expect(migrated.size, `${table} exists`).toBeGreaterThan(0);
      const classified = new Set(Object.keys(columns));
      // A column added by a migration without a classification is a finding, not a default.
      expect(
        [...migrated.keys()].filter((c) => !classified.has(c)),
        'unclassified columns',
      ).toEqual([]);
      expect(
        [...classified].filter((c) => !migrated.has(c)),
        'classified but not migrated',
      ).toEqual([]);
      const plaintext = Object.values(columns)
        .filter((c) => isSensitive(c.spec.classification) && migrated.get(c.column) !== 'bytea')
        .map((c) => `${c.column} (${migrated.get(c.column)})`);
      expect(plaintext, 'personal columns not stored as bytea').toEqual([]);
    });
  }

  it('contacts: every stored personal value is ciphertext of the documented format', async () => {
    const tenantId = await insertTenant(db);
    const { service } = contactStore(db, keyringOn(db, testProvider()));
    const person = syntheticContact(1);
    const created = await service.create(staff(tenantId), person);
    const row = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('contact_id', '=', created.id)
      .executeTakeFirstOrThrow();
    for (const column of Object.values(contactColumns.columns)) {
      if (!isSensitive(column.spec.classification)) continue;
      const value = row[column.column as keyof typeof row];
      if (value === null) continue;
      expect(value, column.column).toBeInstanceOf(Buffer);
      // Version 1, AES-256-GCM, at least the 46 bytes of header, nonce and tag.
      const sealed = readSealed(column as Column<'contacts', string, SensitiveColumnSpec>, value as Buffer);
      expect([sealed[0], sealed[1]], column.column).toEqual([1, 1]);
    }
    const bytes = Buffer.concat(Object.values(row).filter((v): v is Buffer => Buffer.isBuffer(v)));
    for (const plain of [person.displayName, person.mobilePhone, person.residentId, person.email]) {
      expect(bytes.includes(Buffer.from(plain!, 'utf8')), 'plaintext in the row').toBe(false);
    }
  });
});

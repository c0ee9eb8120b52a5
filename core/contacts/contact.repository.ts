import type { Kysely, Selectable, Updateable } from 'kysely';
import {
  type BlindIndexSpec,
  blindIndexField,
  type Column,
  decryptField,
  encryptField,
  KeyDestroyed,
  type Keyring,
  readSealed,
} from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { contactColumns, INDEXED_COLUMNS, type IndexedColumn, type SealedColumn } from './contact.columns.ts';
import type { ContactTable } from './contact.table.ts';
import type { Contact, ContactFields, ContactKind, ContactRead, LookupField } from './contact.ts';

/**
 * SQL for `contacts`, with sealing and opening at the column boundary. Opening uses the keyring,
 * which reads `crypto_keys` on its own connection, so it happens after reading, outside any
 * transaction. Sealing takes the keyring it is given: the service passes one bound to its
 * transaction (`keyring.within(trx)`), so a new contact and the key that seals it commit together.
 */
export type ContactKeyring = Pick<Keyring, 'encryptionKey' | 'decryptionKey' | 'blindIndexRoot'>;

const FIELD_COLUMNS = {
  displayName: 'display_name',
  mobilePhone: 'mobile_phone',
  email: 'email',
  residentId: 'resident_id',
  dateOfBirth: 'date_of_birth',
  medicalRecordNumber: 'medical_record_number',
  studentNumber: 'student_number',
} as const satisfies Record<keyof ContactFields, SealedColumn>;

export const LOOKUP_COLUMNS = {
  mobilePhone: 'mobile_phone',
  email: 'email',
  residentId: 'resident_id',
  medicalRecordNumber: 'medical_record_number',
  studentNumber: 'student_number',
} as const satisfies Record<LookupField, IndexedColumn>;

type SubjectText = {
  readonly classification: 'pii';
  readonly subjectKeyed: true;
  readonly blindIndex?: BlindIndexSpec;
};
// Every contact column is subject-keyed text; one view of them lets the loops below stay generic.
const sealedColumn = (name: SealedColumn) =>
  contactColumns.columns[name] as Column<'contacts', SealedColumn, SubjectText>;
const FIELD_NAMES = Object.values(FIELD_COLUMNS);
const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));
const bidxColumn = (name: IndexedColumn) => `${name}_bidx` as const;
const isIndexed = (name: SealedColumn): name is IndexedColumn =>
  (INDEXED_COLUMNS as readonly string[]).includes(name);

/** Sealed column values and blind indexes, ready for an insert or update; nothing in it is plaintext. */
export interface SealedWrite {
  readonly tenantId: string;
  readonly contactId: string;
  readonly values: Updateable<ContactTable>;
}

type Executor = Kysely<Database>;

export function createContactRepository(db: Executor, keyring: ContactKeyring) {
  const binding = (tenantId: string, contactId: string) => ({
    tenantId,
    rowId: contactId,
    subjectId: contactId,
  });

  async function blindIndexOf(
    tenantId: string,
    column: IndexedColumn,
    value: string,
    keys: ContactKeyring = keyring,
  ): Promise<Buffer> {
    const index = await blindIndexField(keys, sealedColumn(column), { tenantId }, value);
    return Buffer.from(index, 'hex');
  }

  /**
   * Opens a row; if a key it names was destroyed meanwhile, reads the row again once: a key
   * rotation re-seals a value and then destroys the old key, and a reader that read the row
   * just before must see the new value, not a false "erased".
   */
  async function openFresh(row: Selectable<ContactTable>): Promise<ContactRead> {
    const read = await open(row);
    if (read.status === 'found' || row.erased_at) return read;
    const again = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', row.tenant_id)
      .where('contact_id', '=', row.contact_id)
      .executeTakeFirst();
    const changed = again && FIELD_NAMES.some((name) => !sameBytes(row[name], again[name]));
    return changed ? open(again) : read;
  }

  async function open(row: Selectable<ContactTable>): Promise<ContactRead> {
    if (row.erased_at) return { status: 'erased', contactId: row.contact_id, erasedAt: row.erased_at };
    const at = binding(row.tenant_id, row.contact_id);
    const fields: Record<string, string | null> = {};
    try {
      for (const [field, name] of Object.entries(FIELD_COLUMNS)) {
        const bytes = row[name];
        const column = sealedColumn(name);
        fields[field] =
          bytes === null ? null : await decryptField(keyring, column, at, readSealed(column, bytes));
      }
    } catch (error) {
      // Erased between our read and the key lookup: the key's tombstone says when.
      if (error instanceof KeyDestroyed)
        return { status: 'erased', contactId: row.contact_id, erasedAt: error.destroyedAt ?? new Date() };
      throw error;
    }
    const contact: Contact = {
      ...(fields as unknown as ContactFields),
      tenantId: row.tenant_id,
      id: row.contact_id,
      kind: row.kind,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    return { status: 'found', contact };
  }

  return {
    /**
     * Seals the given fields for (tenant, contacts, column, contactId) under the contact's key and
     * computes their blind indexes; null clears a field and its index. Throws `InvalidValue`
     * (naming the kind, never the value) for a value its normalizer rejects.
     */
    async seal(
      tenantId: string,
      contactId: string,
      fields: Partial<ContactFields>,
      keys: ContactKeyring = keyring,
    ): Promise<SealedWrite> {
      const values: Record<string, Buffer | null> = {};
      for (const [field, name] of Object.entries(FIELD_COLUMNS)) {
        const value = fields[field as keyof ContactFields];
        if (value === undefined) continue;
        if (isIndexed(name))
          values[bidxColumn(name)] = value === null ? null : await blindIndexOf(tenantId, name, value, keys);
        values[name] =
          value === null
            ? null
            : await encryptField(keys, sealedColumn(name), binding(tenantId, contactId), value);
      }
      return { tenantId, contactId, values: values as Updateable<ContactTable> };
    },

    async insert(trx: Executor, kind: ContactKind, write: SealedWrite): Promise<void> {
      const { display_name } = write.values;
      if (!display_name) throw new TypeError('a new contact needs a sealed display name');
      await trx
        .insertInto('contacts')
        .values({
          ...write.values,
          tenant_id: write.tenantId,
          contact_id: write.contactId,
          kind,
          display_name,
        })
        .execute();
    },

    /** Returns false when there is no such contact or it is erased. */
    async update(trx: Executor, write: SealedWrite, kind?: ContactKind): Promise<boolean> {
      const result = await trx
        .updateTable('contacts')
        .set({ ...write.values, ...(kind ? { kind } : {}), updated_at: new Date() })
        .where('tenant_id', '=', write.tenantId)
        .where('contact_id', '=', write.contactId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Reads and opens one contact; undefined if there is no such row. */
    async read(tenantId: string, contactId: string): Promise<ContactRead | undefined> {
      const row = await db
        .selectFrom('contacts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .executeTakeFirst();
      return row && openFresh(row);
    },

    /**
     * Exact lookup: the blind index selects candidates (several values share each index value by
     * design), which are opened and compared on their normalized values.
     */
    async findBy(tenantId: string, field: LookupField, value: string): Promise<Contact[]> {
      const name = LOOKUP_COLUMNS[field];
      const wanted = sealedColumn(name).spec.blindIndex!.normalize(value);
      const index = await blindIndexOf(tenantId, name, value);
      const rows = await db
        .selectFrom('contacts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(bidxColumn(name), '=', index)
        .where('erased_at', 'is', null)
        .orderBy('contact_id')
        .execute();
      const found: Contact[] = [];
      for (const row of rows) {
        const read = await openFresh(row);
        if (read.status !== 'found') continue;
        const stored = read.contact[field];
        if (stored !== null && sealedColumn(name).spec.blindIndex!.normalize(stored) === wanted)
          found.push(read.contact);
      }
      return found;
    },

    /** Locks the row for erasure; undefined if there is no such contact. */
    async lockForErasure(
      trx: Executor,
      tenantId: string,
      contactId: string,
    ): Promise<{ erasedAt: Date | null } | undefined> {
      const row = await trx
        .selectFrom('contacts')
        .select('erased_at')
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .forUpdate()
        .executeTakeFirst();
      return row && { erasedAt: row.erased_at };
    },

    /**
     * Clears the blind indexes and marks the row erased. The sealed values stay: without the
     * destroyed key they are noise, exactly like the copies in backups.
     */
    async markErased(trx: Executor, tenantId: string, contactId: string, at: Date): Promise<void> {
      const cleared = Object.fromEntries(INDEXED_COLUMNS.map((c) => [bidxColumn(c), null]));
      await trx
        .updateTable('contacts')
        .set({ ...cleared, erased_at: at, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .execute();
    },
  };
}

export type ContactRepository = ReturnType<typeof createContactRepository>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { createSqlKeyStore, InvalidValue, type Keyring } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { shredEvents } from '../privacy/shred-event.ts';
import type { ContactRepository, SealedWrite } from './contact.repository.ts';
import {
  CONTACT_KINDS,
  type Contact,
  type ContactFields,
  type ContactPatch,
  type ContactRead,
  type ErasureReceipt,
  LOOKUP_FIELDS,
  type LookupField,
  type NewContact,
} from './contact.ts';
import {
  type ContactAccess,
  contactEvent,
  contactPseudonym,
  type PseudonymKeySource,
  requireStaff,
} from './contact-audit.ts';

export interface ContactServiceDeps {
  readonly db: Kysely<Database>;
  readonly contacts: ContactRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  /**
   * The process's keyring: writes seal through `within(trx)`, so a contact's first key is created
   * (and audited) in the transaction that inserts the contact; erasure empties its cache once
   * the destruction has committed.
   */
  readonly keyring: Pick<Keyring<Transaction<Database>>, 'clearCache' | 'within'>;
  readonly pseudonymKey: PseudonymKeySource;
  readonly now?: () => Date;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDateOfBirth(value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const match = DATE.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('validation_failed', 'The contact is invalid.', {
      issues: [{ path: 'dateOfBirth', message: 'expected a calendar date YYYY-MM-DD' }],
    });
  }
}

function checkKind(kind: string | undefined): void {
  if (kind !== undefined && !(CONTACT_KINDS as readonly string[]).includes(kind)) {
    throw new AppError('validation_failed', 'The contact is invalid.', {
      issues: [{ path: 'kind', message: `expected one of: ${CONTACT_KINDS.join(', ')}` }],
    });
  }
}

/** Normalizer failures become field issues; they name the kind of value, never the value. */
async function sealing<T>(field: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new AppError('validation_failed', 'The contact is invalid.', {
      issues: [{ path: field ?? error.kind, message: error.message }],
    });
  }
}

/**
 * Contacts for staff (DESIGN §2.1, §2.2, §2.5). Writes commit with their audit record in one
 * transaction. Reads and searches open the values first and hand them out only once their audit
 * record has committed, so a failure to record withholds the data (fail closed).
 */
export function createContactService(deps: ContactServiceDeps) {
  const { db, contacts, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const pseudonym = (access: ContactAccess, contactId: string) =>
    contactPseudonym(deps.pseudonymKey, access.tenantId, contactId);

  // Seal field by field so that an invalid value is reported against its own field.
  async function seal(
    trx: Transaction<Database>,
    tenantId: string,
    contactId: string,
    fields: Partial<ContactFields>,
  ): Promise<SealedWrite> {
    const keys = deps.keyring.within(trx);
    const values = {};
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const part = await sealing(field, () => contacts.seal(tenantId, contactId, { [field]: value }, keys));
      Object.assign(values, part.values);
    }
    return { tenantId, contactId, values };
  }

  async function readOrThrow(access: ContactAccess, contactId: string): Promise<ContactRead> {
    const read = await contacts.read(access.tenantId, contactId);
    if (!read) throw new AppError('not_found', 'No such contact.');
    return read;
  }

  return {
    async create(access: ContactAccess, input: NewContact): Promise<Contact> {
      requireStaff(access.actor);
      checkKind(input.kind);
      checkDateOfBirth(input.dateOfBirth);
      const contactId = randomUUID();
      const { kind, ...fields } = input;
      const subject = await pseudonym(access, contactId);
      await db.transaction().execute(async (trx) => {
        const write = await seal(trx, access.tenantId, contactId, fields);
        await contacts.insert(trx, kind, write);
        await audit.record(trx, contactEvent(access, 'create', subject));
      });
      const read = await contacts.read(access.tenantId, contactId);
      if (read?.status !== 'found') throw new AppError('internal', 'The new contact could not be read back.');
      return read.contact;
    },

    /**
     * A web visitor becomes a contact when their chat starts: a display name of the widget's
     * choosing ("访客 3F2A"), no identifier. The record is the visitor's own doing (PATRQT); they
     * can be identified later, by verification or by staff.
     */
    async createVisitor(tenantId: string, displayName: string): Promise<string> {
      const contactId = randomUUID();
      const subject = await contactPseudonym(deps.pseudonymKey, tenantId, contactId);
      // A contact acting for themself is recorded by their pseudonym, as the subject is.
      const access: ContactAccess = {
        actor: { kind: 'contact', id: subject, role: 'contact' },
        tenantId,
        purpose: 'PATRQT',
      };
      await db.transaction().execute(async (trx) => {
        const write = await seal(trx, tenantId, contactId, { displayName });
        await contacts.insert(trx, 'other', write);
        await audit.record(trx, contactEvent(access, 'create', subject));
      });
      return contactId;
    },

    /** The contact, or `{ status: 'erased' }` once it has been erased; `not_found` if it never existed. */
    async get(access: ContactAccess, contactId: string): Promise<ContactRead> {
      requireStaff(access.actor);
      const read = await readOrThrow(access, contactId);
      const subject = await pseudonym(access, contactId);
      const outcome =
        read.status === 'found' ? undefined : ({ result: 'failure', reason: 'key-unavailable' } as const);
      await db
        .transaction()
        .execute((trx) => audit.record(trx, contactEvent(access, 'read', subject, outcome)));
      return read;
    },

    /** Exact match on a normalized value; an erased contact is never found. */
    async findBy(access: ContactAccess, field: LookupField, value: string): Promise<Contact[]> {
      requireStaff(access.actor);
      if (!(LOOKUP_FIELDS as readonly string[]).includes(field)) {
        throw new AppError('validation_failed', 'Unknown lookup.', {
          issues: [{ path: 'field', message: `expected one of: ${LOOKUP_FIELDS.join(', ')}` }],
        });
      }
      const found = await sealing(field, () => contacts.findBy(access.tenantId, field, value));
      const subjects = await Promise.all(found.map((c) => pseudonym(access, c.id)));
      await db.transaction().execute(async (trx) => {
        // One event per contact disclosed, so each person's accounting lists the search; a
        // search that found nobody is recorded once, without a subject.
        if (subjects.length === 0) await audit.record(trx, contactEvent(access, 'search', undefined));
        for (const subject of subjects) await audit.record(trx, contactEvent(access, 'search', subject));
      });
      return found;
    },

    async update(access: ContactAccess, contactId: string, patch: ContactPatch): Promise<ContactRead> {
      requireStaff(access.actor);
      checkKind(patch.kind);
      checkDateOfBirth(patch.dateOfBirth);
      if (patch.displayName === null) {
        throw new AppError('validation_failed', 'The contact is invalid.', {
          issues: [{ path: 'displayName', message: 'a contact keeps a display name' }],
        });
      }
      const { kind, ...fields } = patch;
      const current = await readOrThrow(access, contactId);
      if (current.status === 'erased') return current;
      const subject = await pseudonym(access, contactId);
      await db.transaction().execute(async (trx) => {
        const write = await seal(trx, access.tenantId, contactId, fields);
        if (await contacts.update(trx, write, kind))
          await audit.record(trx, contactEvent(access, 'update', subject));
      });
      // If the contact was erased while we were sealing, nothing was written and this says so.
      return readOrThrow(access, contactId);
    },

    /**
     * Crypto-erasure (DESIGN §2.5): destroys the contact's keys, clears its blind indexes and
     * records `erase`, all in one transaction. Afterwards reads say "erased" and lookups find
     * nothing; the audit log keeps only the pseudonym, so it still verifies. The receipt lists
     * the destroyed key ids, which the `erase` events carry for the shred ledger.
     */
    async erase(
      access: ContactAccess,
      contactId: string,
    ): Promise<ErasureReceipt & { readonly keyIds: readonly string[] }> {
      requireStaff(access.actor);
      const subject = await pseudonym(access, contactId);
      const at = now();
      const receipt = await db.transaction().execute(async (trx) => {
        const row = await contacts.lockForErasure(trx, access.tenantId, contactId);
        if (!row) throw new AppError('not_found', 'No such contact.');
        if (row.erasedAt) return { contactId, erasedAt: row.erasedAt, destroyedKeys: 0, keyIds: [] };
        // The key store joins this transaction, so the keys go if and only if the erasure
        // and its audit record commit.
        const store = createSqlKeyStore<Database>(trx);
        const keys = await store.list({ tenantId: access.tenantId, kind: 'subject', subjectId: contactId });
        const live = keys.filter((k) => k.status !== 'destroyed');
        for (const key of live) await store.destroy(key.id, at);
        await contacts.markErased(trx, access.tenantId, contactId, at);
        // One `erase` event per destroyed key: together they are the shred ledger.
        const keyIds = live.map((k) => k.id);
        for (const event of shredEvents(contactEvent(access, 'erase', subject), keyIds))
          await audit.record(trx, event);
        return { contactId, erasedAt: at, destroyedKeys: live.length, keyIds };
      });
      // The destroyed keys may still sit unwrapped in this process's cache; other processes
      // drop theirs within the cache TTL (docs/compliance/encryption.md §5).
      deps.keyring.clearCache();
      return receipt;
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;

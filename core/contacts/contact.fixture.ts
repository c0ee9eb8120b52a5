import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  createKeyring,
  createLocalKeyProvider,
  createSqlKeyStore,
  createSqlKeyTransactions,
  type KeyProvider,
  type Keyring,
  type NewAuditEvent,
  recordAuditEvent,
  residentIdCheckChar,
} from '../../compliance/index.ts';
import type { Database } from '../db/schema.ts';
import { createContactRepository } from './contact.repository.ts';
import { createContactService } from './contact.service.ts';
import type { NewContact } from './contact.ts';
import type { ContactAccess } from './contact-audit.ts';

/**
 * Test wiring for the contact store on a test database: a keyring on the SQL key store, audit
 * recording into `audit_pending`, and obviously synthetic people.
 */
export async function insertTenant(db: Kysely<Database>): Promise<string> {
  const tenantId = randomUUID();
  await db
    .insertInto('tenants')
    .values({
      tenant_id: tenantId,
      slug: `c-${tenantId.slice(0, 8)}`,
      name: 'Synthetic clinic',
      vertical: 'medical',
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
      settings: '{}',
    })
    .execute();
  return tenantId;
}

export const testProvider = (): KeyProvider =>
  createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] });

export const keyringOn = (db: Kysely<Database>, provider: KeyProvider): Keyring<Transaction<Database>> =>
  createKeyring({
    store: createSqlKeyStore<Database>(db),
    transactions: createSqlKeyTransactions<Database>(db),
    provider,
  });

// A fixed pseudonym key per tenant; the deployment's comes from its key management.
const pseudonymKey = async (tenantId: string) =>
  createHash('sha256').update(`test-pseudonym/${tenantId}`).digest();

export interface ContactStoreOptions {
  readonly record?: (event: NewAuditEvent) => void;
}

export function contactStore(
  db: Kysely<Database>,
  keyring: Keyring<Transaction<Database>>,
  options: ContactStoreOptions = {},
) {
  const contacts = createContactRepository(db, keyring);
  const service = createContactService({
    db,
    contacts,
    keyring,
    pseudonymKey,
    audit: {
      async record(trx, event) {
        options.record?.(event);
        await recordAuditEvent(trx, event);
      },
    },
  });
  return { contacts, service };
}

export const staff = (tenantId: string): ContactAccess => ({
  actor: { kind: 'staff', id: 'u-agent-7', role: 'agent' },
  tenantId,
  purpose: 'PATADMIN',
});

const NAMES = ['测试患者', '测试家长', '测试学生'];
const DIGITS = '〇一二三四五六七八九';
const hanNumber = (n: number) => [...String(n)].map((d) => DIGITS[Number(d)]).join('');

const withCheckChar = (first17: string) => first17 + residentIdCheckChar(first17);

/** Synthetic person n: 测试患者一…, phone 1380013xxxx, a resident id with a valid check character. */
export function syntheticContact(n: number): NewContact & { residentId: string; mobilePhone: string } {
  const serial = String(n).padStart(4, '0');
  const kind = n % 3 === 0 ? 'patient' : n % 3 === 1 ? 'guardian' : 'student';
  return {
    kind,
    displayName: `${NAMES[n % 3]}${hanNumber(n)}`,
    mobilePhone: `1380013${serial}`,
    email: `synthetic.person${serial}@example.com`,
    residentId: withCheckChar(
      `110101199001${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`,
    ),
    dateOfBirth: `1990-01-${String((n % 28) + 1).padStart(2, '0')}`,
    medicalRecordNumber: kind === 'student' ? null : `MRN-${serial}`,
    studentNumber: kind === 'student' ? `S${serial}` : null,
  };
}

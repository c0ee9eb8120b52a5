import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  createKeyring,
  createSqlKeyStore,
  createSqlKeyTransactions,
  encryptField,
  type KeyProvider,
  type Keyring,
  type NewAuditEvent,
  type RotationDeps,
  recordAuditEvent,
} from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { contactStore } from '../contacts/contact.fixture.ts';
import type { Database } from '../db/schema.ts';
import { userColumns } from '../identity/user.columns.ts';
import { ENCRYPTED_TABLES } from './encrypted-tables.ts';
import { keyAuditHook } from './key-audit.ts';

/**
 * Test and bench wiring for key rotation: one process's keyring over the SQL store with audited
 * key operations, the contact store on it, and a way to add staff users with a sealed TOTP
 * secret (the other registered table).
 */
const pseudonymKey = async (tenantId: string) =>
  Buffer.from(`rotation-test-pseudonym/${tenantId}`.padEnd(32, '.'));

export function rotationWorld(db: Kysely<Database>, provider: KeyProvider, events: NewAuditEvent[] = []) {
  const audit: Pick<AuditLog, 'record'> = {
    async record(trx, event) {
      events.push(event);
      await recordAuditEvent(trx, event);
    },
  };
  const keyring: Keyring<Transaction<Database>> = createKeyring({
    store: createSqlKeyStore<Database>(db),
    transactions: createSqlKeyTransactions<Database>(db),
    provider,
    onEvent: keyAuditHook({ db, audit, pseudonymKey }),
  });
  const store = contactStore(db, keyring, { record: (e) => events.push(e) });
  const rotation = (overrides: Partial<RotationDeps<Database>> = {}): RotationDeps<Database> => ({
    db,
    keyring,
    store: createSqlKeyStore<Database>(db),
    tables: ENCRYPTED_TABLES,
    graceMs: 0,
    batchSize: 25,
    ...overrides,
  });

  async function addUser(tenantId: string, n: number): Promise<string> {
    const userId = randomUUID();
    const secret = await encryptField(
      keyring,
      userColumns.columns.totp_secret,
      { tenantId, rowId: userId },
      `JBSWY3DPEHPK3PXP${n}`,
    );
    await db
      .insertInto('users')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        login_name: `synthetic-agent-${n}`,
        password_hash: 'not-a-real-hash',
        roles: JSON.stringify(['agent']),
        totp_secret: secret,
      })
      .execute();
    return userId;
  }

  return { keyring, audit, events, ...store, rotation, addUser };
}

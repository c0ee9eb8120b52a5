import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  createKeyring,
  createLocalKeyProvider,
  createSqlKeyStore,
  createSqlKeyTransactions,
  type NewAuditEvent,
  recordAuditEvent,
} from '../../../compliance/index.ts';
import {
  createContactRepository,
  createContactService,
  type Database,
  type PortCall,
} from '../../../core/index.ts';

/**
 * Test wiring for the admissions ports on a test database: the contact store over a fresh
 * keyring, audit events recorded into `audit_pending` (and read back from there), a fixed
 * pseudonym key per tenant, and a school tenant.
 */
export const pseudonymKey = async (tenantId: string) =>
  createHash('sha256').update(`test-pseudonym/${tenantId}`).digest();

export async function insertSchool(owner: Kysely<Database>): Promise<string> {
  const tenantId = randomUUID();
  await owner
    .insertInto('tenants')
    .values({
      tenant_id: tenantId,
      slug: `s-${tenantId.slice(0, 8)}`,
      name: 'Synthetic school',
      vertical: 'education',
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
      settings: '{}',
    })
    .execute();
  return tenantId;
}

/** The store and audit over `db` (the application's, row-secured view). */
export function schoolStore(db: Kysely<Database>) {
  const keyring = createKeyring({
    store: createSqlKeyStore<Database>(db),
    transactions: createSqlKeyTransactions<Database>(db),
    provider: createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] }),
  });
  const contacts = createContactRepository(db, keyring);
  const audit = { record: recordAuditEvent };
  const contactService = createContactService({ db, contacts, keyring, audit, pseudonymKey });
  return { contacts, contactService, audit, pseudonymKey };
}

/** Every audit event committed for `tenantId`, oldest first. */
export async function committedEvents(owner: Kysely<Database>, tenantId: string): Promise<NewAuditEvent[]> {
  const rows = await owner
    .selectFrom('audit_pending')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .orderBy('pending_id')
    .execute();
  return rows.map((r) => JSON.parse(r.body.toString('utf8')) as NewAuditEvent);
}

export const TURN_TIME = new Date('2026-11-24T06:00:00Z');

/** A port call of a chat with contact `contactId`, as the flow runner makes it. */
export function portCall(
  port: string,
  who: { readonly tenantId: string; readonly contactId: string; readonly conversationId: string },
  slots: Record<string, string>,
  options: { locale?: 'zh-CN' | 'en'; args?: Record<string, string>; key?: string } = {},
): PortCall {
  return {
    port,
    tenantId: who.tenantId,
    conversationId: who.conversationId,
    contactId: who.contactId,
    flowId: 'application-status',
    version: 1,
    slots,
    locale: options.locale ?? 'zh-CN',
    idempotencyKey: options.key ?? randomUUID(),
    timeZone: 'Asia/Shanghai',
    now: TURN_TIME,
    text: '',
    args: options.args ?? {},
  };
}

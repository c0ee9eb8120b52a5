import type { Kysely } from 'kysely';
import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { contactPseudonym, type PseudonymKeySource } from '../contacts/contact-audit.ts';
import type { Database } from '../db/schema.ts';
import type { ConversationAccess } from './conversation-access.ts';
import { CONVERSATION_FIELDS, type ConversationRow } from './conversation-write.ts';
import { isUuid } from './message-sealing.ts';

const roleToken = (role: string) => role.toLowerCase().replaceAll('_', '-');

export type AuditedAction = 'read' | 'create' | 'update' | 'export';

/**
 * Who acted, as the audit log names them: staff and services by id and role; a contact by
 * pseudonym — the data subject's own (`subjectPseudonym`) when they act on their own data.
 */
export async function auditActorOf(
  keys: PseudonymKeySource,
  access: Pick<ConversationAccess, 'tenantId' | 'actor' | 'auditActor'>,
  subjectId: string,
  subjectPseudonym: string,
): Promise<NewAuditEvent['actor']> {
  const { auditActor } = access;
  const role = roleToken(auditActor.role ?? access.actor.roles[0] ?? auditActor.kind);
  if (auditActor.kind !== 'contact')
    return { id: auditActor.id, role, kind: auditActor.kind === 'anonymous' ? 'service' : auditActor.kind };
  const id =
    auditActor.id === subjectId
      ? subjectPseudonym
      : await contactPseudonym(keys, access.tenantId, auditActor.id);
  return { id, role, kind: 'contact' };
}

/**
 * The purpose of use of a staff member's or a contact's access, by the tenant's vertical (cached per
 * tenant): answering enquiries and booking is administration in a hospital, enrollment in a school;
 * a person's own copy is their request. `executor`: the transaction in progress, if any (PGlite has
 * one connection).
 */
export function purposeResolver(db: Kysely<Database>) {
  const verticals = new Map<string, string>();
  return async (
    access: Pick<ConversationAccess, 'tenantId' | 'purpose'>,
    role: 'staff' | 'contact',
    executor: Kysely<Database> = db,
  ): Promise<PurposeOfUse> => {
    if (access.purpose) return access.purpose;
    let vertical = verticals.get(access.tenantId);
    if (vertical === undefined) {
      const tenant = await executor
        .selectFrom('tenants')
        .select('vertical')
        .where('tenant_id', '=', access.tenantId)
        .executeTakeFirst();
      vertical = tenant?.vertical ?? 'medical';
      verticals.set(access.tenantId, vertical);
    }
    const education = vertical === 'education';
    if (role === 'contact') return education ? 'EDURQT' : 'PATRQT';
    return education ? 'EDUENROLL' : 'PATADMIN';
  };
}

/**
 * The audit event of an access to one conversation. The data subject is the contact, by
 * pseudonym; so is a contact acting on their own conversation (docs/compliance/audit-log.md §1.3).
 */
export async function conversationEvent(
  keys: PseudonymKeySource,
  access: ConversationAccess,
  row: ConversationRow,
  action: AuditedAction,
  purpose: PurposeOfUse,
  options: { resource?: { type: string; id: string }; outcome?: NewAuditEvent['outcome'] } = {},
): Promise<NewAuditEvent> {
  const pseudonym = await contactPseudonym(keys, access.tenantId, row.contact_id);
  const actor = await auditActorOf(keys, access, row.contact_id, pseudonym);
  return {
    tenantId: access.tenantId,
    actor,
    action,
    purpose,
    resource: options.resource ?? { type: 'Conversation', id: row.conversation_id },
    subject: { type: 'contact', pseudonym },
    outcome: options.outcome ?? { result: 'success' },
  };
}

export interface ConversationAuditDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

/**
 * What both sides of the service share: the conversation row (with the attributes rules test),
 * the purpose of use, and recording an access in its own transaction, committed before the data
 * it is about is handed out.
 */
export function conversationAudit(deps: ConversationAuditDeps) {
  const { db, audit, pseudonymKey } = deps;
  const purposeOf = purposeResolver(db);

  async function load(
    access: ConversationAccess,
    conversationId: string,
  ): Promise<ConversationRow | undefined> {
    if (!isUuid(conversationId)) return undefined;
    return db
      .selectFrom('conversations')
      .select(CONVERSATION_FIELDS)
      .where('tenant_id', '=', access.tenantId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
  }

  async function record(
    access: ConversationAccess,
    row: ConversationRow,
    action: AuditedAction,
    role: 'staff' | 'contact',
    denied = false,
  ): Promise<void> {
    const event = await conversationEvent(pseudonymKey, access, row, action, await purposeOf(access, role), {
      ...(denied ? { outcome: { result: 'failure', reason: 'denied' } as const } : {}),
    });
    await db.transaction().execute((trx) => audit.record(trx, event));
  }

  return { purposeOf, load, record };
}

export type ConversationAudit = ReturnType<typeof conversationAudit>;

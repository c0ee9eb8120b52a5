import type { NewAuditEvent } from '../../../compliance/index.ts';
import {
  type AuditLog,
  contactPseudonym,
  type PortCall,
  type PseudonymKeySource,
} from '../../../core/index.ts';

/**
 * Audit events of a guardian in a chat (docs/compliance/audit-log.md §1.3): the actor is the
 * calling contact and the subject the child, both by pseudonym only, so the log never holds a
 * name, a number or a contact id. The purpose is the parent's own request (EDURQT, 34 CFR 99.10).
 */
export interface GuardianAuditDeps {
  readonly audit: Pick<AuditLog, 'record'>;
  readonly pseudonymKey: PseudonymKeySource;
}

export interface GuardianEventOptions {
  readonly resource?: { readonly type: 'AdmissionApplication' | 'GuardianConsent'; readonly id: string };
  /** The contact id of the data subject; its pseudonym goes into the event. */
  readonly subjectContactId?: string;
  readonly outcome?: NewAuditEvent['outcome'];
}

export async function guardianEvent(
  keys: PseudonymKeySource,
  call: Pick<PortCall, 'tenantId' | 'contactId'>,
  action: 'read' | 'consent',
  options: GuardianEventOptions = {},
): Promise<NewAuditEvent> {
  const actor = await contactPseudonym(keys, call.tenantId, call.contactId);
  const subject =
    options.subjectContactId === undefined
      ? undefined
      : options.subjectContactId === call.contactId
        ? actor
        : await contactPseudonym(keys, call.tenantId, options.subjectContactId);
  return {
    tenantId: call.tenantId,
    actor: { id: actor, role: 'guardian', kind: 'contact' },
    action,
    purpose: 'EDURQT',
    ...(options.resource ? { resource: options.resource } : {}),
    ...(subject ? { subject: { type: 'contact', pseudonym: subject } } : {}),
    outcome: options.outcome ?? { result: 'success' },
  };
}

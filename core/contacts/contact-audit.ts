import type { KeyObject } from 'node:crypto';
import { type NewAuditEvent, type PurposeOfUse, pseudonymize } from '../../compliance/index.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';

/** Who touches contacts, for which tenant and why; every access is recorded with this. */
export interface ContactAccess {
  readonly actor: Actor;
  readonly tenantId: string;
  readonly purpose: PurposeOfUse;
  readonly requestId?: string;
}

/**
 * The tenant's audit pseudonym key (docs/compliance/audit-log.md §1.3): distinct from every
 * data key, so erasing a contact leaves their pseudonym in the log pointing at nobody.
 */
export type PseudonymKeySource = (tenantId: string) => Promise<KeyObject | Uint8Array>;

// One subject type for every kind of contact, so "who saw my data" is one lookup even after
// a patient's kind changes (to guardian, say).
const SUBJECT_TYPE = 'contact';

export async function contactPseudonym(keys: PseudonymKeySource, tenantId: string, contactId: string) {
  return pseudonymize(await keys(tenantId), SUBJECT_TYPE, contactId);
}

/**
 * Staff, services and the system work on contacts; a contact's own access (self-service) and
 * the CASL rules per role come with the HTTP layer.
 */
export function requireStaff(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
  if (actor.kind === 'contact')
    throw new AppError('forbidden', 'Contacts cannot use the staff contact store.');
}

type Action = 'create' | 'read' | 'update' | 'search' | 'erase';
type Outcome = NewAuditEvent['outcome'];

/** An event naming the subject by pseudonym only: no name, number or contact id in the leaf. */
export function contactEvent(
  access: ContactAccess,
  action: Action,
  pseudonym: string | undefined,
  outcome: Outcome = { result: 'success' },
): NewAuditEvent {
  const { actor } = access;
  return {
    tenantId: access.tenantId,
    actor: {
      id: actor.id,
      // Audit role tokens are lower-case with hyphens (tenant_admin → tenant-admin).
      role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'),
      kind: actor.kind === 'anonymous' ? 'service' : actor.kind,
    },
    action,
    purpose: access.purpose,
    ...(pseudonym ? { subject: { type: SUBJECT_TYPE, pseudonym } } : {}),
    outcome,
    ...(access.requestId ? { requestId: access.requestId } : {}),
  } as NewAuditEvent;
}

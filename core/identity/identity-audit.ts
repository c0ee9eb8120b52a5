import { isIP } from 'node:net';
import type { AuditAction, FailureReason, NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';

/** Who acts on an account or session, as the audit log may name them: opaque ids and a role. */
export interface AuditedActor {
  readonly id: string;
  readonly role: string | undefined;
  readonly kind: 'staff' | 'service' | 'system';
}

export interface IdentityEventInput {
  readonly tenantId: string;
  readonly vertical: string | undefined;
  readonly actor: AuditedActor;
  readonly action: AuditAction;
  /** `Session` (a refresh family) or `User` (an account); never a login name. */
  readonly resource: { readonly type: 'Session' | 'User'; readonly id: string };
  readonly failure?: FailureReason;
  readonly requestId?: string | undefined;
  readonly clientAddress?: string | undefined;
}

// Account and session administration is system administration in both verticals' vocabularies.
const purposeOf = (vertical: string | undefined): PurposeOfUse =>
  vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN';

/** Audit role tokens are lower-case with hyphens (tenant_admin → tenant-admin). */
export const auditRole = (role: string | undefined) => (role ?? 'none').toLowerCase().replaceAll('_', '-');

/**
 * Events of sessions, enrolment and user administration. Which action records what:
 * session start `login`; refused refresh (reuse, disabled account) `login-failed`; logout and
 * revocation `logout`; account creation `create`; disable, enable, profile and queue changes `update`;
 * role changes `permission-change`; second-factor enrolment and reset `key-operation`.
 */
export function identityEvent(input: IdentityEventInput): NewAuditEvent {
  const address = input.clientAddress;
  return {
    tenantId: input.tenantId,
    actor: { id: input.actor.id, role: auditRole(input.actor.role), kind: input.actor.kind },
    action: input.action,
    purpose: purposeOf(input.vertical),
    resource: input.resource,
    outcome: input.failure ? { result: 'failure', reason: input.failure } : { result: 'success' },
    ...(input.requestId ? { requestId: input.requestId } : {}),
    // Staff addresses are security evidence (unlike a contact's, which identifies a patient).
    ...(address && isIP(address) !== 0 ? { network: { address } } : {}),
  };
}

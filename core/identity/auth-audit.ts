import { isIP } from 'node:net';
import type { FailureReason, NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';

/** Who tried to sign in, as the audit log may name them: an opaque user id, never the login name. */
export interface LoginAttempt {
  readonly tenantId: string;
  readonly vertical: string;
  /** Undefined when the login name matched no account. */
  readonly userId: string | undefined;
  readonly role: string | undefined;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

// Signing in is system administration in both verticals' vocabularies.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN');

// A fixed id for attempts on unknown names: the name itself may be an e-mail or a person's name.
export const UNKNOWN_USER = 'unknown-user';

export function loginEvent(attempt: LoginAttempt, failure?: FailureReason): NewAuditEvent {
  const address = attempt.clientAddress;
  return {
    tenantId: attempt.tenantId,
    actor: {
      id: attempt.userId ?? UNKNOWN_USER,
      // Audit role tokens are lower-case with hyphens (tenant_admin → tenant-admin).
      role: (attempt.role ?? 'none').replaceAll('_', '-'),
      kind: 'staff',
    },
    action: failure ? 'login-failed' : 'login',
    purpose: purposeOf(attempt.vertical),
    outcome: failure ? { result: 'failure', reason: failure } : { result: 'success' },
    ...(attempt.requestId ? { requestId: attempt.requestId } : {}),
    // Staff addresses are security evidence (unlike a contact's, which identifies a patient).
    ...(address && isIP(address) !== 0 ? { network: { address } } : {}),
  };
}

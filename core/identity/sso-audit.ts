import { isIP } from 'node:net';
import type { AuditAction, FailureReason, NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import { UNKNOWN_USER } from './auth-audit.ts';

/** Where a single sign-on event happened: the tenant, and the request for correlation. */
export interface SsoAuditScope {
  readonly tenantId: string;
  readonly vertical: string;
  readonly requestId?: string | undefined;
  readonly clientAddress?: string | undefined;
}

export interface SsoEventInput {
  readonly actor: {
    readonly id: string | undefined;
    readonly role: string | undefined;
    readonly kind: 'staff' | 'system';
  };
  readonly action: AuditAction;
  /** The provider (configuration and sign-in refusals) or the account (linking, provisioning). */
  readonly resource: { readonly type: 'IdentityProvider' | 'User'; readonly id: string };
  readonly failure?: FailureReason;
}

// Sign-in and its configuration are system administration in both verticals' vocabularies.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN');

/**
 * Events of single sign-on. The actor is an opaque user id (or `unknown-user` before the account
 * is known), never a login name or a claim of the provider: those may name a person.
 */
export function ssoEvent(scope: SsoAuditScope, input: SsoEventInput): NewAuditEvent {
  const address = scope.clientAddress;
  return {
    tenantId: scope.tenantId,
    actor: {
      id: input.actor.id ?? UNKNOWN_USER,
      role: (input.actor.role ?? 'none').replaceAll('_', '-'),
      kind: input.actor.kind,
    },
    action: input.action,
    purpose: purposeOf(scope.vertical),
    resource: input.resource,
    outcome: input.failure ? { result: 'failure', reason: input.failure } : { result: 'success' },
    ...(scope.requestId ? { requestId: scope.requestId } : {}),
    // Staff addresses are security evidence (unlike a contact's, which identifies a patient).
    ...(address && isIP(address) !== 0 ? { network: { address } } : {}),
  };
}

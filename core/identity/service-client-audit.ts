import { isIP } from 'node:net';
import type { AuditAction, FailureReason, NewAuditEvent } from '../../compliance/index.ts';
import type { Actor } from '../context/request-context.ts';

/** An unidentified caller of the token endpoint: the claimed id may be anything an attacker typed. */
export const UNKNOWN_CLIENT = 'unknown-client';

export interface ServiceClientEventInput {
  readonly tenantId: string;
  readonly vertical: string;
  readonly actor: Pick<Actor, 'id' | 'kind' | 'role'>;
  readonly action: AuditAction;
  readonly clientId: string;
  readonly failure?: FailureReason;
  readonly requestId?: string | undefined;
  readonly clientAddress?: string | undefined;
}

/**
 * Events of service clients. Registration and disabling are `permission-change` (a machine
 * principal gains or loses access, recorded by the operator who did it); a token issued is a
 * `login` of the client, a refused request a `login-failed`, with the client as actor and
 * resource. Client ids are opaque UUIDs; display names never enter the log.
 */
export function serviceClientEvent(input: ServiceClientEventInput): NewAuditEvent {
  const { actor } = input;
  const address = input.clientAddress;
  return {
    tenantId: input.tenantId,
    actor: {
      id: actor.id,
      role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'),
      kind: actor.kind === 'staff' || actor.kind === 'system' ? actor.kind : 'service',
    },
    action: input.action,
    purpose: input.vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN',
    resource: { type: 'ServiceClient', id: input.clientId },
    outcome: input.failure ? { result: 'failure', reason: input.failure } : { result: 'success' },
    ...(input.requestId ? { requestId: input.requestId } : {}),
    // A service's address is security evidence, like a staff member's; it names no person.
    ...(address && isIP(address) !== 0 ? { network: { address } } : {}),
  };
}

/** The audit actor of a client at the token endpoint. */
export const clientActor = (clientId: string) =>
  ({ id: clientId, kind: 'service', role: 'service-client' }) as const;

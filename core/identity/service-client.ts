import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';

/** A registered service client, as services see it: public key ids, never keys or rows. */
export interface ServiceClient {
  readonly tenantId: string;
  readonly clientId: string;
  readonly displayName: string;
  /** The `kid` of each registered public key. */
  readonly keyIds: readonly string[];
  readonly scopes: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/**
 * A scope names an area and what may be done there, `<area>:<verb>` with optional further
 * segments (`appointments:read`, `audit:export`). Narrower than RFC 6749 §3.3's scope-token, so a
 * scope is always a safe word in logs, audit details and space-separated lists.
 */
export const SCOPE = /^[a-z][a-z0-9-]{0,31}(?::[a-z][a-z0-9-]{0,31}){1,3}$/;

export const isScope = (value: string) => SCOPE.test(value);

/** A service client acting with an access token from the token endpoint (oauth.routes.ts). */
export interface ServiceActor extends Actor {
  readonly kind: 'service';
  /** The client id (also `id`). */
  readonly clientId: string;
  readonly tenantId: string;
  /** What the token grants: the requested scopes within those the client is allowed. */
  readonly scopes: readonly string[];
}

export const isServiceActor = (actor: Actor): actor is ServiceActor =>
  actor.kind === 'service' &&
  typeof (actor as Partial<ServiceActor>).tenantId === 'string' &&
  Array.isArray((actor as Partial<ServiceActor>).scopes);

/** Whether `actor` is a service client whose token grants `scope`. */
export const hasScope = (actor: Actor, scope: string): boolean =>
  isServiceActor(actor) && actor.scopes.includes(scope);

/** For routes open to service clients: refuses a token without `scope` (RFC 6750 §3.1). */
export function requireScope(actor: Actor, scope: string): asserts actor is ServiceActor {
  if (!hasScope(actor, scope)) {
    throw new AppError('forbidden', `This needs a service token with scope ${scope}.`, {
      details: { scope },
    });
  }
}

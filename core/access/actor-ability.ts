import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import { type AppAbility, defineAbilityFor } from './ability.ts';
import type { AccessActor } from './access-actor.ts';
import { tailoringOf } from './access-settings.ts';
import { type AuthorizationTarget, authorize } from './authorize.ts';
import { isRole, type Role } from './roles.ts';
import type { Action } from './subjects.ts';

/** The optional attributes a resolved actor may carry (staff tokens, contact credentials). */
interface ActorAttributes {
  readonly tenantId?: string;
  readonly roles?: readonly string[];
  readonly mfa?: boolean;
  readonly verified?: boolean;
  readonly verifiedSubjectId?: string;
  readonly queueIds?: readonly string[];
  readonly schoolIds?: readonly string[];
  readonly wardIds?: readonly string[];
  readonly emergencySubjectIds?: readonly string[];
}

/**
 * What authorization knows of an actor. The platform operator's bootstrap token and the console
 * (`custos …`, a system actor) act as `platform_operator`: both prove possession of the
 * deployment's secrets, which is at least a second factor. Anonymous callers and actors without a
 * known role get no access actor, hence no permission.
 */
export function accessActorOf(actor: Actor): AccessActor | undefined {
  if (actor.kind === 'anonymous') return undefined;
  const attributes = actor as Actor & ActorAttributes;
  if ((actor.kind === 'service' || actor.kind === 'system') && actor.role === 'platform_operator') {
    return { id: actor.id, tenantId: undefined, roles: ['platform_operator'], mfa: true };
  }
  const roles = (attributes.roles ?? (actor.role ? [actor.role] : [])).filter(isRole) as Role[];
  if (roles.length === 0 || attributes.tenantId === undefined) return undefined;
  return {
    id: actor.id,
    tenantId: attributes.tenantId,
    roles,
    mfa: attributes.mfa === true,
    ...(attributes.verified === undefined ? {} : { verified: attributes.verified }),
    ...(attributes.verifiedSubjectId ? { verifiedSubjectId: attributes.verifiedSubjectId } : {}),
    ...(attributes.queueIds ? { queueIds: attributes.queueIds } : {}),
    ...(attributes.schoolIds ? { schoolIds: attributes.schoolIds } : {}),
    ...(attributes.wardIds ? { wardIds: attributes.wardIds } : {}),
    ...(attributes.emergencySubjectIds ? { emergencySubjectIds: attributes.emergencySubjectIds } : {}),
  };
}

const NOBODY = defineAbilityFor({ id: 'nobody', tenantId: undefined, roles: [], mfa: false });
const CACHE_LIMIT = 10_000;
const cache = new Map<string, AppAbility>();

/**
 * The actor's ability, built once per distinct actor and kept (up to 10,000, least recently used
 * first out): building one costs tens of microseconds, a decision on a built one well under one
 * (bench/access.ts). Everything the rules depend on is in the key, so a change of roles, queues,
 * MFA state or a contact's verified record gives a new ability rather than a stale one; so does a
 * change of the tenant's tailoring (its version, access-settings.ts).
 */
export function abilityOf(actor: Actor): AppAbility {
  const access = accessActorOf(actor);
  if (!access) return NOBODY;
  const tailoring = tailoringOf(access.tenantId);
  const key = JSON.stringify([
    tailoring?.version ?? 0,
    access.id,
    access.tenantId ?? null,
    access.roles,
    access.mfa,
    access.verified ?? null,
    access.verifiedSubjectId ?? null,
    access.queueIds ?? null,
    access.schoolIds ?? null,
    access.wardIds ?? null,
    access.emergencySubjectIds ?? null,
  ]);
  let ability = cache.get(key);
  if (ability) {
    cache.delete(key);
  } else {
    ability = defineAbilityFor(access, tailoring?.restrictions);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, ability);
  return ability;
}

/**
 * The first line of a service method: 401 for an anonymous caller, 403 (with what was refused,
 * never the object's attributes) when the actor's ability does not allow it. Returns the ability
 * for field lists and SQL filters further down.
 */
export function authorizeActor(
  actor: Actor,
  action: Action,
  target: AuthorizationTarget,
  field?: string,
): AppAbility {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
  const ability = abilityOf(actor);
  authorize(ability, action, target, field);
  return ability;
}

import { createMongoAbility, type MongoAbility, subject as tag } from '@casl/ability';
import type { AccessActor } from './access-actor.ts';
import type { RoleRestriction } from './access-settings.ts';
import { assertSeparationOfDuties, type Role, requiresMfa } from './roles.ts';
import { createRuleKit, type RoleRules } from './rule-kit.ts';
import { auditorRules, platformOperatorRules, tenantAdminRules } from './rules/administration.ts';
import {
  admissionsOfficerRules,
  agentRules,
  clinicianRules,
  emergencyRules,
  selfRules,
  supervisorRules,
} from './rules/operations.ts';
import { contactRules, guardianRules } from './rules/public.ts';
import type { Action, SubjectName } from './subjects.ts';

export type AppAbility = MongoAbility<[Action, SubjectName | Record<string, unknown>]>;

const ROLE_RULES: Readonly<Record<Role, RoleRules>> = {
  contact: contactRules,
  guardian: guardianRules,
  agent: agentRules,
  supervisor: supervisorRules,
  clinician: clinicianRules,
  admissions_officer: admissionsOfficerRules,
  tenant_admin: tenantAdminRules,
  auditor: auditorRules,
  platform_operator: platformOperatorRules,
};

/**
 * The one place an actor's permissions come from. Deny by default: an actor without a tenant (other
 * than the operator) or without the second factor its roles require gets nothing, or only what it
 * takes to enrol. `restrictions` are the actor's tenant's tailoring, applied to the roles it names.
 * Throws `AppError('forbidden')` for a role set that breaks separation of duties.
 */
export function defineAbilityFor(
  actor: AccessActor,
  restrictions: readonly RoleRestriction[] = [],
): AppAbility {
  assertSeparationOfDuties(actor.roles);
  const operator = actor.roles.includes('platform_operator');
  if (!operator && actor.tenantId === undefined) return createMongoAbility<AppAbility>([]);
  const kit = createRuleKit(operator ? undefined : actor.tenantId);
  if (requiresMfa(actor.roles) && !actor.mfa) {
    // HIPAA §164.312(d) / 等保 §8.1.4.1: privileged roles act only after two factors.
    if (!operator) selfRules(kit, actor.id);
    return createMongoAbility<AppAbility>(kit.rules);
  }
  for (const role of actor.roles) ROLE_RULES[role](kit, actor);
  // Tenant tailoring (access-settings.ts): what the tenant took away from a role the actor holds,
  // as `cannot` rules after the grants, so they win over them in memory and in the SQL filter.
  // Break-glass, next, stays the emergency override it is meant to be.
  for (const restriction of restrictions) {
    if (!actor.roles.includes(restriction.role)) continue;
    for (const denial of restriction.deny)
      kit.deny(denial.action, denial.subject, {}, denial.fields as never);
  }
  // Windows are opened only by roles allowed to (the BreakGlass rules); the grant follows them.
  emergencyRules(kit, actor.emergencySubjectIds ?? []);
  // Separation of duties, last because later rules take precedence in CASL: nobody grants or
  // revokes their own roles, disables or deletes their own account, or reviews their own break-glass.
  kit.deny(['create', 'delete'], 'RoleGrant', { userId: actor.id });
  kit.deny('delete', 'User', { id: actor.id });
  kit.deny('update', 'User', { id: actor.id }, ['disabled', 'roles', 'queueIds', 'schoolIds', 'mfaEnrolled']);
  kit.deny('review', 'BreakGlass', { requesterId: actor.id });
  return createMongoAbility<AppAbility>(kit.rules);
}

/** Tags a plain object with its subject type so rules apply to it; the input is not modified. */
export function asSubject<S extends SubjectName>(type: S, attributes: Readonly<Record<string, unknown>>) {
  return tag(type, { ...attributes });
}

import type { MongoQuery, RawRuleFrom } from '@casl/ability';
import type { AccessActor } from './access-actor.ts';
import type { Action, FieldOf, SubjectName } from './subjects.ts';

/**
 * Conditions may name only declared attributes, so each one has a column in the SQL filter. No
 * `$or`: CASL 7's default matcher reads it as an attribute named "$or" (never true); alternatives are
 * written as separate rules, which CASL and the SQL filter both join with OR.
 */
export type Conditions<S extends SubjectName> = { readonly [K in FieldOf<S>]?: unknown };

export type AccessRule = RawRuleFrom<[Action, SubjectName], MongoQuery>;

export interface RuleKit {
  readonly rules: AccessRule[];
  allow<S extends SubjectName>(
    action: Action | Action[],
    subject: S | S[],
    conditions: Conditions<S>,
    fields?: readonly FieldOf<S>[],
  ): void;
  deny<S extends SubjectName>(
    action: Action | Action[],
    subject: S | S[],
    conditions: Conditions<S>,
    fields?: readonly FieldOf<S>[],
  ): void;
}

/** What each role's rule set is: a function of the actor, adding rules to the kit. */
export type RoleRules = (kit: RuleKit, actor: AccessActor) => void;

/**
 * Every grant is bound to the actor's tenant here, in one place, so no rule can forget it: even
 * an in-memory check on an object loaded from another tenant fails. Only the platform operator's
 * kit is unscoped. Every grant also has conditions, so `manage all`-style grants cannot exist.
 */
export function createRuleKit(tenantId: string | undefined): RuleKit {
  const rules: AccessRule[] = [];
  const add =
    (inverted: boolean) =>
    (
      action: Action | Action[],
      subject: SubjectName | SubjectName[],
      conditions: object,
      fields?: readonly string[],
    ) => {
      const scoped = inverted || tenantId === undefined ? conditions : { ...conditions, tenantId };
      rules.push({
        action,
        subject,
        conditions: scoped as MongoQuery,
        ...(fields ? { fields: [...fields] } : {}),
        ...(inverted ? { inverted } : {}),
      });
    };
  return { rules, allow: add(false), deny: add(true) };
}

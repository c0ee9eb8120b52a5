import { permittedFieldsOf } from '@casl/ability/extra';
import { AppError } from '../errors/app-error.ts';
import { type AppAbility, asSubject } from './ability.ts';
import { type Action, SUBJECT_FIELDS, type SubjectName } from './subjects.ts';

/** A subject type (for "may I create/list any?") or one object with its attributes. */
export type AuthorizationTarget = SubjectName | { readonly type: SubjectName; readonly attributes: object };

const toCasl = (target: AuthorizationTarget) =>
  typeof target === 'string' ? target : asSubject(target.type, target.attributes as Record<string, unknown>);

const nameOf = (target: AuthorizationTarget) => (typeof target === 'string' ? target : target.type);

/**
 * The choke point every service method opens with. Deny is `AppError('forbidden')`; the message names
 * the action and the kind of object, never its attributes (they may be personal data).
 */
export function authorize(
  ability: AppAbility,
  action: Action,
  target: AuthorizationTarget,
  field?: string,
): void {
  if (!ability.can(action, toCasl(target), field)) {
    const what = field ? `${field} of this ${nameOf(target)}` : `this ${nameOf(target)}`;
    throw new AppError('forbidden', `Not allowed to ${action} ${what}.`, {
      details: { action, subject: nameOf(target), ...(field ? { field } : {}) },
    });
  }
}

/** The fields `action` may touch on `target`; a rule without a field list allows every declared field. */
export function permittedFields(ability: AppAbility, action: Action, target: AuthorizationTarget): string[] {
  const all: readonly string[] = SUBJECT_FIELDS[nameOf(target)];
  return permittedFieldsOf(ability, action, toCasl(target), {
    fieldsFrom: (rule) => rule.fields ?? [...all],
  }).filter((field) => all.includes(field));
}

/**
 * The response allow-list: a copy of `value` with only the fields `read` permits on it. Applied
 * before the zod response schema, so a field the role may not see is absent, not masked.
 */
export function pickPermitted<S extends SubjectName, T extends object>(
  ability: AppAbility,
  type: S,
  value: T,
): Partial<T> {
  const allowed = new Set(permittedFields(ability, 'read', { type, attributes: value }));
  return Object.fromEntries(Object.entries(value).filter(([key]) => allowed.has(key))) as Partial<T>;
}

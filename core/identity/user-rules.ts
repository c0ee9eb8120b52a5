import { MAX_QUEUES_PER_USER, QUEUE_ID } from '../access/queues.ts';
import { checkSeparationOfDuties, isRole, type Role } from '../access/roles.ts';
import { AppError } from '../errors/app-error.ts';
import { LOGIN_NAME, normalizeLoginName } from './user.ts';

/**
 * The validity rules of staff accounts, shared by the console (`custos user create`) and the
 * administration API. What an actor may grant is not here: that is the RoleGrant rules' business.
 */

// NIST SP 800-63B §5.1.1.2: at least 8 characters, long passphrases allowed; staff accounts of
// a hospital deserve more than the minimum.
const PASSWORD = { min: 12, max: 256 };
const DISPLAY_NAME = { min: 1, max: 100 };

/** Roles held by staff accounts of one tenant; the operator and contacts are not tenant users. */
export const STAFF_ROLES: readonly Role[] = [
  'agent',
  'supervisor',
  'clinician',
  'admissions_officer',
  'tenant_admin',
  'auditor',
];

export const invalidUser = (path: string, message: string) =>
  new AppError('validation_failed', 'The user is invalid.', { issues: [{ path, message }] });

/** Known staff roles, deduplicated, in a combination separation of duties allows. */
export function checkRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw invalidUser('roles', 'at least one role');
  for (const role of roles) {
    if (!isRole(role) || !STAFF_ROLES.includes(role))
      throw invalidUser('roles', `expected staff roles: ${STAFF_ROLES.join(', ')}`);
  }
  const unique = [...new Set(roles as Role[])];
  const problem = checkSeparationOfDuties(unique);
  if (problem) throw invalidUser('roles', problem);
  return unique;
}

/**
 * Queue ids (core/access/queues.ts), deduplicated and sorted: the set is what counts, and one
 * spelling of it keeps tokens and audit comparisons stable. An empty list is valid (no queue).
 */
export function checkQueueIds(queueIds: readonly string[]): string[] {
  for (const id of queueIds) {
    if (typeof id !== 'string' || !QUEUE_ID.test(id))
      throw invalidUser('queueIds', 'queue ids start with a-z, then a-z, 0-9 and -, at most 48 characters');
  }
  const unique = [...new Set(queueIds)].sort();
  if (unique.length > MAX_QUEUES_PER_USER)
    throw invalidUser('queueIds', `at most ${MAX_QUEUES_PER_USER} queues`);
  return unique;
}

/** The normalised login name. */
export function checkLoginName(name: string): string {
  const loginName = normalizeLoginName(name);
  if (!LOGIN_NAME.test(loginName))
    throw invalidUser('loginName', 'letters, digits and . _ - only, at most 64, no e-mail addresses');
  return loginName;
}

export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD.min || length > PASSWORD.max)
    throw invalidUser('password', `between ${PASSWORD.min} and ${PASSWORD.max} characters`);
}

/** Trimmed, NFC, no control characters. */
export function checkDisplayName(name: string): string {
  const value = name.normalize('NFC').trim();
  const length = [...value].length;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (length < DISPLAY_NAME.min || length > DISPLAY_NAME.max || /[\u0000-\u001f\u007f]/.test(value))
    throw invalidUser(
      'displayName',
      `between ${DISPLAY_NAME.min} and ${DISPLAY_NAME.max} printable characters`,
    );
  return value;
}

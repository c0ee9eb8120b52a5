import { AppError } from '../errors/app-error.ts';

export const ROLES = [
  'contact',
  'guardian',
  'agent',
  'supervisor',
  'clinician',
  'admissions_officer',
  'tenant_admin',
  'auditor',
  'platform_operator',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * Duty classes. 等保2.0 level 3 (GB/T 22239-2019 §8.1.4.2 least privilege and separation of
 * administrative users; §8.1.5.1–8.1.5.3 system, audit and security administration) asks that the
 * three administrative duties be separate roles held by separate accounts (三权分立):
 * - system administration (系统管理员): `tenant_admin` — accounts, configuration, operational roles;
 * - security administration (安全管理员): `platform_operator` — tenants, keys, privileged role grants;
 * - audit administration (审计管理员): `auditor` — reads, verifies and exports the audit log.
 */
export type Duty = 'public' | 'operations' | 'system_admin' | 'security_admin' | 'audit_admin';

export const DUTY_OF: Readonly<Record<Role, Duty>> = {
  contact: 'public',
  guardian: 'public',
  agent: 'operations',
  supervisor: 'operations',
  clinician: 'operations',
  admissions_officer: 'operations',
  tenant_admin: 'system_admin',
  auditor: 'audit_admin',
  platform_operator: 'security_admin',
};

/** Roles a tenant admin may grant; the privileged ones are granted by the platform operator. */
export const OPERATIONS_ROLES: readonly Role[] = ROLES.filter((role) => DUTY_OF[role] === 'operations');
export const PRIVILEGED_ROLES: readonly Role[] = ['tenant_admin', 'auditor'];

/** Issue 5: MFA is on by default for these roles (plus the operator, who holds every tenant's keys). */
export const MFA_ROLES: readonly Role[] = ['tenant_admin', 'auditor', 'clinician', 'platform_operator'];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

export const requiresMfa = (roles: readonly Role[]) => roles.some((role) => MFA_ROLES.includes(role));

/**
 * Which role sets one account may hold. Contacts are never staff; auditors and operators hold nothing
 * else (an auditor must not audit their own work); a tenant admin may also work a queue, as in a small
 * clinic, and reads content only through that operational role.
 */
export function checkSeparationOfDuties(roles: readonly Role[]): string | undefined {
  const duties = new Set(roles.map((role) => DUTY_OF[role]));
  if (duties.has('public') && duties.size > 1) return 'contacts cannot hold staff roles';
  for (const duty of ['audit_admin', 'security_admin'] as const) {
    if (duties.has(duty) && roles.length > 1) return `${duty} cannot be combined with another role`;
  }
  return undefined;
}

export function assertSeparationOfDuties(roles: readonly Role[]): void {
  const problem = checkSeparationOfDuties(roles);
  if (problem) throw new AppError('forbidden', `This combination of roles is not allowed: ${problem}.`);
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { checkSeparationOfDuties, isRole, type Role, requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { PasswordHasher } from './password.ts';
import { generateTotpSecret, totpUri } from './totp.ts';
import type { UserRepository } from './user.repository.ts';
import { LOGIN_NAME, normalizeLoginName, type User } from './user.ts';

export interface UserServiceDeps {
  readonly db: Kysely<Database>;
  readonly users: UserRepository;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly hasher: PasswordHasher;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Shown by authenticator apps above the account name. */
  readonly issuer: string;
}

export interface NewUser {
  readonly tenantSlug: string;
  readonly loginName: string;
  readonly roles: readonly string[];
  readonly password: string;
}

export interface CreatedUser {
  readonly user: User;
  /** The `otpauth://` URI to enrol, for accounts whose roles require a second factor. */
  readonly totpUri?: string;
}

// NIST SP 800-63B §5.1.1.2: at least 8 characters, long passphrases allowed; staff accounts of
// a hospital deserve more than the minimum.
const PASSWORD = { min: 12, max: 256 };
// Roles held by staff accounts of one tenant; the operator and contacts are not tenant users.
const STAFF_ROLES: readonly Role[] = [
  'agent',
  'supervisor',
  'clinician',
  'admissions_officer',
  'tenant_admin',
  'auditor',
];

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The user is invalid.', { issues: [{ path, message }] });

function checkRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw invalid('roles', 'at least one role');
  for (const role of roles) {
    if (!isRole(role) || !STAFF_ROLES.includes(role))
      throw invalid('roles', `expected staff roles: ${STAFF_ROLES.join(', ')}`);
  }
  const unique = [...new Set(roles as Role[])];
  const problem = checkSeparationOfDuties(unique);
  if (problem) throw invalid('roles', problem);
  return unique;
}

/**
 * Staff account creation. For now only the system (the `custos user create` command run by the
 * operator) creates accounts; the tenant admin's user administration comes with the CASL-guarded
 * routes. Accounts whose roles require MFA are enrolled at creation, so they can sign in at all.
 */
export function createUserService(deps: UserServiceDeps) {
  const { db, users, hasher, audit } = deps;
  return {
    async create(actor: Actor, input: NewUser): Promise<CreatedUser> {
      if (actor.kind !== 'system')
        throw new AppError('forbidden', 'Only the operator creates accounts here.');
      const loginName = normalizeLoginName(input.loginName);
      if (!LOGIN_NAME.test(loginName))
        throw invalid('loginName', 'letters, digits and . _ - only, at most 64, no e-mail addresses');
      const roles = checkRoles(input.roles);
      const length = [...input.password].length;
      if (length < PASSWORD.min || length > PASSWORD.max)
        throw invalid('password', `between ${PASSWORD.min} and ${PASSWORD.max} characters`);
      const tenant = await deps.tenants.findBySlug(input.tenantSlug);
      if (!tenant) throw new AppError('not_found', `No tenant "${input.tenantSlug}".`);
      const userId = randomUUID();
      const secret = requiresMfa(roles) ? generateTotpSecret() : undefined;
      // Hash and seal before the transaction: the keyring uses its own connection.
      const passwordHash = await hasher.hash(input.password);
      const sealed = secret ? await users.sealTotpSecret(tenant.id, userId, secret) : null;
      const user = await db.transaction().execute(async (trx) => {
        const created = await users.insert(trx, {
          tenantId: tenant.id,
          userId,
          loginName,
          passwordHash,
          roles,
          totpSecret: sealed,
        });
        if (!created) return undefined;
        await audit.record(trx, {
          tenantId: tenant.id,
          actor: { id: actor.id, role: (actor.role ?? 'system').replaceAll('_', '-'), kind: 'system' },
          action: 'create',
          purpose: tenant.vertical === 'education' ? 'EDUADMIN' : 'HSYSADMIN',
          resource: { type: 'User', id: userId },
          outcome: { result: 'success' },
        });
        return created;
      });
      if (!user) throw new AppError('conflict', `The login name "${loginName}" is taken in this tenant.`);
      if (!secret) return { user };
      return {
        user,
        totpUri: totpUri({ issuer: deps.issuer, account: `${loginName}@${tenant.slug}`, secret }),
      };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;

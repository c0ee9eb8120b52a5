import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { PasswordHasher } from './password.ts';
import { generateTotpSecret, totpUri } from './totp.ts';
import type { UserRepository } from './user.repository.ts';
import type { User } from './user.ts';
import { checkLoginName, checkPassword, checkQueueIds, checkRoles } from './user-rules.ts';

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
  /** The queues the account works (agents, supervisors); none when absent. */
  readonly queueIds?: readonly string[];
  readonly password: string;
}

export interface CreatedUser {
  readonly user: User;
  /** The `otpauth://` URI to enrol, for accounts whose roles require a second factor. */
  readonly totpUri?: string;
}

/**
 * Staff account creation at the console (`custos user create`, the demo), by a system actor.
 * Accounts whose roles require MFA are enrolled at creation and the operator hands the URI over.
 * Administration over HTTP, guarded by the access rules, is user-admin.service.ts.
 */
export function createUserService(deps: UserServiceDeps) {
  const { db, users, hasher, audit } = deps;
  return {
    async create(actor: Actor, input: NewUser): Promise<CreatedUser> {
      if (actor.kind !== 'system')
        throw new AppError('forbidden', 'Only the operator creates accounts here.');
      const loginName = checkLoginName(input.loginName);
      const roles = checkRoles(input.roles);
      const queueIds = checkQueueIds(input.queueIds ?? []);
      checkPassword(input.password);
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
          queueIds,
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

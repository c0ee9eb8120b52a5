import type { Kysely } from 'kysely';
import { requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { type LoginAttempt, loginEvent } from './auth-audit.ts';
import { base32Decode } from './base32.ts';
import { identityEvent } from './identity-audit.ts';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, lockoutSeconds } from './lockout.ts';
import type { PasswordHasher } from './password.ts';
import { isStaffActor } from './token-resolver.ts';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.ts';
import type { UserRepository } from './user.repository.ts';
import { normalizeLoginName, type UserCredentials } from './user.ts';
import type { UserAdminRepository } from './user-admin.repository.ts';

export interface TotpEnrolmentDeps {
  readonly db: Kysely<Database>;
  readonly users: Pick<
    UserRepository,
    'findCredentials' | 'findCredentialsById' | 'addFailure' | 'lockUntil'
  >;
  readonly admin: Pick<
    UserAdminRepository,
    'sealPendingTotp' | 'sealActiveTotp' | 'setPendingTotp' | 'pendingTotp' | 'activateTotp'
  >;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly hasher: PasswordHasher;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Shown by authenticator apps above the account name. */
  readonly issuer: string;
  readonly lockout?: LockoutPolicy;
  readonly now?: () => Date;
}

/**
 * Who enrols. Signed in: the actor (a staff access token). Not signed in: an account whose roles
 * require a second factor it does not have yet (new, or reset by an administrator), named by login
 * name and proven by its password, since such an account cannot sign in until it has enrolled.
 */
export interface EnrolmentInput {
  readonly tenantSlug: string;
  readonly actor: Actor;
  readonly loginName?: string;
  readonly password?: string;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface Enrolment {
  /** Base32, shown once. */
  readonly secret: string;
  readonly otpauthUri: string;
}

// A pending secret must be confirmed soon after it was shown.
const PENDING_SECONDS = 10 * 60;

const badCredentials = () =>
  new AppError('unauthenticated', 'The login name, password or one-time code is not correct.');
const badCode = () =>
  new AppError('unprocessable', 'The one-time code does not match the secret being enrolled.', {
    issues: [{ path: 'code', message: 'does not match' }],
  });

/**
 * TOTP enrolment (RFC 6238): `start` re-checks the password, generates a secret and stores it
 * sealed as pending; `confirm` activates it when a code from it verifies, and stores that code's
 * step so the code cannot be used again to sign in. Wrong passwords and wrong codes count towards
 * the account's lockout, like failed sign-ins, so enrolment cannot be used to guess either.
 */
export function createTotpEnrolmentService(deps: TotpEnrolmentDeps) {
  const { db, users, admin, hasher, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;

  const attemptOf = (
    tenant: Tenant,
    creds: UserCredentials | undefined,
    input: EnrolmentInput,
  ): LoginAttempt => ({
    tenantId: tenant.id,
    vertical: tenant.vertical,
    userId: creds?.user.id,
    role: creds?.user.roles[0],
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(input.clientAddress ? { clientAddress: input.clientAddress } : {}),
  });

  /** Counts a failure towards the lockout and records it, in one transaction. */
  async function fail(attempt: LoginAttempt, at: Date) {
    await db.transaction().execute(async (trx) => {
      if (attempt.userId) {
        const failures = await users.addFailure(trx, attempt.tenantId, attempt.userId, at);
        const seconds = lockoutSeconds(failures, policy);
        if (seconds > 0)
          await users.lockUntil(
            trx,
            attempt.tenantId,
            attempt.userId,
            new Date(at.getTime() + seconds * 1000),
          );
      }
      await audit.record(trx, loginEvent(attempt, 'bad-credentials'));
    });
  }

  /** The enrolling account, authenticated as `needPassword` says. */
  async function account(input: EnrolmentInput, needPassword: boolean, at: Date) {
    const tenant = await deps.tenants.findBySlug(input.tenantSlug);
    const actor = input.actor;
    let creds: UserCredentials | undefined;
    if (isStaffActor(actor)) {
      if (input.loginName !== undefined)
        throw new AppError('validation_failed', 'Signed in: omit loginName.', {
          issues: [{ path: 'loginName', message: 'not allowed with an access token' }],
        });
      if (!tenant || tenant.id !== actor.tenantId) throw badCredentials();
      creds = await users.findCredentialsById(tenant.id, actor.id);
    } else {
      if (actor.kind !== 'anonymous') throw new AppError('forbidden', 'Only staff enrol a second factor.');
      if (input.loginName === undefined || input.password === undefined)
        throw new AppError('unauthenticated', 'Sign in, or give loginName and password.');
      creds = tenant && (await users.findCredentials(tenant.id, normalizeLoginName(input.loginName)));
    }
    if (!tenant) {
      if (input.password !== undefined) await hasher.verifyDummy(input.password);
      throw badCredentials();
    }
    const attempt = attemptOf(tenant, creds, input);
    // Without an access token, only an account that cannot sign in without enrolling may enrol.
    const eligible =
      creds &&
      !creds.user.disabled &&
      (isStaffActor(actor) || (requiresMfa(creds.user.roles) && creds.totpSecret === null));
    if (!creds || !eligible) {
      if (input.password !== undefined) await hasher.verifyDummy(input.password);
      throw badCredentials();
    }
    if (creds.lockedUntil && creds.lockedUntil > at) {
      const retryAfter = Math.ceil((creds.lockedUntil.getTime() - at.getTime()) / 1000);
      throw new AppError('rate_limited', 'Too many failed attempts; try again later.', { retryAfter });
    }
    if (needPassword || input.password !== undefined) {
      if (input.password === undefined)
        throw new AppError('validation_failed', 'Enter the password again.', {
          issues: [{ path: 'password', message: 'required' }],
        });
      if (!(await hasher.verify(input.password, creds.passwordHash))) {
        await fail(attempt, at);
        throw badCredentials();
      }
    }
    return { tenant, creds, attempt };
  }

  return {
    async start(input: EnrolmentInput): Promise<Enrolment> {
      const at = now();
      const { tenant, creds } = await account(input, true, at);
      const secret = generateTotpSecret();
      const sealed = await admin.sealPendingTotp(tenant.id, creds.user.id, secret);
      await db
        .transaction()
        .execute((trx) => admin.setPendingTotp(trx, tenant.id, creds.user.id, sealed, at));
      const account_ = `${creds.user.loginName}@${tenant.slug}`;
      return { secret, otpauthUri: totpUri({ issuer: deps.issuer, account: account_, secret }) };
    },

    async confirm(input: EnrolmentInput & { readonly code: string }): Promise<void> {
      const at = now();
      const { tenant, creds, attempt } = await account(input, !isStaffActor(input.actor), at);
      const pending = await admin.pendingTotp(tenant.id, creds.user.id);
      if (!pending || at.getTime() - pending.since.getTime() > PENDING_SECONDS * 1000)
        throw new AppError('unprocessable', 'No enrolment is in progress (or it expired); start again.');
      const check = verifyTotp(input.code, base32Decode(pending.secret), {
        now: at,
        lastUsedStep: creds.totpLastStep ?? undefined,
      });
      if (!check.ok) {
        await fail(attempt, at);
        throw badCode();
      }
      const sealed = await admin.sealActiveTotp(tenant.id, creds.user.id, pending.secret);
      const activated = await db.transaction().execute(async (trx) => {
        const change = { sealed, pendingSince: pending.since, step: check.step, at };
        if (!(await admin.activateTotp(trx, tenant.id, creds.user.id, change))) return false;
        await audit.record(
          trx,
          identityEvent({
            tenantId: tenant.id,
            vertical: tenant.vertical,
            actor: { id: creds.user.id, role: creds.user.roles[0], kind: 'staff' },
            action: 'key-operation',
            resource: { type: 'User', id: creds.user.id },
            requestId: input.requestId,
            clientAddress: input.clientAddress,
          }),
        );
        return true;
      });
      // Another start replaced the secret between reading and activating it.
      if (!activated) throw new AppError('conflict', 'The enrolment changed meanwhile; start again.');
    },
  };
}

export type TotpEnrolmentService = ReturnType<typeof createTotpEnrolmentService>;

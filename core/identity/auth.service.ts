import type { Kysely } from 'kysely';
import type { FailureReason } from '../../compliance/index.ts';
import { requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import { type LoginAttempt, loginEvent } from './auth-audit.ts';
import { base32Decode } from './base32.ts';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, lockoutSeconds } from './lockout.ts';
import type { PasswordHasher } from './password.ts';
import type { LoginResult, SessionService } from './session.service.ts';
import { verifyTotp } from './totp.ts';
import type { UserRepository } from './user.repository.ts';
import { normalizeLoginName, type UserCredentials } from './user.ts';

export interface AuthServiceDeps {
  readonly db: Kysely<Database>;
  readonly users: UserRepository;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly hasher: PasswordHasher;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly sessions: SessionService;
  readonly lockout?: LockoutPolicy;
  readonly now?: () => Date;
}

export interface LoginInput {
  readonly tenantSlug: string;
  readonly loginName: string;
  readonly password: string;
  readonly totp?: string;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export type { LoginResult, StartSessionInput } from './session.service.ts';

// One answer for unknown tenant, unknown name, disabled account, wrong password and wrong code,
// so that the response never says which accounts exist (OWASP Authentication Cheat Sheet).
const badCredentials = () =>
  new AppError('unauthenticated', 'The login name, password or one-time code is not correct.');

/**
 * Password (+ TOTP) sign-in for staff. Unknown names spend the same scrypt work as known ones;
 * failures count towards a lockout with backoff; every outcome is an audit event, a success (the
 * session start) in the transaction that resets the counters, a failure in the transaction that
 * counts it. Sessions themselves (start, refresh, logout) are session.service.ts, exposed here too:
 * single sign-on calls `startSession` for a staff member it has authenticated.
 */
export function createAuthService(deps: AuthServiceDeps) {
  const { db, users, hasher, audit, sessions } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;

  /** Records a refusal on its own; for a known account it also counts towards the lockout. */
  async function refuse(attempt: LoginAttempt, reason: FailureReason, at: Date, count: boolean) {
    await db.transaction().execute(async (trx) => {
      if (count && attempt.userId) {
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
      await audit.record(trx, loginEvent(attempt, reason));
    });
  }

  /** The second factor: required when the roles demand it or the user has enrolled. */
  function checkTotp(creds: UserCredentials, code: string | undefined, at: Date) {
    if (!requiresMfa(creds.user.roles) && creds.totpSecret === null) return { ok: true as const };
    if (creds.totpSecret === null) return { ok: false as const, reason: 'not_enrolled' as const };
    if (code === undefined || code === '') return { ok: false as const, reason: 'missing' as const };
    const result = verifyTotp(code, base32Decode(creds.totpSecret), {
      now: at,
      lastUsedStep: creds.totpLastStep ?? undefined,
    });
    return result.ok
      ? { ok: true as const, step: result.step }
      : { ok: false as const, reason: result.reason };
  }

  return {
    startSession: sessions.startSession,
    refresh: sessions.refresh,
    logout: sessions.logout,

    async login(input: LoginInput): Promise<LoginResult> {
      const at = now();
      const tenant = await deps.tenants.findBySlug(input.tenantSlug);
      const creds = tenant && (await users.findCredentials(tenant.id, normalizeLoginName(input.loginName)));
      if (!tenant) {
        await hasher.verifyDummy(input.password);
        throw badCredentials();
      }
      const attempt: LoginAttempt = {
        tenantId: tenant.id,
        vertical: tenant.vertical,
        userId: creds?.user.id,
        role: creds?.user.roles[0],
        ...(input.requestId ? { requestId: input.requestId } : {}),
        ...(input.clientAddress ? { clientAddress: input.clientAddress } : {}),
      };
      if (!creds || creds.user.disabled) {
        await hasher.verifyDummy(input.password);
        await refuse(attempt, creds ? 'denied' : 'bad-credentials', at, false);
        throw badCredentials();
      }
      if (creds.lockedUntil && creds.lockedUntil > at) {
        // Same work as a real check, and the password is not tried: a locked account cannot be
        // probed. The refusal is not counted again, so the lock does not grow while it lasts.
        await hasher.verifyDummy(input.password);
        await refuse(attempt, 'locked-out', at, false);
        const retryAfter = Math.ceil((creds.lockedUntil.getTime() - at.getTime()) / 1000);
        throw new AppError('rate_limited', 'Too many failed sign-ins; try again later.', { retryAfter });
      }
      if (!(await hasher.verify(input.password, creds.passwordHash))) {
        await refuse(attempt, 'bad-credentials', at, true);
        throw badCredentials();
      }
      const second = checkTotp(creds, input.totp, at);
      if (!second.ok) {
        if (second.reason === 'missing' || second.reason === 'not_enrolled') {
          // The password was right: ask for the code (step-up), without counting a failure.
          await refuse(attempt, 'denied', at, false);
          throw new AppError(
            'unauthenticated',
            second.reason === 'missing'
              ? 'This account signs in with a one-time code as well; send it as `totp`.'
              : 'This account must enrol a one-time-code app before it can sign in.',
            {
              issues: [{ path: 'totp', message: second.reason === 'missing' ? 'required' : 'not enrolled' }],
            },
          );
        }
        await refuse(attempt, 'bad-credentials', at, true);
        throw badCredentials();
      }
      const step = 'step' in second ? second.step : undefined;
      const rehash = hasher.needsRehash(creds.passwordHash) ? await hasher.hash(input.password) : undefined;
      const session = await sessions.open(
        {
          tenantId: tenant.id,
          userId: creds.user.id,
          roles: creds.user.roles,
          amr: step === undefined ? ['pwd'] : ['pwd', 'otp'],
          ...(input.requestId ? { requestId: input.requestId } : {}),
          ...(input.clientAddress ? { clientAddress: input.clientAddress } : {}),
        },
        {
          vertical: tenant.vertical,
          within: (trx) =>
            users.recordSuccess(trx, tenant.id, creds.user.id, {
              now: at,
              ...(step === undefined ? {} : { totpStep: step }),
              ...(rehash ? { passwordHash: rehash } : {}),
            }),
        },
      );
      if (!session) {
        // Another sign-in used this code first (RFC 6238 §5.2).
        await refuse(attempt, 'bad-credentials', at, true);
        throw badCredentials();
      }
      return session;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

import type { Kysely, Transaction } from 'kysely';
import { type Role, requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import { hasSecondFactor } from './amr.ts';
import { identityEvent } from './identity-audit.ts';
import {
  DEFAULT_REFRESH_POLICY,
  type RefreshFamily,
  type RefreshPolicy,
  refreshTokenFamily,
  revokeRefreshFamily,
  rotateRefreshToken,
  startRefreshFamily,
} from './refresh-tokens.ts';
import type { SessionRepository } from './session.repository.ts';
import type { RevocationList } from './session-revocations.ts';
import type { SigningKeySource } from './signing-key-source.ts';
import { type AccessTokenConfig, issueAccessToken } from './tokens.ts';
import type { UserRepository } from './user.repository.ts';

export interface SessionServiceDeps {
  readonly db: Kysely<Database>;
  readonly users: Pick<UserRepository, 'findById'>;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly sessions: SessionRepository;
  readonly revocations: RevocationList;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly signingKeys: SigningKeySource;
  readonly tokens: AccessTokenConfig;
  readonly policy?: RefreshPolicy;
  readonly now?: () => Date;
}

/** An already-authenticated staff member, about to get a session (password login, single sign-on). */
export interface StartSessionInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  /** RFC 8176 methods used to authenticate, e.g. ['pwd', 'otp']; carried into every access token. */
  readonly amr: readonly string[];
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface LoginResult {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly amr: readonly string[];
  /** Opaque; rotated by every refresh. */
  readonly refreshToken: string;
  /** When the refresh token must have been used by: the idle deadline or the absolute end. */
  readonly refreshExpiresAt: Date;
}

export interface RefreshInput {
  readonly tenantSlug: string;
  readonly refreshToken: string;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface LogoutInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly role: string | undefined;
  readonly sessionId: string | undefined;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

/** Hooks for `login`: the vertical it already knows, and work in the session's transaction. */
export interface OpenOptions {
  readonly vertical?: string;
  /** Runs first in the transaction; `false` aborts the session (e.g. a one-time code raced). */
  readonly within?: (trx: Transaction<Database>) => Promise<boolean>;
}

/** What an access token says of its account, read from `users` when the token is issued. */
interface Grant {
  readonly roles: readonly Role[];
  readonly queueIds: readonly string[];
}

// One answer for every refused refresh: which check failed is for the audit log, not the caller.
const refused = () => new AppError('unauthenticated', 'The refresh token is not valid.');

/**
 * Sessions are refresh-token families (refresh-tokens.ts) stored in `refresh_families`; the family
 * id is the `sid` of every access token issued in it. Starting, rotating and revoking happen in
 * one transaction each with their audit event; the revocation list (session-revocations.ts) learns
 * of a revocation after the commit, so access tokens of a revoked session stop working.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { db, users, sessions, revocations, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? DEFAULT_REFRESH_POLICY;

  const refreshDeadline = (family: RefreshFamily) =>
    new Date(Math.min(family.expiresAt.getTime(), family.lastUsedAt.getTime() + policy.idleSeconds * 1000));

  async function accessToken(family: RefreshFamily, grant: Grant, amr: readonly string[], at: Date) {
    const claims = {
      subject: family.userId,
      tenantId: family.tenantId,
      roles: grant.roles,
      amr,
      sessionId: family.familyId,
      queueIds: grant.queueIds,
    };
    return issueAccessToken(await deps.signingKeys(), deps.tokens, claims, at);
  }

  async function result(
    family: RefreshFamily,
    token: string,
    grant: Grant,
    amr: readonly string[],
    at: Date,
  ) {
    const issued = await accessToken(family, grant, amr, at);
    return {
      accessToken: issued.token,
      expiresAt: issued.expiresAt,
      userId: family.userId,
      tenantId: family.tenantId,
      roles: grant.roles,
      amr,
      refreshToken: token,
      refreshExpiresAt: refreshDeadline(family),
    } satisfies LoginResult;
  }

  /** Opens a family; undefined when `within` declined. */
  async function open(input: StartSessionInput, options: OpenOptions = {}): Promise<LoginResult | undefined> {
    const at = now();
    const vertical = options.vertical ?? (await sessions.verticalOf(input.tenantId));
    if (vertical === undefined) throw new AppError('unauthenticated', 'No such tenant.');
    const { token, family } = startRefreshFamily(input.tenantId, input.userId, at, policy);
    const opened = await db.transaction().execute(async (trx) => {
      if (options.within && !(await options.within(trx))) return undefined;
      const user = await users.findById(input.tenantId, input.userId, trx);
      if (!user || user.disabled) throw new AppError('unauthenticated', 'This account cannot sign in.');
      await sessions.insert(trx, family, input.amr);
      await audit.record(
        trx,
        identityEvent({
          tenantId: input.tenantId,
          vertical,
          actor: { id: input.userId, role: input.roles[0], kind: 'staff' },
          action: 'login',
          resource: { type: 'Session', id: family.familyId },
          requestId: input.requestId,
          clientAddress: input.clientAddress,
        }),
      );
      // Queues come from the account as it is now, whoever authenticated it (password, SSO).
      return { roles: input.roles, queueIds: user.queueIds };
    });
    return opened ? result(family, token, opened, input.amr, at) : undefined;
  }

  return {
    open,

    /** Opens a session for a staff member authenticated by other means (audited as `login`). */
    async startSession(input: StartSessionInput): Promise<LoginResult> {
      const opened = await open(input);
      if (!opened) throw refused();
      return opened;
    },

    /**
     * Rotates a refresh token under `SELECT … FOR UPDATE`. The account is read again, so a
     * disabled account, changed roles or changed queues take effect here. Presenting a token
     * already rotated away revokes the family (and with it the access tokens of the current
     * holder) and is audited.
     */
    async refresh(input: RefreshInput): Promise<LoginResult> {
      const familyId = refreshTokenFamily(input.refreshToken);
      const tenant = familyId ? await deps.tenants.findBySlug(input.tenantSlug) : undefined;
      if (!familyId || !tenant) throw refused();
      const at = now();
      const context = { requestId: input.requestId, clientAddress: input.clientAddress };
      const outcome = await db.transaction().execute(async (trx) => {
        const stored = await sessions.lock(trx, tenant.id, familyId);
        if (!stored) return undefined;
        const rotation = rotateRefreshToken(stored.family, input.refreshToken, at, policy);
        if (rotation.outcome === 'rejected') return undefined;
        const user = await users.findById(tenant.id, stored.family.userId, trx);
        const event = (failure?: 'denied') =>
          identityEvent({
            tenantId: tenant.id,
            vertical: tenant.vertical,
            actor: { id: stored.family.userId, role: user?.roles[0], kind: 'staff' },
            action: 'login-failed',
            resource: { type: 'Session', id: familyId },
            failure: failure ?? 'denied',
            ...context,
          });
        if (rotation.outcome === 'reuse_detected') {
          await sessions.save(trx, rotation.family);
          await audit.record(trx, event());
          return { kind: 'revoked' as const, family: rotation.family };
        }
        // Disabled, deleted, or now holding a role whose second factor this sign-in did not use.
        if (!user || user.disabled || (requiresMfa(user.roles) && !hasSecondFactor(stored.amr))) {
          const revoked = revokeRefreshFamily(stored.family, at, 'admin');
          await sessions.save(trx, revoked);
          await audit.record(trx, event());
          return { kind: 'revoked' as const, family: revoked };
        }
        await sessions.save(trx, rotation.family);
        const grant: Grant = { roles: user.roles, queueIds: user.queueIds };
        return { kind: 'rotated' as const, rotation, grant, amr: stored.amr };
      });
      if (outcome?.kind === 'revoked') revocations.add(outcome.family.familyId, at);
      if (outcome?.kind !== 'rotated') throw refused();
      return result(outcome.rotation.family, outcome.rotation.token, outcome.grant, outcome.amr, at);
    },

    /** Ends the session an access token belongs to; idempotent. */
    async logout(input: LogoutInput): Promise<void> {
      const sessionId = input.sessionId;
      if (!sessionId) throw new AppError('unauthenticated', 'This access token belongs to no session.');
      const vertical = await sessions.verticalOf(input.tenantId);
      const at = now();
      const revoked = await db.transaction().execute(async (trx) => {
        const stored = await sessions.lock(trx, input.tenantId, sessionId);
        if (!stored || stored.family.userId !== input.userId || stored.family.revokedAt) return undefined;
        const family = revokeRefreshFamily(stored.family, at, 'logout');
        await sessions.save(trx, family);
        await audit.record(
          trx,
          identityEvent({
            tenantId: input.tenantId,
            vertical,
            actor: { id: input.userId, role: input.role, kind: 'staff' },
            action: 'logout',
            resource: { type: 'Session', id: sessionId },
            requestId: input.requestId,
            clientAddress: input.clientAddress,
          }),
        );
        return family;
      });
      if (revoked) revocations.add(revoked.familyId, at);
    },

    /**
     * Revokes every session of a user inside the caller's transaction; call the returned function
     * after the commit so that this process refuses their access tokens at once.
     */
    async revokeAllOf(trx: Transaction<Database>, tenantId: string, userId: string): Promise<() => void> {
      const at = now();
      const ids = await sessions.revokeAllOf(trx, tenantId, userId, at, 'admin');
      return () => {
        for (const id of ids) revocations.add(id, at);
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

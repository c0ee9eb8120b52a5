import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FailureReason } from '../../compliance/index.ts';
import { PRIVILEGED_ROLES, type Role, requiresMfa } from '../access/roles.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { AppError, type ErrorCode, type FieldIssue } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import { type OidcClient, OidcError, type OidcProviderEntry } from './oidc-client.ts';
import type { PasswordHasher } from './password.ts';
import { type SsoAuditScope, ssoEvent } from './sso-audit.ts';
import { type Claims, hasSecondFactor, loginNameOf, mapRoles, sessionAmr } from './sso-claims.ts';
import type { SsoLoginRepository } from './sso-login.repository.ts';
import type { SsoProviderRepository } from './sso-provider.repository.ts';
import type { SsoProvider } from './sso-provider.ts';
import type { UserRepository } from './user.repository.ts';
import type { User } from './user.ts';

/** What the session issuer (the auth service's `startSession`) is given for an authenticated user. */
export interface SessionRequest {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly amr: readonly string[];
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface IssuedSession {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly amr: readonly string[];
  readonly refreshToken?: string;
  readonly refreshExpiresAt?: Date;
}

export type SessionIssuer = (input: SessionRequest) => Promise<IssuedSession>;

export interface SsoLoginDeps {
  readonly db: Kysely<Database>;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly providers: SsoProviderRepository;
  readonly logins: SsoLoginRepository;
  readonly users: Pick<UserRepository, 'findById' | 'insert'>;
  readonly hasher: Pick<PasswordHasher, 'hash'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly oidc: OidcClient;
  /** CUSTOS_PUBLIC_URL: where the provider sends the browser back, and the only origin to return to. */
  readonly publicUrl: string;
  readonly issueSession: SessionIssuer;
  /** How long a started sign-in may take at the provider. */
  readonly transactionSeconds?: number;
  readonly now?: () => Date;
}

export interface RequestMeta {
  readonly tenantSlug: string;
  readonly providerId: string;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface StartedSignIn {
  /** The provider's authorization URL. */
  readonly location: string;
  /** The secret to set as a cookie on the browser; the callback must bring it back. */
  readonly browserBinding: string;
  readonly maxAgeSeconds: number;
}

export interface CompletedSignIn {
  readonly session: IssuedSession;
  readonly returnTo: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const noProvider = () => new AppError('not_found', 'No such identity provider.');

/** The failure the audit log records, and what the caller is told. */
interface Refusal {
  readonly failure: FailureReason;
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
  readonly userId?: string;
  readonly role?: string;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}
const refused = (refusal: Refusal) => new Refused(refusal);

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256), state and
 * nonce, a server-side transaction that is single use, short-lived and bound to the browser that
 * started it (RFC 9700 §2.1, §4.7), then claims to a Custos user and a session from the issuer.
 * Every refusal is an audit event (`login-failed` with its reason); success is audited by the
 * session issuer (`login`), linking and provisioning by this service in their own transaction.
 */
export function createSsoLoginService(deps: SsoLoginDeps) {
  const { db, logins, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const lifetime = deps.transactionSeconds ?? 600;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const publicOrigin = new URL(base).origin;

  const redirectUri = (slug: string, providerId: string) =>
    `${base}/api/v1/tenants/${slug}/auth/sso/${providerId}/callback`;

  async function record(scope: SsoAuditScope, providerId: string, refusal: Refusal) {
    await db.transaction().execute((trx) =>
      audit.record(
        trx,
        ssoEvent(scope, {
          actor: { id: refusal.userId, role: refusal.role, kind: 'staff' },
          action: 'login-failed',
          resource: { type: 'IdentityProvider', id: providerId },
          failure: refusal.failure,
        }),
      ),
    );
  }

  /** Runs a step; a refusal is audited and becomes the AppError the caller sees. */
  async function audited<T>(scope: SsoAuditScope, providerId: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const { refusal } = error;
      await record(scope, providerId, refusal);
      throw new AppError(refusal.code, refusal.message, {
        ...(refusal.issues ? { issues: refusal.issues } : {}),
        ...(refusal.code === 'not_ready' ? { retryAfter: 30 } : {}),
      });
    }
  }

  async function scopeOf(meta: RequestMeta) {
    const tenant = await deps.tenants.findBySlug(meta.tenantSlug);
    if (!tenant) throw noProvider();
    const scope: SsoAuditScope = {
      tenantId: tenant.id,
      vertical: tenant.vertical,
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
    };
    return { tenant, scope };
  }

  async function enabledProvider(tenantId: string, providerId: string): Promise<OidcProviderEntry> {
    const entry = await deps.providers.findWithSecret(tenantId, providerId);
    if (!entry) throw refused({ failure: 'not-found', code: 'not_found', message: noProvider().message });
    if (!entry.provider.enabled)
      throw refused({ failure: 'denied', code: 'forbidden', message: 'This identity provider is disabled.' });
    return entry;
  }

  /** A return URL is kept only on Custos's own origin: no open redirect through the sign-in. */
  function checkReturnTo(returnTo: string | undefined): string | null {
    if (returnTo === undefined || returnTo === '') return null;
    let url: URL | undefined;
    try {
      url = new URL(returnTo, `${base}/`);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== publicOrigin || returnTo.startsWith('//') || returnTo.includes('\\'))
      throw new AppError('validation_failed', 'The return URL is not on this server.', {
        issues: [{ path: 'query.returnTo', message: `must be on ${publicOrigin}` }],
      });
    return url.href;
  }

  function oidcRefusal(error: OidcError): Refusal {
    if (error.kind === 'unreachable')
      return { failure: 'error', code: 'not_ready', message: 'The identity provider cannot be reached.' };
    if (error.kind === 'provider_error')
      return {
        failure: 'denied',
        code: 'unauthenticated',
        message: `The identity provider did not sign you in${error.providerCode ? ` (${error.providerCode})` : ''}.`,
      };
    return {
      failure: 'bad-credentials',
      code: 'unauthenticated',
      message: "The identity provider's answer could not be verified; start again.",
    };
  }

  /** Checks that apply to every account, new or existing, before anything is written. */
  function admit(provider: SsoProvider, claims: Claims, account: { id?: string; roles: readonly Role[] }) {
    const who = { ...(account.id ? { userId: account.id } : {}), role: account.roles[0] };
    if (!provider.allowPrivileged && account.roles.some((r) => PRIVILEGED_ROLES.includes(r)))
      throw refused({
        ...who,
        failure: 'denied',
        code: 'forbidden',
        message: 'This identity provider may not sign in tenant administrators or auditors.',
      });
    const secondFactor = hasSecondFactor(claims, provider);
    if (requiresMfa(account.roles) && !secondFactor)
      throw refused({
        ...who,
        failure: 'denied',
        code: 'unauthenticated',
        message:
          'This account requires a second factor, and the identity provider did not report one (amr or acr). Sign in at the provider with multi-factor authentication and start again.',
        issues: [{ path: 'amr', message: 'second factor required' }],
      });
    return sessionAmr(claims, secondFactor);
  }

  async function link(scope: SsoAuditScope, provider: SsoProvider, subject: string, user: User, at: Date) {
    const linked = await db.transaction().execute(async (trx) => {
      const ok = await logins.insertLink(
        trx,
        { tenantId: scope.tenantId, providerId: provider.id, subject, userId: user.id },
        at,
      );
      if (ok)
        await audit.record(
          trx,
          ssoEvent(scope, {
            actor: { id: user.id, role: user.roles[0], kind: 'staff' },
            action: 'update',
            resource: { type: 'User', id: user.id },
          }),
        );
      return ok;
    });
    if (!linked)
      throw refused({
        userId: user.id,
        role: user.roles[0],
        failure: 'conflict',
        code: 'conflict',
        message: 'This account is already linked to another identity at this provider.',
      });
  }

  async function provision(
    scope: SsoAuditScope,
    provider: SsoProvider,
    subject: string,
    loginName: string,
    roles: Role[],
    at: Date,
  ): Promise<User> {
    const userId = randomUUID();
    // A password nobody knows: the account signs in through its provider only.
    const passwordHash = await deps.hasher.hash(randomBytes(32).toString('base64url'));
    const user = await db.transaction().execute(async (trx) => {
      const created = await deps.users.insert(trx, {
        tenantId: scope.tenantId,
        userId,
        loginName,
        passwordHash,
        roles,
        totpSecret: null,
      });
      if (!created) return undefined;
      await logins.insertLink(
        trx,
        { tenantId: scope.tenantId, providerId: provider.id, subject, userId },
        at,
      );
      await audit.record(
        trx,
        ssoEvent(scope, {
          actor: { id: userId, role: roles[0], kind: 'staff' },
          action: 'create',
          resource: { type: 'User', id: userId },
        }),
      );
      return created;
    });
    if (!user)
      throw refused({
        failure: 'conflict',
        code: 'conflict',
        message: 'The login name was taken meanwhile.',
      });
    return user;
  }

  /** The Custos account of a verified sign-in: linked, linked now, or provisioned now. */
  async function accountOf(scope: SsoAuditScope, provider: SsoProvider, claims: Claims, at: Date) {
    const subject = claims.sub as string;
    const linkedId = await logins.findLink(scope.tenantId, provider.id, subject);
    if (linkedId) {
      const user = await deps.users.findById(scope.tenantId, linkedId);
      if (!user) throw new AppError('internal', 'A link points to no account.');
      return { user, subject, write: () => logins.touchLink(scope.tenantId, provider.id, subject, at) };
    }
    const loginName = loginNameOf(claims, provider);
    if (!loginName)
      throw refused({
        failure: 'invalid',
        code: 'unauthenticated',
        message: `The identity provider sent no usable login name (claim "${provider.loginClaim}").`,
        issues: [{ path: provider.loginClaim, message: 'missing or not a login name' }],
      });
    const existingId = await logins.findUserIdByLoginName(scope.tenantId, loginName);
    const existing = existingId ? await deps.users.findById(scope.tenantId, existingId) : undefined;
    if (existing)
      return { user: existing, subject, write: () => link(scope, provider, subject, existing, at) };
    if (provider.firstSignIn !== 'provision')
      throw refused({
        failure: 'not-found',
        code: 'forbidden',
        message: 'No account here matches this sign-in, and this identity provider does not create accounts.',
      });
    const mapping = mapRoles(claims, provider);
    if (!mapping.ok)
      throw refused({
        failure: 'denied',
        code: 'forbidden',
        message:
          mapping.reason === 'no_role'
            ? 'None of your groups or roles at the identity provider grants a role here.'
            : `Your groups at the identity provider grant a combination of roles that is not allowed: ${mapping.detail}.`,
      });
    return { user: undefined, subject, loginName, roles: mapping.roles };
  }

  return {
    /** Opens a sign-in: stores the transaction and answers where to send the browser. */
    async start(meta: RequestMeta & { readonly returnTo?: string }): Promise<StartedSignIn> {
      const returnTo = checkReturnTo(meta.returnTo);
      const { tenant, scope } = await scopeOf(meta);
      return audited(scope, meta.providerId, async () => {
        const entry = await enabledProvider(tenant.id, meta.providerId);
        const at = now();
        let started: Awaited<ReturnType<OidcClient['start']>>;
        try {
          started = await deps.oidc.start(entry, redirectUri(tenant.slug, meta.providerId));
        } catch (error) {
          if (error instanceof OidcError) throw refused(oidcRefusal(error));
          throw error;
        }
        const browserBinding = randomBytes(32).toString('base64url');
        await logins.saveTransaction(
          {
            tenantId: tenant.id,
            stateHash: sha256(started.state),
            providerId: meta.providerId,
            codeVerifier: started.codeVerifier,
            nonce: started.nonce,
            browserHash: sha256(browserBinding),
            returnTo,
            expiresAt: new Date(at.getTime() + lifetime * 1000),
          },
          at,
        );
        return { location: started.url.href, browserBinding, maxAgeSeconds: lifetime };
      });
    },

    /** Completes a sign-in from the provider's redirect. */
    async callback(
      meta: RequestMeta & { readonly query: URLSearchParams; readonly browserBinding: string | undefined },
    ): Promise<CompletedSignIn> {
      const { tenant, scope } = await scopeOf(meta);
      return audited(scope, meta.providerId, async () => {
        const entry = await enabledProvider(tenant.id, meta.providerId);
        const at = now();
        const state = meta.query.get('state');
        const stale = (why: string) =>
          refused({
            failure: 'invalid',
            code: 'unauthenticated',
            message: `This sign-in ${why}; start again.`,
            issues: [{ path: 'query.state', message: why }],
          });
        if (!state) throw stale('has no state');
        const tx = await logins.consumeTransaction(tenant.id, sha256(state));
        if (!tx || tx.providerId !== meta.providerId) throw stale('is unknown or was already used');
        if (tx.expiresAt <= at) throw stale('has expired');
        if (!meta.browserBinding || sha256(meta.browserBinding) !== tx.browserHash)
          throw stale('was started in another browser');

        const callbackUrl = new URL(redirectUri(tenant.slug, meta.providerId));
        callbackUrl.search = meta.query.toString();
        let claims: Claims;
        try {
          claims = await deps.oidc.finish(entry, callbackUrl, {
            state,
            nonce: tx.nonce,
            codeVerifier: tx.codeVerifier,
          });
        } catch (error) {
          if (error instanceof OidcError) throw refused(oidcRefusal(error));
          throw error;
        }

        const provider = entry.provider;
        const account = await accountOf(scope, provider, claims, at);
        let user: User;
        let amr: string[];
        if (account.user) {
          user = account.user;
          if (user.disabled)
            throw refused({
              userId: user.id,
              role: user.roles[0],
              failure: 'denied',
              code: 'forbidden',
              message: 'This account is disabled.',
            });
          amr = admit(provider, claims, user);
          await account.write();
        } else {
          amr = admit(provider, claims, { roles: account.roles });
          user = await provision(scope, provider, account.subject, account.loginName, account.roles, at);
        }
        const session = await deps.issueSession({
          tenantId: tenant.id,
          userId: user.id,
          roles: user.roles,
          amr,
          ...(meta.requestId ? { requestId: meta.requestId } : {}),
          ...(meta.clientAddress ? { clientAddress: meta.clientAddress } : {}),
        });
        return { session, returnTo: tx.returnTo };
      });
    },
  };
}

export type SsoLoginService = ReturnType<typeof createSsoLoginService>;

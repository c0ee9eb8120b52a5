import type { Kysely } from 'kysely';
import type { FieldKeyring, KeyProvider } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { IdentityHttp } from './auth.routes.ts';
import { type AuthService, createAuthService } from './auth.service.ts';
import type { OAuthHttp } from './oauth.routes.ts';
import { createOAuthTokenService } from './oauth-token.service.ts';
import { createPasswordHasher, type PasswordHasher } from './password.ts';
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from './refresh-tokens.ts';
import { createServiceClientRepository } from './service-client.repository.ts';
import { createServiceClientService, type ServiceClientService } from './service-client.service.ts';
import type { ServiceActor } from './service-client.ts';
import { createSessionRepository } from './session.repository.ts';
import { createSessionService, type SessionService } from './session.service.ts';
import {
  createRevocationList,
  DEFAULT_REVOCATION_REFRESH_MS,
  REVOCATION_SKEW_MARGIN_MS,
  type RevocationList,
} from './session-revocations.ts';
import { createSigningKeyService, type SigningKeyService } from './signing-key.service.ts';
import { inMemorySigningKeys, type SigningKeySource } from './signing-key-source.ts';
import { createStoredSigningKeys, DEFAULT_SIGNING_KEY_REFRESH_SECONDS } from './signing-key-store.ts';
import { createSsoWiring, type SsoWiring } from './sso-wiring.ts';
import { accessTokenResolver, type StaffActor } from './token-resolver.ts';
import { type AccessTokenConfig, DEFAULT_TOKEN_LIFETIME } from './tokens.ts';
import { createTotpEnrolmentService } from './totp-enrolment.service.ts';
import { createUserRepository } from './user.repository.ts';
import { createUserService, type UserService } from './user.service.ts';
import { createUserAdminRepository } from './user-admin.repository.ts';
import { createUserAdminService } from './user-admin.service.ts';

export interface IdentityDeps {
  readonly db: Kysely<Database>;
  readonly tenants: TenantRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly keyring: FieldKeyring;
  /** CUSTOS_PUBLIC_URL: the token issuer, and the audience with `/api` appended. */
  readonly publicUrl: string;
  readonly hasher?: PasswordHasher;
  readonly signingKeys?: SigningKeySource;
  /** The root key provider: with it, signing keys live in `signing_keys`, wrapped (signing-key-store.ts). */
  readonly keyProvider?: KeyProvider;
  /** Told about signing-key creation and retirement (no key material). */
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
  /** Session lifetimes: idle logoff (default 30 min) and absolute end (default 12 h). */
  readonly sessionPolicy?: Partial<RefreshPolicy>;
  /** How stale this process's list of revoked sessions may get (default 5 s). */
  readonly revocationRefreshMs?: number;
  /** The clock of sessions and revocations (tests move it). */
  readonly now?: () => Date;
}

export interface Identity {
  readonly users: UserService;
  readonly auth: AuthService;
  readonly tokens: AccessTokenConfig;
  readonly signingKeys: SigningKeySource;
  readonly sessions: SessionService;
  readonly revocations: RevocationList;
  /** The bearer resolver for staff and service-client access tokens. */
  readonly resolver: (token: string) => Promise<StaffActor | ServiceActor | undefined>;
  readonly http: IdentityHttp;
  /** Rotation and listing of the stored signing keys; absent without a key provider. */
  readonly signingKeyAdmin: SigningKeyService | undefined;
  /** OAuth service clients (`custos client`) and the token endpoint. */
  readonly clients: ServiceClientService;
  readonly oauthHttp: OAuthHttp;
  /** Single sign-on: identity providers (`custos sso`) and the OIDC sign-in routes. */
  readonly sso: SsoWiring;
}

/** Staff identity wired over the database: accounts, sign-in, token verification. */
export function createIdentity(deps: IdentityDeps): Identity {
  const issuer = deps.publicUrl.replace(/\/+$/, '');
  const tokens: AccessTokenConfig = { issuer, audience: `${issuer}/api`, ...DEFAULT_TOKEN_LIFETIME };
  const stored =
    deps.keyProvider &&
    createStoredSigningKeys({
      db: deps.db,
      provider: deps.keyProvider,
      ...(deps.log ? { log: deps.log } : {}),
    });
  const signingKeys = deps.signingKeys ?? stored?.source ?? inMemorySigningKeys();
  const hasher = deps.hasher ?? createPasswordHasher();
  const users = createUserRepository(deps.db, deps.keyring);
  const common = { db: deps.db, users, tenants: deps.tenants, hasher, audit: deps.audit };
  const now = deps.now ?? (() => new Date());
  const sessionRepository = createSessionRepository(deps.db);
  const revocations = createRevocationList({
    load: sessionRepository.revokedSince,
    retainMs: (tokens.lifetimeSeconds + tokens.clockToleranceSeconds) * 1000 + REVOCATION_SKEW_MARGIN_MS,
    refreshMs: deps.revocationRefreshMs ?? DEFAULT_REVOCATION_REFRESH_MS,
    now: () => now().getTime(),
  });
  const sessions = createSessionService({
    ...common,
    sessions: sessionRepository,
    revocations,
    signingKeys,
    tokens,
    policy: { ...DEFAULT_REFRESH_POLICY, ...deps.sessionPolicy },
    now,
  });
  const auth = createAuthService({ ...common, sessions });
  const userAdmin = createUserAdminRepository(deps.db, deps.keyring);
  const enrolment = createTotpEnrolmentService({ ...common, admin: userAdmin, issuer: 'Custos', now });
  const administration = createUserAdminService({ ...common, admin: userAdmin, sessions, now });
  const sso = createSsoWiring({
    ...common,
    keyring: deps.keyring,
    publicUrl: issuer,
    issueSession: auth.startSession,
  });
  const clientRepository = createServiceClientRepository(deps.db);
  const tenantIdOf = async (slug: string) => (await deps.tenants.findBySlug(slug))?.id;
  const oauth = createOAuthTokenService({ ...common, clients: clientRepository, signingKeys, tokens });
  return {
    signingKeyAdmin:
      deps.keyProvider &&
      createSigningKeyService({
        db: deps.db,
        provider: deps.keyProvider,
        audit: deps.audit,
        tenants: () => allTenants(deps.tenants),
        // A replaced key verifies while tokens it signed live, plus the time other processes
        // may still sign with it before they re-read the table.
        overlapSeconds:
          tokens.lifetimeSeconds + tokens.clockToleranceSeconds + DEFAULT_SIGNING_KEY_REFRESH_SECONDS,
        onRotated: () => stored?.invalidate(),
      }),
    clients: createServiceClientService({ ...common, clients: clientRepository }),
    oauthHttp: { oauth, tenantIdOf },
    users: createUserService({ ...common, issuer: 'Custos' }),
    auth,
    tokens,
    signingKeys,
    sessions,
    revocations,
    resolver: accessTokenResolver(signingKeys, tokens, revocations),
    sso,
    http: {
      auth,
      enrolment,
      userAdmin: administration,
      signingKeys,
      tenantIdOf: async (slug) => (await deps.tenants.findBySlug(slug))?.id,
    },
  };
}

async function allTenants(tenants: Pick<TenantRepository, 'list'>) {
  const all = [];
  for (let page = await tenants.list(200); page.length > 0; ) {
    all.push(...page);
    page = page.length < 200 ? [] : await tenants.list(200, page[page.length - 1]?.slug);
  }
  return all;
}

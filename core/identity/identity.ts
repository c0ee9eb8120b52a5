import type { Kysely } from 'kysely';
import type { FieldKeyring } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { IdentityHttp } from './auth.routes.ts';
import { type AuthService, createAuthService } from './auth.service.ts';
import { createPasswordHasher, type PasswordHasher } from './password.ts';
import { inMemorySigningKeys, type SigningKeySource } from './signing-key-source.ts';
import { accessTokenResolver, type StaffActor } from './token-resolver.ts';
import { type AccessTokenConfig, DEFAULT_TOKEN_LIFETIME } from './tokens.ts';
import { createUserRepository } from './user.repository.ts';
import { createUserService, type UserService } from './user.service.ts';

export interface IdentityDeps {
  readonly db: Kysely<Database>;
  readonly tenants: TenantRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly keyring: FieldKeyring;
  /** CUSTOS_PUBLIC_URL: the token issuer, and the audience with `/api` appended. */
  readonly publicUrl: string;
  readonly hasher?: PasswordHasher;
  readonly signingKeys?: SigningKeySource;
}

export interface Identity {
  readonly users: UserService;
  readonly auth: AuthService;
  readonly tokens: AccessTokenConfig;
  readonly signingKeys: SigningKeySource;
  /** The bearer resolver for staff access tokens. */
  readonly resolver: (token: string) => Promise<StaffActor | undefined>;
  readonly http: IdentityHttp;
}

/** Staff identity wired over the database: accounts, sign-in, token verification. */
export function createIdentity(deps: IdentityDeps): Identity {
  const issuer = deps.publicUrl.replace(/\/+$/, '');
  const tokens: AccessTokenConfig = { issuer, audience: `${issuer}/api`, ...DEFAULT_TOKEN_LIFETIME };
  const signingKeys = deps.signingKeys ?? inMemorySigningKeys();
  const hasher = deps.hasher ?? createPasswordHasher();
  const users = createUserRepository(deps.db, deps.keyring);
  const common = { db: deps.db, users, tenants: deps.tenants, hasher, audit: deps.audit };
  const auth = createAuthService({ ...common, signingKeys, tokens });
  return {
    users: createUserService({ ...common, issuer: 'Custos' }),
    auth,
    tokens,
    signingKeys,
    resolver: accessTokenResolver(signingKeys, tokens),
    http: {
      auth,
      signingKeys,
      tenantIdOf: async (slug) => (await deps.tenants.findBySlug(slug))?.id,
    },
  };
}

import type { Kysely } from 'kysely';
import type { FieldKeyring } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import { createOidcClient } from './oidc-client.ts';
import type { PasswordHasher } from './password.ts';
import type { SsoHttp } from './sso.routes.ts';
import { createSsoLoginRepository } from './sso-login.repository.ts';
import { createSsoLoginService, type SessionIssuer } from './sso-login.service.ts';
import { createSsoProviderRepository } from './sso-provider.repository.ts';
import { createSsoProviderService, type SsoProviderService } from './sso-provider.service.ts';
import type { UserRepository } from './user.repository.ts';

export interface SsoWiringDeps {
  readonly db: Kysely<Database>;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly users: UserRepository;
  readonly hasher: PasswordHasher;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly keyring: FieldKeyring;
  readonly publicUrl: string;
  /** The auth service's `startSession`: the Custos session for a user the provider signed in. */
  readonly issueSession: SessionIssuer;
}

export interface SsoWiring {
  readonly providers: SsoProviderService;
  readonly http: SsoHttp;
}

/** Single sign-on wired over the database: provider configuration and the OIDC sign-in. */
export function createSsoWiring(deps: SsoWiringDeps): SsoWiring {
  const providers = createSsoProviderRepository(deps.db, deps.keyring);
  const login = createSsoLoginService({
    ...deps,
    providers,
    logins: createSsoLoginRepository(deps.db),
    oidc: createOidcClient(),
  });
  return {
    providers: createSsoProviderService({ ...deps, providers }),
    http: { login, secureCookies: deps.publicUrl.startsWith('https:') },
  };
}

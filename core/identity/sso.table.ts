import type { ColumnType, Generated } from 'kysely';
import type { SealedOf } from '../../compliance/index.ts';
import type { ssoProviderColumns } from './sso.columns.ts';

type ClientSecretColumn = typeof ssoProviderColumns.columns.client_secret;
type Json<T> = ColumnType<T, string, string>;

/**
 * `sso_providers`: a tenant's external OpenID providers, keyed by (tenant_id, provider_id), the
 * provider id being the slug in the sign-in URL. The client secret is ciphertext.
 */
export interface SsoProviderTable {
  tenant_id: string;
  provider_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret: ColumnType<Buffer, SealedOf<ClientSecretColumn>, SealedOf<ClientSecretColumn>>;
  /** JSON array of scopes requested besides `openid`. */
  scopes: Json<string[]>;
  login_claim: string;
  roles_claim: string | null;
  /** JSON array of `{ value, role }`: a value of the roles claim grants a Custos role. */
  role_mapping: Json<{ value: string; role: string }[]>;
  /** Set only by the platform operator: the mapping may grant tenant_admin or auditor. */
  allow_privileged: Generated<boolean>;
  /** `provision` creates an unknown user at first sign-in; `link` only links an existing one. */
  first_sign_in: 'provision' | 'link';
  /** JSON array of `acr` values that count as a second factor. */
  mfa_acr_values: Json<string[]>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** `sso_links`: which Custos user an (issuer-scoped) subject is; one link per user and provider. */
export interface SsoLinkTable {
  tenant_id: string;
  provider_id: string;
  subject: string;
  user_id: string;
  created_at: Generated<Date>;
  last_sign_in_at: Date | null;
}

/**
 * `sso_transactions`: one row per started sign-in, consumed (deleted) by its callback. Keyed by
 * the SHA-256 of `state`; `browser_hash` is the SHA-256 of the cookie that binds it to the user
 * agent that started it.
 */
export interface SsoTransactionTable {
  tenant_id: string;
  state_hash: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  browser_hash: string;
  return_to: string | null;
  expires_at: Date;
  created_at: Generated<Date>;
}

export interface SsoDatabase {
  sso_providers: SsoProviderTable;
  sso_links: SsoLinkTable;
  sso_transactions: SsoTransactionTable;
}

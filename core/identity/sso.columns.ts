import { defineColumns } from '../../compliance/index.ts';

/**
 * The classification of `sso_providers`. The client secret is a credential, not personal data,
 * but the vocabulary seals only pii, phi and student_record: like the TOTP secret of `users`, it
 * is sealed as pii under the tenant data key (not a per-person key), bound to (tenant,
 * sso_providers, client_secret, provider id), so a copy of the table alone never yields it.
 */
export const ssoProviderColumns = defineColumns('sso_providers', {
  tenant_id: { classification: 'internal' },
  provider_id: { classification: 'internal' },
  display_name: { classification: 'internal' },
  issuer: { classification: 'internal' },
  client_id: { classification: 'internal' },
  client_secret: { classification: 'pii', subjectKeyed: false },
  scopes: { classification: 'internal' },
  login_claim: { classification: 'internal' },
  roles_claim: { classification: 'internal' },
  role_mapping: { classification: 'internal' },
  allow_privileged: { classification: 'internal' },
  first_sign_in: { classification: 'internal' },
  mfa_acr_values: { classification: 'internal' },
  enabled: { classification: 'internal' },
  created_at: { classification: 'internal' },
  updated_at: { classification: 'internal' },
});

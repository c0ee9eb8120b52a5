import type { Kysely, Selectable } from 'kysely';
import {
  decryptField,
  encryptField,
  type FieldKeyring,
  readSealed,
  type SealedOf,
} from '../../compliance/index.ts';
import { isRole } from '../access/roles.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { ssoProviderColumns } from './sso.columns.ts';
import type { SsoProviderTable } from './sso.table.ts';
import type { CheckedSettings, RoleMappingEntry, SsoProvider } from './sso-provider.ts';

/**
 * SQL for `sso_providers`. As for `users`, the keyring reads `crypto_keys` on its own connection
 * (PGlite has one): the secret is sealed before the writing transaction and opened after reading.
 */
type Executor = Kysely<Database>;

const SECRET = ssoProviderColumns.columns.client_secret;
export type SealedClientSecret = SealedOf<typeof SECRET>;

const stringList = (value: unknown): string[] => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new AppError('internal', 'A stored identity provider has a malformed list.');
  return value;
};

function mappingOf(value: unknown): RoleMappingEntry[] {
  // Refused rather than trimmed: a row with unknown roles was not written by us.
  const ok =
    Array.isArray(value) &&
    value.every((e) => e && typeof e.value === 'string' && isRole((e as { role: unknown }).role));
  if (!ok) throw new AppError('internal', 'A stored identity provider has an unknown role mapping.');
  return value as RoleMappingEntry[];
}

function toProvider(row: Selectable<SsoProviderTable>): SsoProvider {
  return {
    tenantId: row.tenant_id,
    id: row.provider_id,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: stringList(row.scopes),
    loginClaim: row.login_claim,
    rolesClaim: row.roles_claim,
    roleMapping: mappingOf(row.role_mapping),
    allowPrivileged: row.allow_privileged,
    firstSignIn: row.first_sign_in,
    mfaAcrValues: stringList(row.mfa_acr_values),
    enabled: row.enabled,
    createdAt: row.created_at,
  };
}

export function createSsoProviderRepository(db: Executor, keyring: FieldKeyring) {
  return {
    sealClientSecret(tenantId: string, providerId: string, secret: string): Promise<SealedClientSecret> {
      return encryptField(keyring, SECRET, { tenantId, rowId: providerId }, secret);
    },

    /** Returns undefined when the provider id is taken in this tenant. */
    async insert(
      trx: Executor,
      tenantId: string,
      settings: CheckedSettings,
      secret: SealedClientSecret,
    ): Promise<SsoProvider | undefined> {
      const row = await trx
        .insertInto('sso_providers')
        .values({
          tenant_id: tenantId,
          provider_id: settings.id,
          display_name: settings.displayName,
          issuer: settings.issuer,
          client_id: settings.clientId,
          client_secret: secret,
          scopes: JSON.stringify(settings.scopes),
          login_claim: settings.loginClaim,
          roles_claim: settings.rolesClaim,
          role_mapping: JSON.stringify(settings.roleMapping),
          allow_privileged: settings.allowPrivileged,
          first_sign_in: settings.firstSignIn,
          mfa_acr_values: JSON.stringify(settings.mfaAcrValues),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'provider_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toProvider(row);
    },

    async find(tenantId: string, providerId: string): Promise<SsoProvider | undefined> {
      const row = await db
        .selectFrom('sso_providers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .executeTakeFirst();
      return row && toProvider(row);
    },

    /** The provider with its client secret opened: only the sign-in flow asks for it. */
    async findWithSecret(
      tenantId: string,
      providerId: string,
    ): Promise<{ provider: SsoProvider; clientSecret: string; version: string } | undefined> {
      const row = await db
        .selectFrom('sso_providers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .executeTakeFirst();
      if (!row) return undefined;
      const at = { tenantId, rowId: row.provider_id };
      const clientSecret = await decryptField(keyring, SECRET, at, readSealed(SECRET, row.client_secret));
      return { provider: toProvider(row), clientSecret, version: row.updated_at.toISOString() };
    },

    async list(tenantId: string): Promise<SsoProvider[]> {
      const rows = await db
        .selectFrom('sso_providers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('provider_id')
        .execute();
      return rows.map(toProvider);
    },

    /** Returns false when there is no such provider. */
    async setEnabled(
      trx: Executor,
      tenantId: string,
      providerId: string,
      enabled: boolean,
      now: Date,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('sso_providers')
        .set({ enabled, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('provider_id', '=', providerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type SsoProviderRepository = ReturnType<typeof createSsoProviderRepository>;

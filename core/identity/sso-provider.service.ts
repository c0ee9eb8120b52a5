import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { ssoEvent } from './sso-audit.ts';
import type { SsoProviderRepository } from './sso-provider.repository.ts';
import { checkProviderSettings, type ProviderSettings, type SsoProvider } from './sso-provider.ts';

export interface SsoProviderServiceDeps {
  readonly db: Kysely<Database>;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly providers: SsoProviderRepository;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly now?: () => Date;
}

/**
 * Configuration of a tenant's identity providers. For now only the platform operator (the
 * `custos sso` command, a system actor) configures them: a provider decides who becomes staff of
 * a tenant, and only the operator may let it grant tenant_admin or auditor (roles.ts, 三权分立).
 * Every change is audited in its transaction.
 */
export function createSsoProviderService(deps: SsoProviderServiceDeps) {
  const { db, providers, audit } = deps;
  const now = deps.now ?? (() => new Date());

  function operatorOnly(actor: Actor) {
    if (actor.kind !== 'system' || actor.role !== 'platform_operator')
      throw new AppError('forbidden', 'Only the platform operator configures identity providers.');
  }

  async function tenantOf(slug: string): Promise<Tenant> {
    const tenant = await deps.tenants.findBySlug(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  }

  const event = (actor: Actor, tenant: Tenant, action: 'create' | 'update', providerId: string) =>
    ssoEvent(
      { tenantId: tenant.id, vertical: tenant.vertical },
      {
        actor: { id: actor.id, role: actor.role ?? 'system', kind: 'system' },
        action,
        resource: { type: 'IdentityProvider', id: providerId },
      },
    );

  return {
    async add(
      actor: Actor,
      input: { readonly tenantSlug: string; readonly clientSecret: string } & ProviderSettings,
    ): Promise<SsoProvider> {
      operatorOnly(actor);
      const settings = checkProviderSettings(input);
      if (input.clientSecret.length === 0 || input.clientSecret.length > 1024)
        throw new AppError('validation_failed', 'The identity provider is invalid.', {
          issues: [{ path: 'clientSecret', message: 'between 1 and 1024 characters' }],
        });
      const tenant = await tenantOf(input.tenantSlug);
      // Sealed before the transaction: the keyring uses its own connection.
      const sealed = await providers.sealClientSecret(tenant.id, settings.id, input.clientSecret);
      const created = await db.transaction().execute(async (trx) => {
        const row = await providers.insert(trx, tenant.id, settings, sealed);
        if (row) await audit.record(trx, event(actor, tenant, 'create', settings.id));
        return row;
      });
      if (!created)
        throw new AppError('conflict', `The provider id "${settings.id}" is taken in this tenant.`);
      return created;
    },

    async list(actor: Actor, tenantSlug: string): Promise<SsoProvider[]> {
      operatorOnly(actor);
      const tenant = await tenantOf(tenantSlug);
      return providers.list(tenant.id);
    },

    /** Stops new sign-ins through the provider; existing sessions run out on their own. */
    async disable(actor: Actor, tenantSlug: string, providerId: string): Promise<void> {
      operatorOnly(actor);
      const tenant = await tenantOf(tenantSlug);
      const done = await db.transaction().execute(async (trx) => {
        const found = await providers.setEnabled(trx, tenant.id, providerId, false, now());
        if (found) await audit.record(trx, event(actor, tenant, 'update', providerId));
        return found;
      });
      if (!done) throw new AppError('not_found', `No identity provider "${providerId}" in this tenant.`);
    },
  };
}

export type SsoProviderService = ReturnType<typeof createSsoProviderService>;

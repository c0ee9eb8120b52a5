import type { TenantRepository } from './tenant.repository.ts';
import type { Tenant } from './tenant.ts';

/**
 * Tenants as the hot paths see them (every chat message, every tenant route): read once, then
 * kept for `ttlMs`. A tenant's id, slug and vertical never change; a renamed tenant shows its new
 * name within the TTL. A slug or id that does not exist is not cached, so a tenant created by
 * another process is found at once.
 */
export function createTenantCache(
  tenants: Pick<TenantRepository, 'findById' | 'findBySlug'>,
  ttlMs = 10_000,
) {
  const byId = new Map<string, { tenant: Tenant; at: number }>();
  const bySlug = new Map<string, { tenant: Tenant; at: number }>();
  const keep = (tenant: Tenant) => {
    const entry = { tenant, at: Date.now() };
    if (byId.size > 10_000) {
      byId.clear();
      bySlug.clear();
    }
    byId.set(tenant.id, entry);
    bySlug.set(tenant.slug, entry);
    return tenant;
  };
  const fresh = (entry: { at: number } | undefined) => entry !== undefined && Date.now() - entry.at < ttlMs;
  return {
    async byId(tenantId: string): Promise<Tenant | undefined> {
      const entry = byId.get(tenantId);
      if (entry && fresh(entry)) return entry.tenant;
      const tenant = await tenants.findById(tenantId);
      return tenant && keep(tenant);
    },
    async bySlug(slug: string): Promise<Tenant | undefined> {
      const entry = bySlug.get(slug);
      if (entry && fresh(entry)) return entry.tenant;
      const tenant = await tenants.findBySlug(slug);
      return tenant && keep(tenant);
    },
    /** Drops what is kept of a tenant: it changed (in this process, or another that said so). */
    forget(tenantId: string): void {
      const entry = byId.get(tenantId);
      byId.delete(tenantId);
      if (entry) bySlug.delete(entry.tenant.slug);
    },
  };
}

export type TenantCache = ReturnType<typeof createTenantCache>;

import { authorizeActor } from '../access/actor-ability.ts';
import type { Actor } from '../context/request-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from './tenant.repository.ts';
import type { NewTenant, Tenant } from './tenant.ts';

export interface TenantServiceDeps {
  readonly tenants: TenantRepository;
  /** Ids of the vertical packs this deployment has. */
  readonly verticals: readonly string[];
}

export interface TenantPage {
  readonly items: readonly Tenant[];
  readonly nextCursor: string | null;
}

// Creating and listing tenants belongs to the platform operator alone (DESIGN §2.4, separation
// of duties); staff may read their own tenant's public description (core/access rules).

export function createTenantService({ tenants, verticals }: TenantServiceDeps) {
  return {
    async create(actor: Actor, input: NewTenant): Promise<Tenant> {
      authorizeActor(actor, 'create', 'Tenant');
      if (!verticals.includes(input.vertical)) {
        throw new AppError('unprocessable', `Unknown vertical "${input.vertical}".`, {
          issues: [{ path: 'vertical', message: `expected one of: ${verticals.join(', ')}` }],
        });
      }
      const created = await tenants.insert(input);
      if (!created) throw new AppError('conflict', `A tenant with slug "${input.slug}" already exists.`);
      return created;
    },

    async get(actor: Actor, slug: string): Promise<Tenant> {
      authorizeActor(actor, 'read', 'Tenant');
      const tenant = await tenants.findBySlug(slug);
      if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
      authorizeActor(actor, 'read', {
        type: 'Tenant',
        attributes: { tenantId: tenant.id, slug: tenant.slug },
      });
      return tenant;
    },

    async list(actor: Actor, limit: number, cursor?: string): Promise<TenantPage> {
      // Every tenant at once: only an unconditional grant (the operator's) allows an object with no tenant.
      authorizeActor(actor, 'read', { type: 'Tenant', attributes: {} });
      const page = await tenants.list(limit + 1, cursor);
      const items = page.slice(0, limit);
      return { items, nextCursor: page.length > limit ? (items.at(-1)?.slug ?? null) : null };
    },
  };
}

export type TenantService = ReturnType<typeof createTenantService>;

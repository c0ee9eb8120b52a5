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

// Tenant administration belongs to the platform operator alone (DESIGN §2.4, separation of
// duties). The access-control module will replace this guard with the CASL choke point.
function requirePlatformOperator(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
  if (actor.role !== 'platform_operator' && actor.kind !== 'system') {
    throw new AppError('forbidden', 'Only the platform operator manages tenants.');
  }
}

export function createTenantService({ tenants, verticals }: TenantServiceDeps) {
  return {
    async create(actor: Actor, input: NewTenant): Promise<Tenant> {
      requirePlatformOperator(actor);
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
      requirePlatformOperator(actor);
      const tenant = await tenants.findBySlug(slug);
      if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
      return tenant;
    },

    async list(actor: Actor, limit: number, cursor?: string): Promise<TenantPage> {
      requirePlatformOperator(actor);
      const page = await tenants.list(limit + 1, cursor);
      const items = page.slice(0, limit);
      return { items, nextCursor: page.length > limit ? (items.at(-1)?.slug ?? null) : null };
    },
  };
}

export type TenantService = ReturnType<typeof createTenantService>;

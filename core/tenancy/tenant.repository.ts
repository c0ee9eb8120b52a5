import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TenantTable } from './tenant.table.ts';
import type { NewTenant, Tenant, TenantId } from './tenant.ts';

function toTenant(row: Selectable<TenantTable>): Tenant {
  return {
    id: row.tenant_id as TenantId,
    slug: row.slug,
    name: row.name,
    vertical: row.vertical,
    locale: row.locale,
    timeZone: row.time_zone,
    displayNames: row.settings.displayNames ?? {},
    createdAt: row.created_at,
  };
}

export function createTenantRepository(db: Kysely<Database>) {
  return {
    /** Returns undefined when the slug is taken. */
    async insert(tenant: NewTenant): Promise<Tenant | undefined> {
      const row = await db
        .insertInto('tenants')
        .values({
          tenant_id: randomUUID(),
          slug: tenant.slug,
          name: tenant.name,
          vertical: tenant.vertical,
          locale: tenant.locale,
          time_zone: tenant.timeZone,
          settings: JSON.stringify({ displayNames: tenant.displayNames ?? {} }),
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toTenant(row);
    },

    async findById(tenantId: string): Promise<Tenant | undefined> {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row && toTenant(row);
    },

    async findBySlug(slug: string): Promise<Tenant | undefined> {
      const row = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row && toTenant(row);
    },

    /** Keyset pagination in slug order. */
    async list(limit: number, after?: string): Promise<Tenant[]> {
      let query = db.selectFrom('tenants').selectAll().orderBy('slug').limit(limit);
      if (after !== undefined) query = query.where('slug', '>', after);
      return (await query.execute()).map(toTenant);
    },
  };
}

export type TenantRepository = ReturnType<typeof createTenantRepository>;

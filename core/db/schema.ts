import type { TenantTable } from '../tenancy/tenant.table.ts';

/** Every table Custos has, as Kysely sees it. Each area owns the interfaces of its tables. */
export interface Database {
  tenants: TenantTable;
}

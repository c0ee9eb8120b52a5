import type { AuditDatabase, CryptoKeyDatabase } from '../../compliance/index.ts';
import type { ContactDatabase } from '../contacts/contact.table.ts';
import type { UserDatabase } from '../identity/user.table.ts';
import type { TenantTable } from '../tenancy/tenant.table.ts';

/** Every table Custos has, as Kysely sees it. Each area owns the interfaces of its tables. */
export interface Database extends AuditDatabase, CryptoKeyDatabase, ContactDatabase, UserDatabase {
  tenants: TenantTable;
}

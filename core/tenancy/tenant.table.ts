import type { ColumnType, Generated } from 'kysely';

/**
 * `tenants` is the one table keyed by `tenant_id` alone: it is the reference table every other
 * table's `tenant_id` points to (on Citus it is a reference table, replicated to every node).
 * `slug` is unique across the deployment because it names the tenant in URLs.
 */
export interface TenantTable {
  tenant_id: string;
  slug: string;
  name: string;
  vertical: string;
  locale: string;
  time_zone: string;
  settings: ColumnType<TenantSettings, string, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TenantSettings {
  /** Display names in other locales, keyed by BCP 47 tag. */
  readonly displayNames?: Readonly<Record<string, string>>;
  /** Booking rules and notice templates; core/booking/booking-settings.ts checks and reads them. */
  readonly booking?: unknown;
  /** Restrictions on the operational roles; core/access/access-settings.ts checks and applies them. */
  readonly access?: unknown;
  readonly [key: string]: unknown;
}

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * Where every process hears that a tenant's settings changed (the payload is the tenant id):
 * caches of the tenant's record, booking rules and access restrictions follow it.
 */
export const TENANT_SETTINGS_CHANNEL = 'custos_tenant_settings';

/** A section of `tenants.settings` owned by one area, which checks it. */
export type SettingsSection = 'booking' | 'access';

/** The section as stored (unchecked), or `{}` when the tenant has none. */
export async function readSettingsSection(
  db: Kysely<Database>,
  tenantId: string,
  section: SettingsSection,
): Promise<unknown> {
  const row = await db
    .selectFrom('tenants')
    .select('settings')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such tenant.');
  return row.settings[section] ?? {};
}

/**
 * Replaces one section, leaving the tenant's other settings as they are, and notifies every
 * process (delivered on commit, nothing if it rolls back).
 */
export async function writeSettingsSection(
  trx: Transaction<Database>,
  tenantId: string,
  section: SettingsSection,
  value: unknown,
  at: Date,
): Promise<void> {
  const result = await sql`update tenants
    set settings = settings || jsonb_build_object(${section}::text, ${JSON.stringify(value)}::jsonb),
        updated_at = ${at}::timestamptz
    where tenant_id = ${tenantId}`.execute(trx);
  if (result.numAffectedRows !== 1n) throw new AppError('not_found', 'No such tenant.');
  await sql`select pg_notify(${TENANT_SETTINGS_CHANNEL}, ${tenantId})`.execute(trx);
}

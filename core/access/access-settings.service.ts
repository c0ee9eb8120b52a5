import type { Kysely } from 'kysely';
import type { NewAuditEvent } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import {
  type AccessSettings,
  installTailoring,
  parseAccessSettings,
  readAccessSettings,
  writeAccessSettings,
} from './access-settings.ts';
import { accessActorOf, authorizeActor } from './actor-ability.ts';

/** The tenant a request names, as the routes resolve it from the slug. */
export interface AccessSettingsTenant {
  readonly id: string;
  readonly vertical: string;
}

export interface AccessSettingsServiceDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly now?: () => Date;
}

/** A permission change: who narrowed which tenant's roles; no data subject. */
function permissionEvent(tenant: AccessSettingsTenant, actor: Actor): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  const kind = actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff';
  return {
    tenantId: tenant.id,
    actor: { id: actor.id, role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'), kind },
    action: 'permission-change',
    purpose: tenant.vertical === 'education' ? 'EDUADMIN' : 'HOPERAT',
    resource: { type: 'AccessSettings', id: tenant.id },
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * A tenant's tailoring of role permissions (docs/compliance/access-control.md, "Tenant tailoring").
 * Tenant admins read and replace it (`update TenantSettings`); auditors read it, as they read role
 * grants: it is evidence of who may do what. Every change is a `permission-change` audit event in
 * the transaction of the change, and takes effect at once in this process, in the others on NOTIFY.
 */
export function createAccessSettingsService(deps: AccessSettingsServiceDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  function ofTenant(actor: Actor, tenant: AccessSettingsTenant): void {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    if (accessActorOf(actor)?.tenantId !== tenant.id) throw new AppError('not_found', 'No such tenant.');
  }

  return {
    async get(actor: Actor, tenant: AccessSettingsTenant): Promise<AccessSettings> {
      ofTenant(actor, tenant);
      authorizeActor(actor, 'read', { type: 'RoleGrant', attributes: { tenantId: tenant.id } });
      return readAccessSettings(db, tenant.id);
    },

    /** Replaces the restrictions as a whole; `{}` or an empty list lifts them all. */
    async put(actor: Actor, tenant: AccessSettingsTenant, input: unknown): Promise<AccessSettings> {
      ofTenant(actor, tenant);
      authorizeActor(actor, 'update', { type: 'TenantSettings', attributes: { tenantId: tenant.id } });
      const settings = parseAccessSettings(input);
      await db.transaction().execute(async (trx) => {
        await writeAccessSettings(trx, tenant.id, settings, now());
        await audit.record(trx, permissionEvent(tenant, actor));
      });
      installTailoring(tenant.id, settings);
      return settings;
    },
  };
}

export type AccessSettingsService = ReturnType<typeof createAccessSettingsService>;

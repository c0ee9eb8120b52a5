import type { Kysely } from 'kysely';
import type { NewAuditEvent, PurposeOfUse } from '../../compliance/index.ts';
import { asSubject } from '../access/ability.ts';
import { abilityOf, accessActorOf, authorizeActor } from '../access/actor-ability.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { type Actor, currentContext } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import {
  type BookingSettings,
  parseBookingSettings,
  readBookingSettings,
  writeBookingSettings,
} from './booking-settings.ts';

/** The tenant a request names, as the routes resolve it from the slug. */
export interface BookingSettingsTenant {
  readonly id: string;
  readonly vertical: string;
}

export interface BookingSettingsServiceDeps {
  /** The application's row-secured view of the database. */
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** This process's copies, dropped at once after a change (other processes hear of it by NOTIFY). */
  readonly caches?: readonly { forget(tenantId: string): void }[];
  readonly now?: () => Date;
}

// Keeping booking rules is operations work of the hospital or school, like its queues.
const purposeOf = (vertical: string): PurposeOfUse => (vertical === 'education' ? 'EDUADMIN' : 'HOPERAT');

/** A configuration change: who changed which tenant's booking settings; no data subject. */
function settingsEvent(tenant: BookingSettingsTenant, actor: Actor): NewAuditEvent {
  const requestId = currentContext()?.requestId;
  const kind = actor.kind === 'service' || actor.kind === 'system' ? actor.kind : 'staff';
  return {
    tenantId: tenant.id,
    actor: { id: actor.id, role: (actor.role ?? actor.kind).toLowerCase().replaceAll('_', '-'), kind },
    action: 'update',
    purpose: purposeOf(tenant.vertical),
    resource: { type: 'BookingSettings', id: tenant.id },
    outcome: { result: 'success' },
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * A tenant's booking rules and notice templates (docs/booking.md, "Per-tenant settings"). Tenant
 * admins read and replace them (the `TenantSettings` subject); supervisors read them, since they
 * answer for bookings refused by a rule. Every change is audited in its own transaction.
 */
export function createBookingSettingsService(deps: BookingSettingsServiceDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  function ofTenant(actor: Actor, tenant: BookingSettingsTenant) {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Authentication is required.');
    const access = accessActorOf(actor);
    if (access?.tenantId !== tenant.id) throw new AppError('not_found', 'No such tenant.');
    return access;
  }

  return {
    async get(actor: Actor, tenant: BookingSettingsTenant): Promise<BookingSettings> {
      const access = ofTenant(actor, tenant);
      const admin = abilityOf(actor).can('update', asSubject('TenantSettings', { tenantId: tenant.id }));
      if (!admin && !access.roles.includes('supervisor'))
        throw new AppError('forbidden', 'Only tenant admins and supervisors read the booking settings.', {
          details: { action: 'read', subject: 'BookingSettings' },
        });
      return readBookingSettings(db, tenant.id);
    },

    /** Replaces the settings as a whole; a field left out takes its default. */
    async put(actor: Actor, tenant: BookingSettingsTenant, input: unknown): Promise<BookingSettings> {
      ofTenant(actor, tenant);
      authorizeActor(actor, 'update', { type: 'TenantSettings', attributes: { tenantId: tenant.id } });
      const settings = parseBookingSettings(input);
      await db.transaction().execute(async (trx) => {
        await writeBookingSettings(trx, tenant.id, settings, now());
        await audit.record(trx, settingsEvent(tenant, actor));
      });
      for (const cache of deps.caches ?? []) cache.forget(tenant.id);
      return settings;
    },
  };
}

export type BookingSettingsService = ReturnType<typeof createBookingSettingsService>;

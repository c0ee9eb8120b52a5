import { randomUUID } from 'node:crypto';
import { type AppError, type BookingAccess, isAppError, type VerticalPack } from '../core/index.ts';
import type { Runtime } from './runtime.ts';

// The seeder acts as the demo tenant's administrator; catalogue changes are not personal data.
const SEEDER = { kind: 'system', id: 'demo-seeder', role: 'tenant_admin' } as const;

const conflict = (error: unknown) => isAppError(error) && (error as AppError).code === 'conflict';

function seederAccess(tenantId: string): BookingAccess {
  return {
    tenantId,
    actor: { id: randomUUID(), tenantId, roles: ['tenant_admin'], mfa: true },
    auditActor: SEEDER,
  };
}

/**
 * Creates a pack's demo booking catalogue once (a service that exists is left as it is, with its
 * resources and schedules), then keeps slots generated from today through `weeks` ahead: each start
 * of the demo extends them, and slots already there are kept.
 */
export async function seedDemoCatalogue(
  runtime: Runtime,
  pack: VerticalPack,
  tenantId: string,
): Promise<number> {
  const catalogue = pack.demoCatalogue;
  if (!catalogue) return 0;
  const access = seederAccess(tenantId);
  const fresh = new Set<string>();
  for (const service of catalogue.services) {
    try {
      await runtime.booking.createService(access, service);
      fresh.add(service.code);
    } catch (error) {
      if (!conflict(error)) throw error;
    }
  }
  for (const resource of catalogue.resources.filter((r) => fresh.has(r.serviceCode)))
    await runtime.booking.createResource(access, resource);
  for (const schedule of catalogue.schedules.filter((s) => fresh.has(s.serviceCode)))
    await runtime.booking.createSchedule(access, schedule);

  const schedules = await runtime.database.db
    .selectFrom('booking_schedules')
    .select('schedule_id')
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .execute();
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const through = new Date(today.getTime() + catalogue.weeks * 7 * 86_400_000);
  let created = 0;
  for (const { schedule_id } of schedules) {
    const result = await runtime.booking.generateSlots(access, schedule_id, iso(today), iso(through));
    created += result.created;
  }
  return created;
}

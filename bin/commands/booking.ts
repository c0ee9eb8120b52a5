import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  AppError,
  type BookingAccess,
  loadConfig,
  parseScheduleCsv,
  ScheduleCsvError,
  type ScheduleDefinition,
  scheduleDefinitionSchema,
  type Tenant,
} from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime, type Runtime } from '../runtime.ts';
import { bookingSettingsUsage, runBookingSettings } from './booking-settings.ts';
import { help } from './serve.ts';

const usage = `Usage: custos booking import --tenant SLUG FILE.csv [--generate-weeks N] [--json]

Imports a tenant's schedules from a CSV file (applying pending migrations first). Columns:
service, resource, weekdays, start, end, slot_minutes, capacity, valid_from, valid_to, time_zone,
and optionally kind (weekly | exception | holiday) and date; see docs/booking.md.
A service or resource the tenant lacks is created, named by its code (rename it later in the
console); a new service lasts its first window's slot length, a new resource is a practitioner.
A schedule the tenant already has, with the same definition, is kept rather than added twice.
--generate-weeks N (1 to 52) then creates the slots of the file's schedules from today through
N weeks ahead, in the tenant's time zone; slots already there are kept.

${bookingSettingsUsage}`;

const MAX_WEEKS = 52;

/**
 * Schedules are tenant settings, which only a tenant admin changes (booking.service.ts). The
 * operator at the console acts for the tenant's administrator: the audit actor names the console.
 */
function operatorAsTenantAdmin(tenantId: string): BookingAccess {
  return {
    tenantId,
    actor: { id: randomUUID(), tenantId, roles: ['tenant_admin'], mfa: true },
    auditActor: { kind: 'system', id: CLI_OPERATOR.id, role: 'tenant_admin' },
  };
}

function weeksOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const weeks = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(weeks >= 1 && weeks <= MAX_WEEKS))
    throw new UsageError(`--generate-weeks expects a whole number from 1 to ${MAX_WEEKS}, got "${text}"`);
  return weeks;
}

async function readSchedules(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('validation_failed', `cannot read ${file} (${reason})`);
  }
  try {
    return parseScheduleCsv(text).schedules;
  } catch (error) {
    if (error instanceof ScheduleCsvError)
      throw new AppError('validation_failed', `${file} ${error.message}`);
    throw error;
  }
}

/** The slot length of a schedule's first window: what a service created for it lasts. */
function firstSlotMinutes(definition: ScheduleDefinition): number {
  const windows = [...definition.weekly, ...(definition.exceptions ?? []).flatMap((e) => e.windows ?? [])];
  return windows[0]?.slotMinutes ?? 30;
}

const canonical = (definition: unknown) => JSON.stringify(scheduleDefinitionSchema.parse(definition));
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
const daysAfter = (date: string, days: number) =>
  new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

interface ImportSummary {
  services: string[];
  resources: string[];
  schedules: { id: string; service: string; resource: string | null; created: boolean }[];
  slots: { created: number; existing: number; from: string; to: string } | null;
}

async function importSchedules(
  runtime: Runtime,
  tenant: Tenant,
  schedules: Awaited<ReturnType<typeof readSchedules>>,
  weeks: number | undefined,
): Promise<ImportSummary> {
  const db = runtime.database.db;
  const access = operatorAsTenantAdmin(tenant.id);
  const summary: ImportSummary = { services: [], resources: [], schedules: [], slots: null };
  const names = (code: string) => ({ 'zh-CN': code, en: code });
  for (const schedule of schedules) {
    const service = await db
      .selectFrom('booking_services')
      .select('service_id')
      .where('tenant_id', '=', tenant.id)
      .where('code', '=', schedule.service)
      .executeTakeFirst();
    let serviceId = service?.service_id;
    if (!serviceId) {
      serviceId = await runtime.booking
        .createService(access, {
          code: schedule.service,
          names: names(schedule.service),
          durationMinutes: firstSlotMinutes(schedule.definition),
        })
        .then((created) => created.id);
      summary.services.push(schedule.service);
    }
    let resourceId: string | null = null;
    if (schedule.resource !== undefined) {
      const resource = await db
        .selectFrom('booking_resources')
        .select(['resource_id', 'service_id'])
        .where('tenant_id', '=', tenant.id)
        .where('code', '=', schedule.resource)
        .executeTakeFirst();
      if (resource && resource.service_id !== serviceId)
        throw new AppError(
          'conflict',
          `resource ${schedule.resource} belongs to another service than ${schedule.service}`,
        );
      resourceId = resource?.resource_id ?? null;
      if (!resource) {
        resourceId = (
          await runtime.booking.createResource(access, {
            code: schedule.resource,
            kind: 'practitioner',
            names: names(schedule.resource),
            serviceCode: schedule.service,
          })
        ).id;
        summary.resources.push(schedule.resource);
      }
    }
    const wanted = canonical(schedule.definition);
    const existing = await db
      .selectFrom('booking_schedules as h')
      .innerJoin('booking_services as v', (j) =>
        j.onRef('v.tenant_id', '=', 'h.tenant_id').onRef('v.service_id', '=', 'h.service_id'),
      )
      .select(['h.schedule_id', 'h.definition'])
      .where('h.tenant_id', '=', tenant.id)
      .where('v.code', '=', schedule.service)
      .where((eb) =>
        resourceId === null ? eb('h.resource_id', 'is', null) : eb('h.resource_id', '=', resourceId),
      )
      .where('h.active', '=', true)
      .execute();
    const same = existing.find((row) => canonical(row.definition) === wanted);
    const id =
      same?.schedule_id ??
      (
        await runtime.booking.createSchedule(access, {
          serviceCode: schedule.service,
          ...(schedule.resource === undefined ? {} : { resourceCode: schedule.resource }),
          definition: schedule.definition,
        })
      ).id;
    summary.schedules.push({
      id,
      service: schedule.service,
      resource: schedule.resource ?? null,
      created: same === undefined,
    });
  }
  if (weeks !== undefined) {
    const from = todayIn(tenant.timeZone);
    const to = daysAfter(from, weeks * 7 - 1);
    summary.slots = { created: 0, existing: 0, from, to };
    for (const { id } of summary.schedules) {
      const result = await runtime.booking.generateSlots(access, id, from, to);
      summary.slots.created += result.created;
      summary.slots.existing += result.existing;
    }
  }
  return summary;
}

function report(summary: ImportSummary): string {
  const lines = [
    ...summary.services.map((code) => `service\tcreated\t${code}`),
    ...summary.resources.map((code) => `resource\tcreated\t${code}`),
    ...summary.schedules.map(
      (s) =>
        `schedule\t${s.created ? 'created' : 'kept'}\t${s.id}\t${s.service}${s.resource ? `/${s.resource}` : ''}`,
    ),
  ];
  if (summary.slots)
    lines.push(
      `slots\t${summary.slots.created} created, ${summary.slots.existing} kept\t${summary.slots.from}..${summary.slots.to}`,
    );
  return lines.map((line) => `${line}\n`).join('');
}

export const bookingCommand: Command = {
  name: 'booking',
  summary: "Import a tenant's booking schedules from CSV; read or set its booking rules and templates",
  usage,
  async run(args, io) {
    const picked = subcommand('booking', args, ['import', 'settings']);
    if (!picked) return help(io, usage);
    if (picked.sub === 'settings') return runBookingSettings(picked.rest, io);
    const { values, positionals } = parse(
      picked.rest,
      { tenant: { type: 'string' }, 'generate-weeks': { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help) return help(io, usage);
    if (!values.tenant) throw new UsageError('--tenant is required');
    if (positionals.length !== 1) throw new UsageError('expected one CSV file');
    const weeks = weeksOf(values['generate-weeks']);
    const schedules = await readSchedules(positionals[0]!);

    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true });
    try {
      const tenant = await runtime.tenantCache.bySlug(values.tenant);
      if (!tenant) throw new AppError('not_found', `no tenant "${values.tenant}"`);
      const summary = await importSchedules(runtime, tenant, schedules, weeks);
      io.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : report(summary));
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

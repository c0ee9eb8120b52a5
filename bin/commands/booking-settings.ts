import { readFile } from 'node:fs/promises';
import { type Actor, AppError, isAppError, loadConfig } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

export const bookingSettingsUsage = `Usage: custos booking settings get --tenant SLUG
       custos booking settings set --tenant SLUG --file SETTINGS.json

Prints, or replaces, a tenant's booking rules and notice templates as JSON
{ "rules": {…}, "templates": {…} } (docs/booking.md, "Per-tenant settings"). A rule left out
takes its default; a bad field is refused with its path and nothing changes. Running servers
pick the change up at once.`;

/** The operator at the console acts for the tenant's administrator; the audit actor names the console. */
const asTenantAdmin = (tenantId: string): Actor =>
  ({
    kind: 'system',
    id: CLI_OPERATOR.id,
    role: 'tenant_admin',
    tenantId,
    roles: ['tenant_admin'],
    mfa: true,
  }) as Actor;

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError('validation_failed', `cannot read ${file} (${reason})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', `${file} is not JSON`);
  }
}

/** `custos booking settings get|set`. */
export async function runBookingSettings(args: readonly string[], io: CommandIo): Promise<number> {
  const picked = subcommand('booking settings', args, ['get', 'set']);
  if (!picked) return help(io, bookingSettingsUsage);
  const { values } = parse(picked.rest, { tenant: { type: 'string' }, file: { type: 'string' } });
  if (values.help) return help(io, bookingSettingsUsage);
  if (!values.tenant) throw new UsageError('--tenant is required');
  if (picked.sub === 'set' && !values.file) throw new UsageError('--file is required');
  if (picked.sub === 'get' && values.file) throw new UsageError('--file is for set');
  const input = picked.sub === 'set' ? await readJson(values.file as string) : undefined;

  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true });
  try {
    const tenant = await runtime.tenantCache.bySlug(values.tenant);
    if (!tenant) throw new AppError('not_found', `no tenant "${values.tenant}"`);
    const actor = asTenantAdmin(tenant.id);
    const settings =
      picked.sub === 'set'
        ? await runtime.bookingSettings.put(actor, tenant, input)
        : await runtime.bookingSettings.get(actor, tenant);
    io.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation_failed' || error.issues.length === 0) throw error;
    io.stderr.write(`custos: ${error.message}\n`);
    for (const issue of error.issues) io.stderr.write(`  ${issue.path || '(settings)'}: ${issue.message}\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}

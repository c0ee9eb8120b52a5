import { type Actor, loadConfig, withDataScope } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos analytics daily --tenant SLUG --from YYYY-MM-DD --to YYYY-MM-DD
                              [--queue QUEUE] [--format csv|json]

daily    Prints the tenant's daily service metrics for the local dates from..to (at most 366
         days, in the tenant's time zone) to stdout: conversations started, bot containment,
         hand-offs by reason, first-response and handle times (median, p90), SLA first-response
         breaches, CSAT and dispositions — counts and durations only (docs/analytics.md).
         --format csv (the default) is RFC 4180 with a header row, UTF-8 without a byte-order
         mark, and is recorded in the audit log as an export; json is the API's report.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function daily(
  io: CommandIo,
  v: { tenant?: string; from?: string; to?: string; queue?: string; format?: string },
): Promise<number> {
  if (!v.tenant) throw new UsageError('--tenant is required');
  if (!v.from || !DATE.test(v.from)) throw new UsageError('--from must be a date YYYY-MM-DD');
  if (!v.to || !DATE.test(v.to)) throw new UsageError('--to must be a date YYYY-MM-DD');
  const format = v.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true, sequencer: false });
  try {
    const tenant = await runtime.tenants.get(CLI_OPERATOR, v.tenant);
    // The console reads a tenant's aggregates as its tenant admin would, and is recorded as itself.
    const actor = {
      kind: 'system',
      id: CLI_OPERATOR.id,
      role: 'tenant_admin',
      tenantId: tenant.id,
      roles: ['tenant_admin'],
      mfa: true,
    } as Actor;
    const input = { from: v.from, to: v.to, ...(v.queue ? { queueId: v.queue } : {}) };
    await withDataScope({ kind: 'tenant', tenantId: tenant.id }, async () => {
      if (format === 'csv') io.stdout.write(await runtime.analytics.dailyCsv(actor, tenant, input));
      else
        io.stdout.write(`${JSON.stringify(await runtime.analytics.daily(actor, tenant, input), null, 2)}\n`);
    });
    return 0;
  } finally {
    await runtime.close();
  }
}

export const analyticsCommand: Command = {
  name: 'analytics',
  summary: 'Print a tenant’s daily service metrics as CSV or JSON',
  usage,
  async run(args, io) {
    const picked = subcommand('analytics', args, ['daily'] as const);
    if (!picked) return help(io, usage);
    const { values: v } = parse(picked.rest, {
      tenant: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      queue: { type: 'string' },
      format: { type: 'string' },
    });
    if (v.help) return help(io, usage);
    return daily(io, v);
  },
};

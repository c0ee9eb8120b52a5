import { loadConfig, newTenantSchema, type Tenant } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { allTenants, CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos tenant create --slug SLUG --name NAME --vertical medical|education
                            [--locale zh-CN] [--time-zone Asia/Shanghai] [--display-name en=NAME ...]
       custos tenant list [--json]

Creates or lists tenants in the configured database (applying pending migrations first).`;

function describe(tenant: Tenant): string {
  const other = Object.values(tenant.displayNames)[0];
  return `${tenant.slug}\t${tenant.name}${other ? ` / ${other}` : ''}\t${tenant.vertical}\t${tenant.locale}\t${tenant.timeZone}`;
}

export const tenantCommand: Command = {
  name: 'tenant',
  summary: 'Create and list tenants',
  usage,
  async run(args, io) {
    const picked = subcommand('tenant', args, ['create', 'list']);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values } = parse(rest, {
      slug: { type: 'string' },
      name: { type: 'string' },
      vertical: { type: 'string' },
      locale: { type: 'string' },
      'time-zone': { type: 'string' },
      'display-name': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, usage);

    let input: ReturnType<typeof newTenantSchema.parse> | undefined;
    if (sub === 'create') {
      const displayNames = Object.fromEntries(
        (values['display-name'] ?? []).map((pair) => {
          const at = pair.indexOf('=');
          if (at < 1) throw new UsageError(`--display-name expects LOCALE=NAME, got "${pair}"`);
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
      );
      const parsed = newTenantSchema.safeParse({
        slug: values.slug,
        name: values.name,
        vertical: values.vertical,
        locale: values.locale,
        timeZone: values['time-zone'],
        ...(Object.keys(displayNames).length > 0 ? { displayNames } : {}),
      });
      if (!parsed.success) {
        const flag = (path: string) =>
          `--${path.replace('timeZone', 'time-zone').replace('displayNames', 'display-name')}`;
        throw new UsageError(
          parsed.error.issues.map((i) => `${flag(String(i.path[0]))}: ${i.message}`).join('; '),
        );
      }
      input = parsed.data;
    }

    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true });
    try {
      if (input) {
        const tenant = await runtime.tenants.create(CLI_OPERATOR, input);
        io.stdout.write(values.json ? `${JSON.stringify(tenant)}\n` : `created\t${describe(tenant)}\n`);
        return 0;
      }
      const all = await allTenants(runtime);
      io.stdout.write(values.json ? `${JSON.stringify(all)}\n` : all.map((t) => `${describe(t)}\n`).join(''));
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

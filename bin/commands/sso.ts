import { loadConfig } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos sso add --tenant SLUG --id ID --issuer URL --client-id ID --client-secret-stdin
                       [--name NAME] [--scope SCOPE ...] [--login-claim CLAIM] [--roles-claim CLAIM]
                       [--map VALUE=ROLE ...] [--allow-privileged-roles] [--provision]
                       [--mfa-acr VALUE ...] [--json]
       custos sso list --tenant SLUG [--json]
       custos sso disable --tenant SLUG --id ID

Configures a tenant's OpenID Connect identity providers for staff single sign-on (applying pending
migrations first); every change is audited. The client secret is read from the first line of
standard input (it never appears in the process list) and stored encrypted.

  --issuer           the provider's issuer (https; http only on a loopback host)
  --scope            scopes besides openid (default: profile)
  --login-claim      the claim whose value is the Custos login name (default: preferred_username)
  --roles-claim      the claim holding group or role values, e.g. groups
  --map VALUE=ROLE   a value of the roles claim grants a Custos role (agent, supervisor, clinician,
                     admissions_officer; tenant_admin and auditor need --allow-privileged-roles)
  --provision        create an unknown user at first sign-in with the mapped roles (default: only
                     link to an existing user of the same login name)
  --mfa-acr          an acr value that counts as a second factor (besides amr mfa, otp, hwk, swk, sc)

Sign-in starts at  /api/v1/tenants/SLUG/auth/sso/ID/start; register this redirect URI at the provider:
                   CUSTOS_PUBLIC_URL/api/v1/tenants/SLUG/auth/sso/ID/callback`;

async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function mappingOf(pairs: readonly string[]) {
  return pairs.map((pair) => {
    const at = pair.lastIndexOf('=');
    if (at < 1 || at === pair.length - 1) throw new UsageError(`--map expects VALUE=ROLE, got "${pair}"`);
    return { value: pair.slice(0, at), role: pair.slice(at + 1) };
  });
}

const options = {
  tenant: { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  scope: { type: 'string', multiple: true },
  'login-claim': { type: 'string' },
  'roles-claim': { type: 'string' },
  map: { type: 'string', multiple: true },
  'allow-privileged-roles': { type: 'boolean' },
  provision: { type: 'boolean' },
  'mfa-acr': { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

async function withRuntime<T>(
  io: CommandIo,
  work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
) {
  const config = loadConfig(io.env);
  const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export const ssoCommand: Command = {
  name: 'sso',
  summary: "Configure tenants' identity providers for staff single sign-on",
  usage,
  async run(args, io) {
    const picked = subcommand('sso', args, ['add', 'list', 'disable']);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values } = parse(rest, options);
    if (values.help) return help(io, usage);
    const tenant = values.tenant;
    if (!tenant) throw new UsageError('--tenant is required');

    if (sub === 'list') {
      return withRuntime(io, async (runtime) => {
        const all = await runtime.identity.sso.providers.list(CLI_OPERATOR, tenant);
        if (values.json) io.stdout.write(`${JSON.stringify(all)}\n`);
        else
          for (const p of all)
            io.stdout.write(
              `${p.id}\t${p.enabled ? 'enabled' : 'disabled'}\t${p.issuer}\t${p.firstSignIn}\t${p.roleMapping.map((m) => `${m.value}=${m.role}`).join(',')}\n`,
            );
        return 0;
      });
    }
    const id = values.id;
    if (!id) throw new UsageError('--id is required');
    if (sub === 'disable') {
      return withRuntime(io, async (runtime) => {
        await runtime.identity.sso.providers.disable(CLI_OPERATOR, tenant, id);
        io.stdout.write(`disabled\t${id}\n`);
        return 0;
      });
    }

    if (!values.issuer) throw new UsageError('--issuer is required');
    if (!values['client-id']) throw new UsageError('--client-id is required');
    if (!values['client-secret-stdin'])
      throw new UsageError('--client-secret-stdin is required (the secret is read from standard input)');
    const roleMapping = mappingOf(values.map ?? []);
    const clientSecret = await readFirstLine(io.stdin);
    return withRuntime(io, async (runtime) => {
      const provider = await runtime.identity.sso.providers.add(CLI_OPERATOR, {
        tenantSlug: tenant,
        id,
        issuer: values.issuer as string,
        clientId: values['client-id'] as string,
        clientSecret,
        ...(values.name ? { displayName: values.name } : {}),
        ...(values.scope ? { scopes: values.scope } : {}),
        ...(values['login-claim'] ? { loginClaim: values['login-claim'] } : {}),
        ...(values['roles-claim'] ? { rolesClaim: values['roles-claim'] } : {}),
        roleMapping,
        allowPrivileged: values['allow-privileged-roles'] ?? false,
        firstSignIn: values.provision ? 'provision' : 'link',
        ...(values['mfa-acr'] ? { mfaAcrValues: values['mfa-acr'] } : {}),
      });
      const callback = `${runtime.config.publicUrl}/api/v1/tenants/${tenant}/auth/sso/${provider.id}/callback`;
      if (values.json) io.stdout.write(`${JSON.stringify({ ...provider, redirectUri: callback })}\n`);
      else io.stdout.write(`created\t${provider.id}\t${provider.issuer}\nredirect_uri\t${callback}\n`);
      return 0;
    });
  },
};

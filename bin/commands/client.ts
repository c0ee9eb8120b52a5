import { readFile } from 'node:fs/promises';
import { loadConfig, type ServiceClient } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos client create --tenant SLUG --name NAME --jwk FILE --scope SCOPE [--scope SCOPE ...] [--json]
       custos client list --tenant SLUG [--json]
       custos client disable --tenant SLUG --client CLIENT_ID

Registers OAuth 2.0 service clients of a tenant (applying pending migrations first). A client
authenticates at POST /api/v1/tenants/SLUG/oauth/token with a JWT signed by its own private key
(private_key_jwt, RFC 7523); --jwk names a file with its public key as a JWK or a JWK Set (a
file holding a private key is refused). NAME names the system, e.g. "HIS appointment sync".
Scopes are area:verb words; a token carries those requested that the client is allowed. create
prints the client id, which the client uses as iss and sub of its assertions.`;

const describe = (client: ServiceClient) =>
  `${client.clientId}\t${client.displayName}\t${client.scopes.join(' ')}\t${client.disabled ? 'disabled' : 'enabled'}\tkeys ${client.keyIds.join(',')}`;

async function readJwk(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --jwk ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--jwk ${path} is not JSON (expected a JWK or a JWK Set)`);
  }
}

export const clientCommand: Command = {
  name: 'client',
  summary: 'Register, list and disable OAuth service clients',
  usage,
  async run(args, io) {
    const picked = subcommand('client', args, ['create', 'list', 'disable']);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values } = parse(rest, {
      tenant: { type: 'string' },
      name: { type: 'string' },
      jwk: { type: 'string' },
      scope: { type: 'string', multiple: true },
      client: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, usage);
    const tenant = values.tenant;
    if (!tenant) throw new UsageError('--tenant is required');
    if (sub === 'create') {
      if (!values.name) throw new UsageError('--name is required');
      if (!values.jwk) throw new UsageError('--jwk is required');
      if (!values.scope?.length) throw new UsageError('--scope is required');
    }
    if (sub === 'disable' && !values.client) throw new UsageError('--client is required');
    const jwks = sub === 'create' ? await readJwk(values.jwk as string) : undefined;

    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, createProcessLogger(config), {
      migrate: true,
      sequencer: false,
    });
    try {
      const clients = runtime.identity.clients;
      if (sub === 'create') {
        const client = await clients.create(CLI_OPERATOR, {
          tenantSlug: tenant,
          displayName: values.name as string,
          jwks,
          scopes: values.scope ?? [],
        });
        const tokenEndpoint = `${config.publicUrl.replace(/\/+$/, '')}/api/v1/tenants/${tenant}/oauth/token`;
        io.stdout.write(
          values.json
            ? `${JSON.stringify({ ...client, tokenEndpoint })}\n`
            : `created\t${describe(client)}\ntoken endpoint\t${tokenEndpoint}\n`,
        );
      } else if (sub === 'list') {
        const all = await clients.list(CLI_OPERATOR, tenant);
        io.stdout.write(
          values.json ? `${JSON.stringify(all)}\n` : all.map((c) => `${describe(c)}\n`).join(''),
        );
      } else {
        await clients.disable(CLI_OPERATOR, tenant, values.client as string);
        io.stdout.write(`disabled\t${values.client}\n`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

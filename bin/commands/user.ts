import { isQueueId, loadConfig } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos user create --tenant SLUG --login NAME --role ROLE [--role ROLE ...]
                          [--queue ID ...] [--password-stdin | --password PASSWORD] [--json]

Creates a staff account in the configured database (applying pending migrations first), e.g. a
tenant's first tenant_admin. The password is read from the first line of standard input with
--password-stdin (preferred: a --password flag is visible in the process list and shell history).
Roles that require a second factor (tenant_admin, auditor, clinician) are enrolled at once: the
command prints the otpauth:// URI to add to an authenticator app; it is shown only this once.
--queue (repeatable) names a queue the account works, e.g. --queue front-desk: agents and
supervisors see the waiting conversations of their queues.`;

async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function passwordOf(values: { password?: string; 'password-stdin'?: boolean }, io: CommandIo) {
  if (values.password !== undefined && values['password-stdin'])
    throw new UsageError('give either --password or --password-stdin, not both');
  if (values.password !== undefined) return values.password;
  if (values['password-stdin']) return readFirstLine(io.stdin);
  throw new UsageError('a password is required: --password-stdin (preferred) or --password');
}

export const userCommand: Command = {
  name: 'user',
  summary: 'Create staff accounts',
  usage,
  async run(args, io) {
    const picked = subcommand('user', args, ['create']);
    if (!picked) return help(io, usage);
    const { rest } = picked;
    const { values } = parse(rest, {
      tenant: { type: 'string' },
      login: { type: 'string' },
      role: { type: 'string', multiple: true },
      queue: { type: 'string', multiple: true },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, usage);
    if (!values.tenant) throw new UsageError('--tenant is required');
    if (!values.login) throw new UsageError('--login is required');
    if (!values.role?.length) throw new UsageError('--role is required');
    const queueIds = values.queue ?? [];
    const badQueue = queueIds.find((id) => !isQueueId(id));
    if (badQueue !== undefined)
      throw new UsageError(
        `--queue "${badQueue}" is not a queue id (a-z first, then a-z, 0-9 and -, at most 48 characters)`,
      );
    const password = await passwordOf(values, io);

    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, createProcessLogger(config), { migrate: true });
    try {
      const { user, totpUri } = await runtime.identity.users.create(CLI_OPERATOR, {
        tenantSlug: values.tenant,
        loginName: values.login,
        roles: values.role,
        queueIds,
        password,
      });
      if (values.json) {
        const out = {
          id: user.id,
          loginName: user.loginName,
          roles: user.roles,
          queueIds: user.queueIds,
          ...(totpUri ? { totpUri } : {}),
        };
        io.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        io.stdout.write(`created\t${user.id}\t${user.loginName}\t${user.roles.join(',')}\n`);
        if (user.queueIds.length > 0) io.stdout.write(`queues\t${user.queueIds.join(',')}\n`);
        if (totpUri) io.stdout.write(`totp\t${totpUri}\n`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

import { loadConfig, type SigningKeyInfo } from '../../core/index.ts';
import { parse, subcommand } from '../args.ts';
import { CLI_OPERATOR } from '../cli-actor.ts';
import type { Command } from '../command.ts';
import { createProcessLogger, openRuntime } from '../runtime.ts';
import { help } from './serve.ts';

const usage = `Usage: custos signing-key rotate [--retire-previous-now] [--json]
       custos signing-key list [--json]

Access tokens are signed with a key kept in the database (wrapped by the root key) and shared by
every process. rotate makes a new key the signing key; the previous one keeps verifying until
every token it signed has expired, then retires. Running processes pick the new key up within a
minute. --retire-previous-now is for a key suspected stolen: every older key stops verifying at
once, which signs everyone out whose token it signed. Each rotation is recorded in every
tenant's audit log. list shows each key's kid, algorithm, state and times.`;

const iso = (date: Date | null) => (date ? date.toISOString() : '-');

const describe = (key: SigningKeyInfo) =>
  `${key.kid}\t${key.alg}\t${key.state}\tcreated ${iso(key.createdAt)}\tactivated ${iso(key.activatedAt)}\tretire ${iso(key.retireAt)}`;

export const signingKeyCommand: Command = {
  name: 'signing-key',
  summary: 'Rotate and list the access-token signing keys',
  usage,
  async run(args, io) {
    const picked = subcommand('signing-key', args, ['rotate', 'list']);
    if (!picked) return help(io, usage);
    const { sub, rest } = picked;
    const { values } = parse(rest, {
      'retire-previous-now': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) return help(io, usage);

    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, createProcessLogger(config), {
      migrate: true,
      sequencer: false,
    });
    try {
      const keys = runtime.identity.signingKeyAdmin;
      if (!keys) throw new Error('signing keys are not stored in this configuration');
      if (sub === 'list') {
        const all = await keys.list(CLI_OPERATOR);
        io.stdout.write(
          values.json ? `${JSON.stringify(all)}\n` : all.map((k) => `${describe(k)}\n`).join(''),
        );
        return 0;
      }
      const result = await keys.rotate(CLI_OPERATOR, {
        retirePreviousNow: values['retire-previous-now'] ?? false,
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        io.stdout.write(`active\t${result.activated.kid}\t${result.activated.alg}\n`);
        for (const key of result.retiring)
          io.stdout.write(`retiring\t${key.kid}\tuntil ${iso(key.retireAt)}\n`);
        for (const kid of result.retired) io.stdout.write(`retired\t${kid}\n`);
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

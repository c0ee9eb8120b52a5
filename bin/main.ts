import { ConfigError, isAppError } from '../core/index.ts';
import { type Command, type CommandIo, UsageError } from './command.ts';
import { analyticsCommand } from './commands/analytics.ts';
import { auditCommand } from './commands/audit.ts';
import { bookingCommand } from './commands/booking.ts';
import { clientCommand } from './commands/client.ts';
import { demoCommand } from './commands/demo.ts';
import { keysCommand } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { createNluCommand } from './commands/nlu.ts';
import { privacyCommand } from './commands/privacy.ts';
import { serveCommand } from './commands/serve.ts';
import { signingKeyCommand } from './commands/signing-key.ts';
import { ssoCommand } from './commands/sso.ts';
import { tenantCommand } from './commands/tenant.ts';
import { userCommand } from './commands/user.ts';
import { packNlu } from './packs.ts';
import { version } from './version.ts';

const commands: readonly Command[] = [
  serveCommand,
  demoCommand,
  migrateCommand,
  tenantCommand,
  userCommand,
  bookingCommand,
  ssoCommand,
  clientCommand,
  signingKeyCommand,
  auditCommand,
  analyticsCommand,
  privacyCommand,
  keysCommand,
  createNluCommand(packNlu),
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Custos ${version} — compliance-first online customer service for hospitals and schools

Usage: custos <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run \`custos <command> --help\` for a command's options. Configuration comes from CUSTOS_*
environment variables (see README.md).`;
}

const processIo: CommandIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/**
 * Exit codes: 0 success, 1 the command failed, 2 bad arguments or configuration.
 * Every failure is one line on stderr; stack traces are for the logs, not for the terminal.
 */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(`${overview()}\n`);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"; run \`custos --help\``);
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`custos: ${message.split('\n')[0]}\n`);
    if (error instanceof UsageError || error instanceof ConfigError) return 2;
    if (!isAppError(error) && process.env.CUSTOS_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

import { exitOnSignals, loadConfig, startServer } from '../../core/index.ts';
import { parse } from '../args.ts';
import type { Command, CommandIo } from '../command.ts';
import {
  createHttpApp,
  createProcessLogger,
  createSocketsFor,
  openRuntime,
  type Runtime,
} from '../runtime.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the HTTP server',
  usage: `Usage: custos serve [--no-migrate]

Runs the HTTP server on CUSTOS_HOST:CUSTOS_PORT until SIGTERM or SIGINT, then drains in-flight
requests and exits 0. Pending migrations are applied first (safe with several processes: they
take turns under a lock) unless --no-migrate is given; then /readyz stays 503 until
\`custos migrate\` has run.`,
  async run(args, io) {
    const { values } = parse(args, { 'no-migrate': { type: 'boolean' } });
    if (values.help) return help(io, serveCommand.usage);
    const config = loadConfig(io.env);
    const logger = createProcessLogger(config);
    const runtime = await openRuntime(config, logger, { migrate: !values['no-migrate'] });
    await serveUntilSignal(runtime);
    return 0;
  },
};

/** Starts listening and installs the signal handlers that drain, close the database and exit. */
export async function serveUntilSignal(runtime: Runtime): Promise<string> {
  const { config, logger } = runtime;
  const app = createHttpApp(runtime);
  const upgrades = createSocketsFor(runtime);
  const server = await startServer({
    fetch: app.fetch,
    host: config.host,
    port: config.port,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logger,
    upgrades,
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  exitOnSignals(async () => {
    await server.close();
    await runtime.close();
  }, logger);
  logger.info({ url: server.url, database: runtime.database.dialect, env: config.env }, 'listening');
  return server.url;
}

export function help(io: CommandIo, usage: string): number {
  io.stdout.write(`${usage}\n`);
  return 0;
}

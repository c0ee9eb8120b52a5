import { loadConfig, migrateToLatest, migrationStatus, openDatabase } from '../../core/index.ts';
import { parse } from '../args.ts';
import type { Command } from '../command.ts';
import { allMigrations, createProcessLogger } from '../runtime.ts';
import { help } from './serve.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations',
  usage: `Usage: custos migrate [--status]

Applies every pending migration to the configured database (CUSTOS_DATABASE_URL, or the embedded
database in CUSTOS_DATA_DIR). With --status, only lists what is pending and exits 1 if anything is.`,
  async run(args, io) {
    const { values } = parse(args, { status: { type: 'boolean' } });
    if (values.help) return help(io, migrateCommand.usage);
    const config = loadConfig(io.env);
    const logger = createProcessLogger(config);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    try {
      if (values.status) {
        const status = await migrationStatus(database.db, allMigrations);
        for (const name of status.pending) io.stdout.write(`pending  ${name}\n`);
        for (const name of status.unknown) io.stdout.write(`unknown  ${name} (applied by a newer Custos)\n`);
        if (status.pending.length === 0 && status.unknown.length === 0) io.stdout.write('up to date\n');
        return status.pending.length === 0 ? 0 : 1;
      }
      const applied = await migrateToLatest(database.db, allMigrations);
      io.stdout.write(
        applied.length > 0 ? applied.map((name) => `applied  ${name}\n`).join('') : 'up to date\n',
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};

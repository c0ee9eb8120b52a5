import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataScope } from '../context/data-scope.ts';
import { pgliteListen, postgresListen, trackListeners } from '../realtime/database-listener.ts';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { rowSecurityDialect } from './row-security.ts';
import type { Database } from './schema.ts';
import { PG_TYPE, parseDate, parseInt8 } from './type-parsers.ts';

export type DialectName = 'pglite' | 'postgres';

/** What the connected database can do; code that needs a missing feature says so, never skips. */
export interface DatabaseCapabilities {
  /** Several Custos processes may share this database. */
  readonly multiProcess: boolean;
  /** Server-side cursors for streaming large results. */
  readonly streaming: boolean;
}

export interface DatabaseHandle {
  /** As connected: the owner of the schema, for migrations and maintenance. */
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly capabilities: DatabaseCapabilities;
  /**
   * The application's view of the same database: every query runs as `custos_app` under
   * row-level security, with the scope `scopeOf` gives at each acquisition (row-security.ts).
   * Built on first call (on PostgreSQL, with a pool of its own); closed with the handle.
   */
  readonly rowSecured: (scopeOf: () => DataScope) => Kysely<Database>;
  /**
   * LISTEN on `channel` (core/realtime/database-listener.ts): PostgreSQL on a dedicated connection
   * that reconnects with backoff and then calls `onReconnect` (notifications in between are lost);
   * PGlite in process. `pg_notify` needs no privilege, so `custos_app` writers reach it. Resolves
   * to a function that stops listening; closing the handle stops every listener.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; unset means embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly poolSize?: number;
  readonly logger: Logger;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.logger)
    : openPGlite(join(options.dataDir, 'pglite'), options.logger);
}

function openPostgres(url: string, max: number, logger: Logger): DatabaseHandle {
  const newPool = () => {
    const pool = new pg.Pool({
      connectionString: url,
      max,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === PG_TYPE.int8) return parseInt8;
          if (oid === PG_TYPE.date) return parseDate;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its connection must not take the process down.
    pool.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
    return pool;
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: newPool() }) });
  let secured: Kysely<Database> | undefined;
  const listeners = trackListeners(postgresListen(url, logger));
  return {
    db,
    dialect: 'postgres',
    capabilities: { multiProcess: true, streaming: true },
    rowSecured(scopeOf) {
      secured ??= new Kysely<Database>({
        dialect: rowSecurityDialect(new PostgresDialect({ pool: newPool() }), { scopeOf, shared: false }),
      });
      return secured;
    },
    listen: listeners.listen,
    async close() {
      await listeners.stopAll();
      await secured?.destroy();
      await db.destroy();
    },
  };
}

/** Opens (creating if needed) an embedded database; a directory lock keeps out a second process. */
export async function openPGlite(directory: string | undefined, logger: Logger): Promise<DatabaseHandle> {
  let lock: DirectoryLock | undefined;
  if (directory) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    lock = acquireDirectoryLock(directory);
  }
  try {
    const pglite = new PGlite({ ...(directory ? { dataDir: directory } : {}), parsers: pgliteParsers });
    await pglite.waitReady;
    return wrapPGlite(pglite, logger, () => lock?.release());
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Wraps an already-open PGlite instance (the test harness loads them from a template). */
export function wrapPGlite(pglite: PGlite, logger: Logger, onClose?: () => void): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let secured: Kysely<Database> | undefined;
  let closed = false;
  const listeners = trackListeners(pgliteListen(pglite, db));
  return {
    db,
    dialect: 'pglite',
    capabilities: { multiProcess: false, streaming: false },
    rowSecured(scopeOf) {
      // One backend for both views: each use puts the session back as the owner left it.
      secured ??= new Kysely<Database>({
        dialect: rowSecurityDialect(new PGliteDialect(pglite), { scopeOf, shared: true }),
      });
      return secured;
    },
    listen: listeners.listen,
    async close() {
      if (closed) return;
      closed = true;
      await listeners.stopAll();
      await secured?.destroy();
      await db.destroy();
      await pglite.close().catch((error: unknown) => logger.warn({ err: error }, 'closing PGlite failed'));
      onClose?.();
    },
  };
}

export const pgliteParsers = {
  [PG_TYPE.int8]: parseInt8,
  [PG_TYPE.date]: parseDate,
  [PG_TYPE.bytea]: (text: string) => Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex'),
};

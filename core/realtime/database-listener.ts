import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';

/**
 * LISTEN for a database handle (core/db/database.ts): `onPayload` for every notification on the
 * channel; `onReconnect` after the connection was lost and re-established (notifications sent
 * meanwhile are gone, so the caller re-reads). Resolves to a function that stops listening.
 */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect: () => void,
) => Promise<() => Promise<void>>;

/** How the LISTEN connections show in `pg_stat_activity`. */
export const LISTEN_APPLICATION_NAME = 'custos-listen';

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

function checkChannel(channel: string): void {
  // The channel is an identifier in LISTEN, which takes no parameters.
  if (!CHANNEL.test(channel)) throw new TypeError('the channel must be a plain lower-case identifier');
}

/**
 * Listeners opened through a handle, stopped when the handle closes — including one still
 * connecting when the handle closes (a bus opened without waiting for its LISTEN): closing waits
 * for it and stops it, so no connection outlives its handle.
 */
export function trackListeners(listen: Listen): { listen: Listen; stopAll(): Promise<void> } {
  const open = new Set<() => Promise<void>>();
  const starting = new Set<Promise<unknown>>();
  let closed = false;
  return {
    listen(channel, onPayload, onReconnect) {
      if (closed) return Promise.reject(new Error('the database handle is closed'));
      const operation = (async () => {
        const stop = await listen(channel, onPayload, onReconnect);
        if (closed) {
          await stop();
          throw new Error('the database handle was closed while LISTEN started');
        }
        const tracked = async () => {
          open.delete(tracked);
          await stop();
        };
        open.add(tracked);
        return tracked;
      })();
      starting.add(operation);
      operation.then(
        () => starting.delete(operation),
        () => starting.delete(operation),
      );
      return operation;
    },
    async stopAll() {
      closed = true;
      await Promise.allSettled([...starting]);
      for (const stop of [...open]) await stop();
    },
  };
}

/**
 * PostgreSQL: one dedicated client per listener, outside the pools (a pooled connection would
 * be handed back and its LISTEN lost). When it drops, it reconnects with capped, jittered
 * exponential backoff and then calls `onReconnect`.
 */
export function postgresListen(url: string, logger: Logger): Listen {
  return async (channel, onPayload, onReconnect) => {
    checkChannel(channel);
    let client: pg.Client | undefined;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let failures = 0;

    const lost = (which: pg.Client, error?: unknown) => {
      if (which !== client || stopped) return;
      client = undefined;
      logger.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting');
      which.end().catch(() => {});
      schedule();
    };

    async function connect(): Promise<pg.Client> {
      // Keepalive: a connection that died silently (a dropped route) is noticed and replaced.
      const next = new pg.Client({
        connectionString: url,
        application_name: LISTEN_APPLICATION_NAME,
        keepAlive: true,
      });
      next.on('notification', (message) => {
        if (message.channel === channel && typeof message.payload === 'string') onPayload(message.payload);
      });
      // Always handled: an unhandled 'error' would take the process down.
      next.on('error', (error) => lost(next, error));
      next.on('end', () => lost(next));
      try {
        await next.connect();
        await next.query(`LISTEN ${channel}`);
      } catch (error) {
        await next.end().catch(() => {});
        throw error;
      }
      return next;
    }

    function schedule() {
      if (stopped || timer) return;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures) * (0.5 + Math.random() / 2);
      failures++;
      timer = setTimeout(() => {
        timer = undefined;
        void reconnect();
      }, delay);
    }

    async function reconnect() {
      if (stopped) return;
      try {
        const next = await connect();
        if (stopped) {
          await next.end().catch(() => {});
          return;
        }
        client = next;
        failures = 0;
        logger.info({ channel }, 'LISTEN connection re-established');
      } catch (error) {
        logger.warn({ err: error, channel }, 'LISTEN reconnection failed');
        schedule();
        return;
      }
      try {
        onReconnect();
      } catch (error) {
        logger.error({ err: error, channel }, 'resynchronising after reconnection failed');
      }
    }

    client = await connect();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    };
  };
}

/**
 * PGlite: its own LISTEN (one process, one backend, no connection to lose). LISTEN and UNLISTEN
 * run in a connection's turn on that backend (pglite-dialect.ts), never inside another caller's
 * open transaction, where a rollback would undo them.
 */
export function pgliteListen(pglite: PGlite, db: Kysely<Database>): Listen {
  return async (channel, onPayload) => {
    checkChannel(channel);
    const stop = await db.connection().execute(() => pglite.listen(channel, onPayload));
    let stopped = false;
    return async () => {
      if (stopped || pglite.closed) return;
      stopped = true;
      await db.connection().execute(() => stop());
    };
  };
}

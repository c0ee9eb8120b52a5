import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Payloads per statement: far below the parameter limit, and one short transaction each. */
const BATCH = 200;
/** Under load, one statement per this many milliseconds at most; when idle, at once. */
export const NOTIFY_INTERVAL_MS = 4;

interface Pending {
  readonly payload: string;
  readonly done: () => void;
  readonly failed: (error: unknown) => void;
}

/**
 * NOTIFYs sent after their writes committed, outside them. A NOTIFY inside a writing transaction
 * takes PostgreSQL's notification lock at commit and holds it through the WAL flush, so every
 * notifying commit of the database waits for the one before it (measured: a plain insert at
 * ~3,700/s, the same insert with pg_notify at ~1,300/s). A statement that only notifies writes no
 * WAL and holds the lock for microseconds. Payloads go out in the order they were queued, many
 * per statement, one statement at a time and at most one per NOTIFY_INTERVAL_MS: the round trips
 * (the main cost of a write on the client) stay few as the load grows, and order is kept.
 */
export function createNotifyQueue(db: Kysely<Database>, channel: string, onError: (error: unknown) => void) {
  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let lastSent = 0;

  async function drain() {
    while (queue.length > 0) {
      const wait = lastSent + NOTIFY_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = queue.slice(0, BATCH);
      queue = queue.slice(batch.length);
      lastSent = Date.now();
      try {
        const calls = batch.map(({ payload }) => sql`pg_notify(${channel}, ${payload})`);
        await sql`select ${sql.join(calls)}`.execute(db);
        for (const item of batch) item.done();
      } catch (error) {
        onError(error);
        for (const item of batch) item.failed(error);
      }
    }
    draining = undefined;
  }

  return {
    /** Resolves once the payload was handed to PostgreSQL; a failure also goes to `onError`. */
    send(payload: string): Promise<void> {
      const sent = new Promise<void>((done, failed) => queue.push({ payload, done, failed }));
      draining ??= drain();
      return sent;
    },
    /** Waits for everything queued so far. */
    async flush(): Promise<void> {
      while (draining) await draining;
    },
  };
}

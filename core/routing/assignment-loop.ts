import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { goOfflineIfSilent } from './presence.store.ts';
import { assignAll } from './routing.store.ts';

/**
 * The background side of routing: every interval, each tenant with conversations waiting in an
 * `auto` queue gets an `assignAll`, and agents who stopped sending heartbeats go offline.
 *
 * Several processes may run this at once: `assignNext` is atomic on its own (routing.store.ts),
 * and a session advisory lock per tenant keeps the processes on different tenants rather than
 * contending for the same rows. A tenant whose lock is taken is skipped for this pass; the
 * process holding it is assigning there already.
 */
export interface AssignmentLoopOptions {
  /** A view of the database that sees every tenant's rows (platform scope). */
  readonly db: Kysely<Database>;
  readonly intervalMs: number;
  readonly logger: Pick<Logger, 'error' | 'debug'>;
  /** When set, agents silent for longer go offline before each pass. */
  readonly staleAfterMs?: number;
  readonly now?: () => Date;
}

export interface AssignmentLoop {
  /** Stops scheduling passes and resolves once the running one (if any) has finished. */
  stop(): Promise<void>;
}

export interface PassResult {
  readonly tenantId: string;
  readonly assigned: number;
}

/**
 * How long an agent may go unheard before the loop takes them offline (`staleAfterMs` of the
 * running product): a staff socket refreshes its agent's presence every 20 s at most, and a
 * disconnected agent is taken offline after a grace of at most 60 s (staff-presence.ts), so only
 * agents whose process died — no socket left to close — wait for this.
 */
export const STALE_PRESENCE_MS = 90_000;

// pg_try_advisory_lock(int4, int4): this constant names the routing pass, the second key the tenant.
const LOCK_CLASS = 0x0c57_0201;

/** Tenants with a conversation waiting in a queue that is not `pick` (no settings row means `auto`). */
async function tenantsWaiting(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ tenant_id: string }>`
    select distinct c.tenant_id from conversations c
    where c.status = 'queued' and c.queue_id is not null
      and not exists (select 1 from routing_queues q
                      where q.tenant_id = c.tenant_id and q.queue_id = c.queue_id and q.mode = 'pick')
    order by c.tenant_id`.execute(db);
  return rows.map((r) => r.tenant_id);
}

/**
 * One pass over every tenant, each on one connection holding the tenant's advisory lock for the
 * duration of its `assignAll`. Returns the tenants worked and what each got.
 */
export async function runAssignmentPass(
  db: Kysely<Database>,
  options: { readonly now?: Date; readonly logger?: Pick<Logger, 'error'> } = {},
): Promise<PassResult[]> {
  const results: PassResult[] = [];
  for (const tenantId of await tenantsWaiting(db)) {
    try {
      const assigned = await db.connection().execute(async (conn) => {
        const { rows } = await sql<{ locked: boolean }>`
          select pg_try_advisory_lock(${LOCK_CLASS}::int, hashtext(${tenantId})) as locked`.execute(conn);
        if (!rows[0]?.locked) return undefined;
        try {
          const done = await assignAll(conn, { tenantId, now: options.now ?? new Date() });
          return done.length;
        } finally {
          await sql`select pg_advisory_unlock(${LOCK_CLASS}::int, hashtext(${tenantId}))`.execute(conn);
        }
      });
      if (assigned !== undefined) results.push({ tenantId, assigned });
    } catch (error) {
      // One tenant's failure must not starve the others; the next pass tries it again.
      options.logger?.error({ err: error, tenantId }, 'assignment pass failed for a tenant');
    }
  }
  return results;
}

/**
 * Agents whose last heartbeat (`last_seen_at`) is older than `staleAfterMs` go offline, which
 * gives their conversations back to their queues. Returns who went offline.
 */
export async function sweepStalePresence(
  db: Kysely<Database>,
  options: { readonly staleAfterMs: number; readonly now?: Date },
): Promise<{ tenantId: string; userId: string; requeued: string[] }[]> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.staleAfterMs);
  const stale = await db
    .selectFrom('agent_presence')
    .select(['tenant_id', 'user_id'])
    .where('status', '<>', 'offline')
    .where('last_seen_at', '<', cutoff)
    .orderBy('tenant_id')
    .orderBy('user_id')
    .execute();
  const swept: { tenantId: string; userId: string; requeued: string[] }[] = [];
  // Older than the cutoff, to the millisecond the heartbeats are written with.
  const silentSince = new Date(cutoff.getTime() - 1);
  for (const { tenant_id: tenantId, user_id: userId } of stale) {
    // Checked again as it goes offline: a heartbeat since the read above keeps the agent online,
    // and an account deleted meanwhile has nothing left to take offline.
    const requeued = await goOfflineIfSilent(db, tenantId, userId, silentSince, now);
    if (requeued) swept.push({ tenantId, userId, requeued });
  }
  return swept;
}

/**
 * Runs a pass now and then every `intervalMs` after the previous one ends, so passes never overlap
 * in one process.
 */
export function startAssignmentLoop(options: AssignmentLoopOptions): AssignmentLoop {
  const { db, intervalMs, logger } = options;
  const now = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    try {
      if (options.staleAfterMs !== undefined) {
        const swept = await sweepStalePresence(db, { staleAfterMs: options.staleAfterMs, now: now() });
        if (swept.length > 0) logger.debug({ agents: swept.length }, 'stale agents went offline');
      }
      const results = await runAssignmentPass(db, { now: now(), logger });
      const assigned = results.reduce((sum, r) => sum + r.assigned, 0);
      if (assigned > 0) logger.debug({ assigned, tenants: results.length }, 'conversations assigned');
    } catch (error) {
      logger.error({ err: error }, 'assignment pass failed');
    }
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = pass().finally(() => {
      running = undefined;
      if (stopped) return;
      timer = setTimeout(tick, intervalMs);
      // The loop never keeps a process alive on its own: closing the runtime stops it.
      timer.unref();
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

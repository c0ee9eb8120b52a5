import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { accessActorOf } from '../access/actor-ability.ts';
import { OPERATIONS_ROLES } from '../access/roles.ts';
import { withDataScope } from '../context/data-scope.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { goOfflineIfSilent, type PresenceInput, touch } from './presence.store.ts';
import type { MyPresence, RoutingService, RoutingTenant } from './routing.service.ts';

/**
 * Presence kept by the staff socket (core/channels/socket-connection.ts), per process:
 *
 * - A socket of a staff member who works queues (an operations role, as for the HTTP presence
 *   route) refreshes their `last_seen_at`: when it authenticates, on client `ping` frames (at most
 *   one write per `minTouchMs`), and every `refreshMs` for every such staff member connected here,
 *   one statement per tenant. Connecting never changes the status: an agent chooses online or away.
 * - When a staff member's last socket in this process closes, a grace period starts. A reconnection
 *   here cancels it. When it ends, the agent goes offline and their conversations go back to their
 *   queues (`goOfflineIfSilent`) — unless their presence was touched after the close, which is what
 *   a socket of theirs on another process does within `refreshMs`.
 * - A process that dies closes nothing: the assignment loop's stale sweep (STALE_PRESENCE_MS) takes
 *   its agents offline once their heartbeat is that old.
 *
 * `refreshMs` stays below the grace (half of it, 20 s at most), or an agent connected elsewhere
 * could be taken offline; the grace stays below the stale threshold, or the sweep would act first.
 */
export interface StaffPresenceDeps {
  /** The application's row-secured view; every write runs in the agent's tenant scope. */
  readonly db: Kysely<Database>;
  /** Sets presence as the HTTP route does (authorization, capacity and skills rules). */
  readonly routing: Pick<RoutingService, 'setMyPresence'>;
  readonly tenantOf: (tenantId: string) => Promise<RoutingTenant | undefined>;
  readonly logger: Pick<Logger, 'error' | 'debug'>;
  /** From the last socket's close to going offline; default 30 s. */
  readonly graceMs?: number;
  /** Heartbeat of the connected staff; default half the grace, between 1 s and 20 s. */
  readonly refreshMs?: number;
  readonly now?: () => Date;
  /** Runs `run` after `ms`; returns a cancel. Default: an unref'd `setTimeout`. */
  readonly schedule?: PresenceScheduler;
}

export type PresenceScheduler = (run: () => void, ms: number) => () => void;

/** One authenticated staff socket's hold on its agent's presence. */
export interface SocketPresence {
  /** A client ping: the agent is still there. */
  heartbeat(): void;
  /** Sets the agent's own presence, as `PUT …/routing/presence` does. */
  set(input: PresenceInput): Promise<MyPresence>;
  /** The socket closed; the last one of the agent here starts the grace period. */
  detach(): void;
}

export interface StaffPresence {
  /** A staff member's socket authenticated; undefined for anyone who has no presence (contacts…). */
  attach(actor: Actor): SocketPresence | undefined;
  /** Resolves once the writes started so far have finished. */
  idle(): Promise<void>;
  /** Stops the heartbeat and every grace period (on shutdown clients reconnect elsewhere). */
  close(): Promise<void>;
}

export const DISCONNECT_GRACE_MS = 30_000;
const MAX_REFRESH_MS = 20_000;
const MIN_REFRESH_MS = 1_000;
const MIN_TOUCH_MS = 5_000;

interface Entry {
  readonly tenantId: string;
  readonly userId: string;
  sockets: number;
  lastTouch: number;
  cancelGrace: (() => void) | undefined;
}

const defaultSchedule: PresenceScheduler = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** Staff members who work queues have a presence, as `RoutingService.setMyPresence` decides. */
function presenceHolder(actor: Actor): { tenantId: string; userId: string } | undefined {
  if (actor.kind !== 'staff') return undefined;
  const access = accessActorOf(actor);
  if (!access?.tenantId || !access.roles.some((role) => OPERATIONS_ROLES.includes(role))) return undefined;
  return { tenantId: access.tenantId, userId: actor.id };
}

export function createStaffPresence(deps: StaffPresenceDeps): StaffPresence {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const schedule = deps.schedule ?? defaultSchedule;
  const graceMs = deps.graceMs ?? DISCONNECT_GRACE_MS;
  const refreshMs =
    deps.refreshMs ?? Math.max(MIN_REFRESH_MS, Math.min(MAX_REFRESH_MS, Math.floor(graceMs / 2)));
  const minTouchMs = Math.min(MIN_TOUCH_MS, refreshMs);
  const entries = new Map<string, Entry>();
  const running = new Set<Promise<unknown>>();
  let closed = false;

  const inTenant = <T>(tenantId: string, work: () => Promise<T>) =>
    withDataScope({ kind: 'tenant', tenantId }, work);

  function track(work: Promise<unknown>, what: string) {
    const settled = work.catch((error: unknown) => logger.error({ err: error }, what));
    running.add(settled);
    void settled.finally(() => running.delete(settled));
  }

  function touchNow(entry: Entry) {
    const at = now();
    entry.lastTouch = at.getTime();
    track(
      inTenant(entry.tenantId, () => touch(db, entry.tenantId, entry.userId, at)),
      'refreshing a staff presence failed',
    );
  }

  async function refreshAll() {
    const at = now();
    const byTenant = new Map<string, string[]>();
    for (const entry of entries.values()) {
      if (entry.sockets === 0) continue;
      entry.lastTouch = at.getTime();
      const userIds = byTenant.get(entry.tenantId);
      if (userIds) userIds.push(entry.userId);
      else byTenant.set(entry.tenantId, [entry.userId]);
    }
    for (const [tenantId, userIds] of byTenant) {
      try {
        await inTenant(tenantId, () =>
          db
            .updateTable('agent_presence')
            .set({ last_seen_at: at })
            .where('tenant_id', '=', tenantId)
            .where('user_id', 'in', userIds)
            .execute(),
        );
      } catch (error) {
        // One tenant's failure must not leave the others' agents to the stale sweep.
        logger.error({ err: error, tenantId }, 'refreshing staff presence failed');
      }
    }
  }

  let cancelRefresh: (() => void) | undefined;
  const scheduleRefresh = () => {
    cancelRefresh = schedule(() => {
      cancelRefresh = undefined;
      if (closed) return;
      const pass = refreshAll().catch((error: unknown) =>
        logger.error({ err: error }, 'refreshing staff presence failed'),
      );
      running.add(pass);
      void pass.finally(() => {
        running.delete(pass);
        if (!closed) scheduleRefresh();
      });
    }, refreshMs);
  };
  scheduleRefresh();

  function startGrace(key: string, entry: Entry) {
    if (closed) return;
    const closedAt = now();
    entry.cancelGrace = schedule(() => {
      entry.cancelGrace = undefined;
      if (closed || entry.sockets > 0) return;
      entries.delete(key);
      track(
        inTenant(entry.tenantId, async () => {
          const requeued = await goOfflineIfSilent(db, entry.tenantId, entry.userId, closedAt, now());
          if (requeued)
            logger.debug({ requeued: requeued.length }, 'a disconnected agent went offline after the grace');
        }),
        'taking a disconnected agent offline failed',
      );
    }, graceMs);
  }

  async function idle() {
    while (running.size > 0) await Promise.all([...running]);
  }

  return {
    attach(actor) {
      const holder = closed ? undefined : presenceHolder(actor);
      if (!holder) return undefined;
      const key = `${holder.tenantId}/${holder.userId}`;
      let entry = entries.get(key);
      if (!entry) {
        entry = { ...holder, sockets: 0, lastTouch: 0, cancelGrace: undefined };
        entries.set(key, entry);
      }
      const mine = entry;
      mine.sockets += 1;
      mine.cancelGrace?.();
      mine.cancelGrace = undefined;
      touchNow(mine);
      let attached = true;
      return {
        heartbeat() {
          if (attached && !closed && now().getTime() - mine.lastTouch >= minTouchMs) touchNow(mine);
        },
        async set(input) {
          const tenant = await deps.tenantOf(mine.tenantId);
          if (!tenant) throw new AppError('not_found', 'No such tenant.');
          const presence = await inTenant(mine.tenantId, () =>
            deps.routing.setMyPresence(actor, tenant, input),
          );
          mine.lastTouch = now().getTime();
          return presence;
        },
        detach() {
          if (!attached) return;
          attached = false;
          mine.sockets -= 1;
          if (mine.sockets === 0) startGrace(key, mine);
        },
      };
    },
    idle,
    async close() {
      closed = true;
      cancelRefresh?.();
      for (const entry of entries.values()) entry.cancelGrace?.();
      entries.clear();
      await idle();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuthorKind, Message } from '../conversations/conversation.ts';
import type { Database } from '../db/schema.ts';
import { type AgentNoticeListener, decodeAgentNotice } from './agent-notice.ts';
import { decodePayload, encodePayload } from './notification-payload.ts';
import { createNotifyQueue } from './notify-queue.ts';

/**
 * Conversation events across the processes of one deployment, over PostgreSQL LISTEN/NOTIFY
 * (DESIGN §8). The contract (docs/conversations.md §4):
 *
 * - Only committed writes are announced: the conversation store publishes right after its write
 *   committed (`publishCommitted`: this process's subscribers at once, with the opened messages;
 *   other processes by a NOTIFY sent just after, batched — see notify-queue.ts for why not inside
 *   the write); other writers may notify inside their transaction (`notifyInTransaction`), which
 *   PostgreSQL delivers on commit. Either way a rolled-back write notifies nobody, and a process
 *   ignores the echo of its own notifications.
 * - A notification carries ids only: tenant, conversation, kind, seq, author kind, the sender's
 *   process id. Subscribers on other processes read the messages themselves (`store.after`).
 * - Per conversation, message events reach subscribers in increasing seq order, possibly with
 *   jumps: writes commit in seq order (the seq is bumped under the conversation's row lock), but
 *   their announcements may cross (two connections, two processes), and an event older than one
 *   already delivered is dropped: its write committed before the newer one, so the read the newer
 *   event prompts finds it. A `message` event's seq is the LAST seq its write stored (one write may store
 *   several). So a subscriber keeps the last seq it has shown and, for an event without messages
 *   or whose messages do not start right after it, reads `store.after(lastSeen)`.
 * - Notifications sent while the LISTEN connection was down are lost: `onResync` fires once it is
 *   back, and every subscriber reads `store.after(lastSeen)` for each conversation it follows.
 *   A writer that dies between its commit and its NOTIFY leaves the others unaware of that write
 *   until the conversation's next event (or a client's reconnection): the message is stored, only
 *   its live push is missed.
 * - `typing` is ephemeral: not stored, not replayed, possibly lost.
 */
export interface ConversationEvent {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly kind: 'message' | 'status' | 'typing';
  readonly seq?: number;
  readonly authorKind?: AuthorKind;
  /** typing */
  readonly on?: boolean;
}

export type EventListener = (event: ConversationEvent, messages?: readonly Message[]) => void;

export interface EventBus {
  /** Inside the writer's transaction: pg_notify, delivered on commit (a rolled-back write notifies nobody). */
  notifyInTransaction(trx: Transaction<Database>, event: ConversationEvent): Promise<void>;
  /** Local subscribers of this process get the event (with the opened messages, so they need not read them back) right after commit — the store calls this after its transaction committed. */
  deliverLocal(event: ConversationEvent, messages?: readonly Message[]): void;
  /** Ephemeral events (typing): NOTIFY now, not stored; local subscribers too. */
  publishNow(event: ConversationEvent): Promise<void>;
  subscribe(conversationId: string, listener: EventListener): () => void;
  /**
   * Assignment notices of one staff member (agent-notice.ts): raised by the database on commit of
   * the change, delivered to every process from its LISTEN, this one included. Lost, like any
   * notification, while the LISTEN connection is down (`onResync`).
   */
  subscribeAgent(tenantId: string, userId: string, listener: AgentNoticeListener): () => void;
  /** Called when the LISTEN connection was lost and re-established: listeners must re-read what they may have missed (by seq). */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
  /**
   * After a write committed: `deliverLocal` now, and a NOTIFY for the other processes right
   * after (queued and batched; a failure to send goes to `onError`). What the store calls.
   */
  publishCommitted(event: ConversationEvent, messages?: readonly Message[]): void;
  /** This process's id, carried in every notification it sends. */
  readonly processId: string;
}

/** What the bus needs of the database (a `DatabaseHandle` is one). */
export interface NotificationSource {
  /** Where ephemeral events are sent from: `pg_notify` reads no table, so any view will do. */
  readonly db: Kysely<Database>;
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;
}

export interface EventBusOptions {
  /** Assignment notices are raised on the default channel only (agent-notice.ts). */
  readonly channel?: string;
  readonly processId?: string;
  /** A listener that throws does not stop the others; its error goes here. */
  readonly onListenerError?: (error: unknown) => void;
  /** A NOTIFY that could not be sent (the database is unreachable, say). */
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_CHANNEL = 'custos_conversation_events';
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** Conversations whose newest announced seq is remembered; forgetting one only lets a stale event by. */
const TRACKED = 50_000;

/** A bus that is listening: resolves once the LISTEN is in place. */
export async function createEventBus(
  source: NotificationSource,
  options: EventBusOptions = {},
): Promise<EventBus> {
  const bus = openEventBus(source, options);
  await bus.ready;
  return bus;
}

/**
 * A bus at once, listening soon: local delivery works from the start, notifications of other
 * processes from when `ready` resolves (the composition root awaits it before serving). A LISTEN
 * that fails rejects `ready`.
 */
export function openEventBus(
  source: NotificationSource,
  options: EventBusOptions = {},
): EventBus & { readonly ready: Promise<void> } {
  const channel = options.channel ?? DEFAULT_CHANNEL;
  if (!CHANNEL.test(channel)) throw new TypeError('the channel must be a plain lower-case identifier');
  const processId = options.processId ?? randomUUID();
  const subscribers = new Map<string, Set<EventListener>>();
  const agentSubscribers = new Map<string, Set<AgentNoticeListener>>();
  const resyncs = new Set<() => void>();
  let closed = false;
  const newest = new Map<string, number>();

  /** False for a message event at or below one already delivered for its conversation. */
  const fresh = (event: ConversationEvent): boolean => {
    if (event.kind !== 'message' || event.seq === undefined) return true;
    const key = `${event.tenantId}/${event.conversationId}`;
    const last = newest.get(key);
    if (last !== undefined && event.seq <= last) return false;
    newest.delete(key);
    newest.set(key, event.seq);
    if (newest.size > TRACKED) newest.delete(newest.keys().next().value as string);
    return true;
  };

  const safely = (call: () => void) => {
    try {
      call();
    } catch (error) {
      options.onListenerError?.(error);
    }
  };

  const deliver = (event: ConversationEvent, messages?: readonly Message[]) => {
    if (closed) return;
    const listeners = subscribers.get(event.conversationId);
    if (!listeners) return;
    // A copy: a listener may unsubscribe (itself or another) while we iterate.
    for (const listener of [...listeners]) safely(() => listener(event, messages));
  };

  const onPayload = (payload: string) => {
    const notification = decodePayload(payload);
    if (!notification) return deliverNotice(payload);
    // Our own writes were delivered locally when they committed.
    if (notification.processId === processId) return;
    if (fresh(notification.event)) deliver(notification.event);
  };
  const deliverNotice = (payload: string) => {
    const notice = closed ? undefined : decodeAgentNotice(payload);
    const listeners = notice && agentSubscribers.get(`${notice.tenantId}/${notice.userId}`);
    if (!notice || !listeners) return;
    for (const listener of [...listeners]) safely(() => listener(notice));
  };
  const onReconnect = () => {
    if (closed) return;
    for (const listener of [...resyncs]) safely(listener);
  };
  const listening = source.listen(channel, onPayload, onReconnect);
  // Observed here so that a failure surfaces through `ready`, not as an unhandled rejection.
  listening.catch(() => {});
  const ready = listening.then(() => undefined);
  // Observed: a bus whose owner never awaits `ready` (and closes first) must not leave an
  // unhandled rejection behind.
  ready.catch(() => {});
  const notifier = createNotifyQueue(source.db, channel, (error) => options.onError?.(error));

  return {
    processId,
    ready,
    async notifyInTransaction(trx, event) {
      await sql`select pg_notify(${channel}, ${encodePayload(event, processId)})`.execute(trx);
    },
    deliverLocal(event, messages) {
      if (fresh(event)) deliver(event, messages);
    },
    publishCommitted(event, messages) {
      const payload = encodePayload(event, processId);
      if (!fresh(event)) return;
      deliver(event, messages);
      // Reported through onError already; the write itself has succeeded.
      notifier.send(payload).catch(() => {});
    },
    async publishNow(event) {
      const payload = encodePayload(event, processId);
      deliver(event);
      await notifier.send(payload);
    },
    subscribe(conversationId, listener) {
      let listeners = subscribers.get(conversationId);
      if (!listeners) {
        listeners = new Set();
        subscribers.set(conversationId, listeners);
      }
      // A wrapper per subscription, so the same function may subscribe twice and leave once.
      const entry: EventListener = (event, messages) => listener(event, messages);
      listeners.add(entry);
      return () => {
        const current = subscribers.get(conversationId);
        if (!current?.delete(entry)) return;
        if (current.size === 0) subscribers.delete(conversationId);
      };
    },
    subscribeAgent(tenantId, userId, listener) {
      const key = `${tenantId}/${userId}`;
      let listeners = agentSubscribers.get(key);
      if (!listeners) {
        listeners = new Set();
        agentSubscribers.set(key, listeners);
      }
      const entry: AgentNoticeListener = (notice) => listener(notice);
      listeners.add(entry);
      return () => {
        const current = agentSubscribers.get(key);
        if (!current?.delete(entry)) return;
        if (current.size === 0) agentSubscribers.delete(key);
      };
    },
    onResync(listener) {
      const entry = () => listener();
      resyncs.add(entry);
      return () => {
        resyncs.delete(entry);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      subscribers.clear();
      agentSubscribers.clear();
      resyncs.clear();
      await notifier.flush();
      const unlisten = await listening.catch(() => undefined);
      await unlisten?.();
    },
  };
}

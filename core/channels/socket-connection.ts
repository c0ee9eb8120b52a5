import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { type Actor, type RequestContext, runWithContext } from '../context/request-context.ts';
import type { Conversation, Message } from '../conversations/conversation.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import type { AgentNotice } from '../realtime/agent-notice.ts';
import type { ConversationEvent } from '../realtime/event-bus.ts';
import type { MyPresence } from '../routing/routing.service.ts';
import type { SocketPresence, StaffPresence } from '../routing/staff-presence.ts';
import type { ChatGateway } from './chat-gateway.ts';
import {
  type AssignmentFrame,
  assignmentFrameSchema,
  type ClientFrame,
  type FrameErrorCode,
  type FrameRef,
  MAX_TEXT_LENGTH,
  PROTOCOL_VERSION,
  parseClientFrame,
  type ServerFrame,
  type SlaFrame,
  slaFrameSchema,
} from './frames.ts';
import { tokenBucket } from './token-bucket.ts';
import { isContactActor } from './widget-token.ts';
import { toWireMessage } from './wire-message.ts';

export interface SocketLimits {
  /** Time for the `hello` frame after the upgrade. */
  readonly helloTimeoutMs: number;
  /** Interval of WebSocket pings; a connection that misses one pong is closed. */
  readonly heartbeatMs: number;
  /** `send` frames: a burst of this many, refilled at `sendPerSecond`. */
  readonly sendBurst: number;
  readonly sendPerSecond: number;
  /** Every other frame. */
  readonly frameBurst: number;
  readonly framePerSecond: number;
  /** Refused frames in a row before the connection is closed (1008). */
  readonly maxRefusals: number;
  readonly maxSubscriptions: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  helloTimeoutMs: 10_000,
  heartbeatMs: 25_000,
  sendBurst: 10,
  sendPerSecond: 2,
  frameBurst: 30,
  framePerSecond: 10,
  maxRefusals: 20,
  maxSubscriptions: 50,
};

/** Close codes beyond RFC 6455's own (4000–4999 are the application's). */
export const CLOSE = { unauthenticated: 4401, helloTimeout: 4408, policy: 1008, goingAway: 1001 } as const;

const PASSED_ON = ['not_found', 'conflict', 'forbidden', 'validation_failed', 'unauthenticated'] as const;

interface Subscription {
  conversation: Conversation;
  lastSeq: number;
  chain: Promise<void>;
  stop: () => void;
}

export interface ConnectionDeps {
  readonly gateway: ChatGateway;
  readonly resolve: (token: string) => Promise<Actor | undefined>;
  readonly limits: SocketLimits;
  readonly logger: Logger;
  /** Staff sockets keep their agent's presence (core/routing/staff-presence.ts). */
  readonly presence?: StaffPresence;
}

/** The notice as a frame: built through its schema, an allow-list of ids and codes. */
function assignmentFrame(notice: AgentNotice): AssignmentFrame | SlaFrame {
  if (notice.kind === 'sla')
    return slaFrameSchema.parse({
      type: 'sla',
      conversationId: notice.conversationId,
      queueId: notice.queueId,
      kind: notice.slaKind,
      dueAt: notice.dueAt.toISOString(),
    });
  const common = {
    conversationId: notice.conversationId,
    queueId: notice.queueId,
    priority: notice.priority,
    handoffReason: notice.handoffReason,
  };
  return assignmentFrameSchema.parse(
    notice.kind === 'assigned'
      ? { type: 'assigned', ...common }
      : { type: 'unassigned', ...common, status: notice.status },
  );
}

const presenceFrame = (p: MyPresence): ServerFrame => ({
  type: 'presence',
  status: p.status,
  capacity: p.capacity,
  active: p.active,
  skills: [...p.skills],
});

/**
 * One WebSocket: authenticate with the first frame, then subscribe, send, type, ping. Each frame
 * runs in a request context of its own connection (actor, tenant), so row-level security and
 * audit see the same actor an HTTP request would. Delivery per conversation is a chain: events
 * are applied in order, and a gap in the sequence (or a resync of the event bus) is filled by
 * reading from the store, so a message is sent exactly once and in order.
 */
export function handleConnection(ws: WebSocket, deps: ConnectionDeps): void {
  const { gateway, limits } = deps;
  const id = randomUUID();
  const context: RequestContext = {
    requestId: id,
    logger: deps.logger.child({ connection: id }),
    actor: { kind: 'anonymous', id: 'anonymous' },
    tenantId: undefined,
  };
  const subscriptions = new Map<string, Subscription>();
  const sendBucket = tokenBucket(limits.sendBurst, limits.sendPerSecond);
  const frameBucket = tokenBucket(limits.frameBurst, limits.framePerSecond);
  let refusals = 0;
  let alive = true;
  let closed = false;
  let stopResync: (() => void) | undefined;
  let stopNotices: (() => void) | undefined;
  let presence: SocketPresence | undefined;

  const emit = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const refuse = (code: FrameErrorCode, detail: string, ref?: FrameRef, retryAfterMs?: number) => {
    emit({ type: 'error', code, detail, ...(ref ? { ref } : {}), ...(retryAfterMs ? { retryAfterMs } : {}) });
  };

  const helloTimer = setTimeout(() => ws.close(CLOSE.helloTimeout, 'hello expected'), limits.helloTimeoutMs);
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, limits.heartbeatMs);
  ws.on('pong', () => {
    alive = true;
  });

  const deliver = (sub: Subscription, hint?: number, messages?: readonly Message[]) => {
    sub.chain = sub.chain
      .then(async () => {
        if (hint !== undefined && hint <= sub.lastSeq) return;
        let batch = messages && messages[0]?.seq === sub.lastSeq + 1 ? messages : undefined;
        batch ??= await gateway.after(context.actor, sub.conversation, sub.lastSeq);
        for (const message of batch) {
          if (message.seq <= sub.lastSeq) continue;
          sub.lastSeq = message.seq;
          if (message.internal && isContactActor(context.actor)) continue;
          emit({ type: 'message', conversationId: sub.conversation.id, message: toWireMessage(message) });
        }
      })
      .catch((error: unknown) => context.logger.error({ err: error }, 'delivering messages failed'));
  };

  const onEvent = (sub: Subscription) => (event: ConversationEvent, messages?: readonly Message[]) =>
    runWithContext(context, () => {
      if (event.kind === 'message') return deliver(sub, event.seq, messages);
      if (event.kind === 'status') {
        sub.chain = sub.chain.then(async () => {
          sub.conversation = (await gateway.current(sub.conversation)) ?? sub.conversation;
          emit({ type: 'status', conversationId: sub.conversation.id, status: sub.conversation.status });
        });
        return;
      }
      const mine = isContactActor(context.actor) ? 'contact' : 'staff';
      if (event.kind === 'typing' && event.authorKind !== mine) {
        emit({
          type: 'typing',
          conversationId: event.conversationId,
          authorKind: event.authorKind ?? 'bot',
          on: event.on === true,
        });
      }
    });

  async function subscribe(conversationId: string, after: number | undefined) {
    if (subscriptions.has(conversationId)) return;
    if (subscriptions.size >= limits.maxSubscriptions) {
      return refuse('rate_limited', `At most ${limits.maxSubscriptions} conversations per connection.`, {
        type: 'subscribe',
      });
    }
    const { conversation, messages } = await gateway.open(context.actor, conversationId);
    // Subscribe before reading what is missed, so that nothing falls between the two.
    const sub: Subscription = { conversation, lastSeq: after ?? 0, chain: Promise.resolve(), stop: () => {} };
    sub.stop = gateway.bus.subscribe(conversationId, onEvent(sub));
    subscriptions.set(conversationId, sub);
    emit({ type: 'subscribed', conversationId, status: conversation.status, lastSeq: conversation.lastSeq });
    const missed = messages.filter((m) => m.seq > sub.lastSeq);
    deliver(sub, undefined, missed.length > 0 && missed[0]?.seq === sub.lastSeq + 1 ? missed : undefined);
  }

  function unsubscribeAll() {
    for (const sub of subscriptions.values()) sub.stop();
    subscriptions.clear();
  }

  async function hello(frame: ClientFrame & { type: 'hello' }) {
    const actor = await deps.resolve(frame.token);
    if (!actor || (actor.kind !== 'contact' && actor.kind !== 'staff')) {
      refuse('unauthenticated', 'The credential is not valid.', { type: 'hello' });
      ws.close(CLOSE.unauthenticated, 'unauthenticated');
      return;
    }
    // Closed while the credential was checked: nothing to attach to.
    if (closed) return;
    clearTimeout(helloTimer);
    context.actor = actor;
    context.tenantId = (actor as { tenantId?: string }).tenantId;
    stopResync = gateway.bus.onResync(() =>
      runWithContext(context, () => {
        for (const sub of subscriptions.values()) deliver(sub);
      }),
    );
    // Staff hear of the conversations given to them or taken from them, before anything can be.
    if (actor.kind === 'staff' && context.tenantId) {
      stopNotices = gateway.bus.subscribeAgent(context.tenantId, actor.id, (notice) =>
        emit(assignmentFrame(notice)),
      );
    }
    presence = deps.presence?.attach(actor);
    const conversationId = frame.conversationId ?? (isContactActor(actor) ? actor.conversationId : undefined);
    emit({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      heartbeatMs: limits.heartbeatMs,
      ...(conversationId ? { conversationId } : {}),
    });
    if (frame.presence) {
      // Refused on its own: the connection is authenticated either way.
      await setPresence(frame.presence).catch((error: unknown) => failed(error, { type: 'hello' }));
    }
    if (conversationId) await subscribe(conversationId, frame.after);
  }

  async function setPresence(input: Omit<ClientFrame & { type: 'presence' }, 'type'>) {
    if (!presence) throw new AppError('forbidden', 'Only staff who work queues have a presence.');
    const { status, capacity, skills } = input;
    const now = await presence.set({
      status,
      ...(capacity !== undefined ? { capacity } : {}),
      ...(skills !== undefined ? { skills } : {}),
    });
    emit(presenceFrame(now));
  }

  function conversationOf(frame: { conversationId?: string | undefined }): string | undefined {
    if (frame.conversationId) return frame.conversationId;
    return isContactActor(context.actor) ? context.actor.conversationId : undefined;
  }

  async function handle(frame: ClientFrame) {
    switch (frame.type) {
      case 'hello':
        return refuse('conflict', 'Already authenticated.', { type: 'hello' });
      case 'subscribe':
        return subscribe(frame.conversationId, frame.after);
      case 'unsubscribe': {
        subscriptions.get(frame.conversationId)?.stop();
        subscriptions.delete(frame.conversationId);
        return;
      }
      case 'send': {
        const ref = { type: 'send', clientMessageId: frame.clientMessageId };
        if (frame.text.length > MAX_TEXT_LENGTH) {
          return refuse('too_large', `A message has at most ${MAX_TEXT_LENGTH} characters.`, ref);
        }
        const conversationId = conversationOf(frame);
        if (!conversationId) return refuse('validation_failed', 'Name the conversation.', ref);
        const { message, duplicate } = await gateway.send(
          context.actor,
          conversationId,
          {
            clientMessageId: frame.clientMessageId,
            text: frame.text,
            ...(frame.internal ? { internal: true } : {}),
          },
          subscriptions.get(conversationId)?.conversation,
        );
        emit({
          type: 'ack',
          clientMessageId: frame.clientMessageId,
          conversationId,
          messageId: message.id,
          seq: message.seq,
          duplicate,
        });
        return;
      }
      case 'typing': {
        const sub = subscriptions.get(conversationOf(frame) ?? '');
        if (!sub) return refuse('not_found', 'Subscribe to the conversation first.', { type: 'typing' });
        return gateway.typing(context.actor, sub.conversation, frame.on);
      }
      case 'ping':
        presence?.heartbeat();
        return emit({ type: 'pong', ...(frame.id ? { id: frame.id } : {}) });
      case 'presence': {
        const { type: _, ...input } = frame;
        return setPresence(input);
      }
    }
  }

  ws.on('message', (data, isBinary) =>
    runWithContext(context, async () => {
      if (closed) return;
      if (isBinary) return refuse('malformed_frame', 'Frames are JSON text, not binary.');
      const parsed = parseClientFrame(data.toString());
      if (!parsed.ok)
        return refused('malformed_frame', parsed.detail, parsed.type ? { type: parsed.type } : undefined);
      const { frame } = parsed;
      if (frame.type !== 'hello' && context.actor.kind === 'anonymous') {
        refuse('unauthenticated', 'Send a hello frame with a credential first.', { type: frame.type });
        return ws.close(CLOSE.unauthenticated, 'unauthenticated');
      }
      if (frame.type === 'hello' && context.actor.kind === 'anonymous') {
        return hello(frame).catch((error: unknown) => failed(error, { type: 'hello' }));
      }
      const wait = (frame.type === 'send' ? sendBucket : frameBucket)();
      if (wait > 0) {
        const ref =
          frame.type === 'send'
            ? { type: 'send', clientMessageId: frame.clientMessageId }
            : { type: frame.type };
        return refused('rate_limited', 'Too many frames; slow down.', ref, wait);
      }
      refusals = 0;
      try {
        await handle(frame);
      } catch (error) {
        failed(
          error,
          frame.type === 'send'
            ? { type: 'send', clientMessageId: frame.clientMessageId }
            : { type: frame.type },
        );
      }
    }),
  );

  /** A frame's failure: the service's own refusals by their code, anything else as `internal`. */
  function failed(error: unknown, ref: FrameRef) {
    if (isAppError(error) && error.code !== 'internal') {
      const code = PASSED_ON.find((c) => c === error.code);
      return refuse(code ?? 'validation_failed', error.message, ref);
    }
    context.logger.error({ err: error, frame: ref.type }, 'frame failed');
    refuse('internal', 'Something went wrong; the frame was not processed.', ref);
  }

  function refused(code: FrameErrorCode, detail: string, ref?: FrameRef, retryAfterMs?: number) {
    refuse(code, detail, ref, retryAfterMs);
    refusals += 1;
    if (refusals >= limits.maxRefusals) ws.close(CLOSE.policy, 'too many refused frames');
  }

  ws.on('close', () => {
    closed = true;
    clearTimeout(helloTimer);
    clearInterval(heartbeat);
    stopResync?.();
    stopNotices?.();
    presence?.detach();
    unsubscribeAll();
  });
  ws.on('error', (error) => context.logger.debug({ err: error }, 'socket error'));
}

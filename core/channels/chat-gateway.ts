import { accessActorOf } from '../access/actor-ability.ts';
import type { Actor } from '../context/request-context.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { Conversation, ConversationStore, Message } from '../conversations/conversation.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import { isContactActor } from './widget-token.ts';

/** What happens after a contact's message is stored: the assistant's turn (core/assistant). */
export type InboundHook = (conversation: Conversation, message: Message) => void;

/**
 * The conversation API every channel shares (WebSocket, REST; SMS and WeChat adapters later):
 * who may open, read and write which conversation is decided here, once, by the conversation
 * service (CASL, audit), whatever the transport.
 */
export interface ChatGateway {
  /** Opens a conversation for reading: a contact's own, or one a staff member may read (audited). */
  open(actor: Actor, conversationId: string): Promise<{ conversation: Conversation; messages: Message[] }>;
  /** A contact's own conversations, newest first. */
  ownConversations(actor: Actor): Promise<Conversation[]>;
  /** One read through the REST channel: the conversation and its messages after `afterSeq` (staff: audited). */
  read(
    actor: Actor,
    conversationId: string,
    afterSeq: number,
  ): Promise<{ conversation: Conversation; messages: Message[] }>;
  /** Messages after `afterSeq`, once `open` has allowed the actor in (contacts never see internal notes). */
  after(actor: Actor, conversation: Conversation, afterSeq: number): Promise<Message[]>;
  /**
   * `opened`: the conversation as `open` returned it to this actor (a socket's subscription), so
   * a contact's message needs no second authorization read; the store still refuses a closed one.
   */
  send(
    actor: Actor,
    conversationId: string,
    input: { clientMessageId?: string; text: string; internal?: boolean },
    opened?: Conversation,
  ): Promise<{ message: Message; duplicate: boolean }>;
  typing(actor: Actor, conversation: Conversation, on: boolean): Promise<void>;
  /** The conversation as stored now (status, assignee), for an actor `open` already let in. */
  current(conversation: Conversation): Promise<Conversation | undefined>;
  readonly bus: EventBus;
}

export interface ChatGatewayDeps {
  readonly service: ConversationService;
  readonly store: ConversationStore;
  readonly bus: EventBus;
  readonly onInbound: InboundHook;
}

/** Who is asking, for the conversation service: a widget or staff credential of one tenant. */
export function conversationAccessOf(actor: Actor) {
  const access = accessActorOf(actor);
  if (!access?.tenantId) throw new AppError('unauthenticated', 'Present a widget or staff credential.');
  return { tenantId: access.tenantId, actor: access, auditActor: actor };
}

export function createChatGateway(deps: ChatGatewayDeps): ChatGateway {
  const { service, store, bus } = deps;

  /**
   * A message is acknowledged once stored, before the assistant answers it; a process that stops
   * in between leaves it unanswered. When its contact comes back and the conversation is still
   * with the assistant, a last message of theirs is answered then (the replies' ids derive from
   * it, so they are stored once even if another process answers it too).
   */
  async function answerUnanswered(conversation: Conversation) {
    if (conversation.status !== 'bot' || conversation.lastSeq === 0) return;
    const [last] = await store.after(conversation.tenantId, conversation.id, conversation.lastSeq - 1);
    if (last?.authorKind === 'contact') deps.onInbound(conversation, last);
  }
  return {
    bus,
    async open(actor, conversationId) {
      const access = conversationAccessOf(actor);
      if (isContactActor(actor)) {
        const conversation = await service.contactConversation(access, conversationId);
        await answerUnanswered(conversation);
        return { conversation, messages: [] };
      }
      // A staff member's first read of the conversation is the audited one (fail closed);
      // live messages that follow on the same subscription are part of that read.
      const messages = await service.readMessages(access, conversationId, 0);
      const conversation = await store.get(access.tenantId, conversationId);
      if (!conversation) throw new AppError('not_found', 'No such conversation.');
      return { conversation, messages };
    },
    async ownConversations(actor) {
      if (!isContactActor(actor)) throw new AppError('forbidden', 'Only a contact has own conversations.');
      return store.listForContact(actor.tenantId, actor.id);
    },
    async read(actor, conversationId, afterSeq) {
      const access = conversationAccessOf(actor);
      if (isContactActor(actor)) {
        const conversation = await service.contactConversation(access, conversationId);
        return { conversation, messages: await service.contactMessages(access, conversationId, afterSeq) };
      }
      const messages = await service.readMessages(access, conversationId, afterSeq);
      const conversation = await store.get(access.tenantId, conversationId);
      if (!conversation) throw new AppError('not_found', 'No such conversation.');
      return { conversation, messages };
    },
    async after(actor, conversation, afterSeq) {
      return store.after(conversation.tenantId, conversation.id, afterSeq, {
        includeInternal: !isContactActor(actor),
      });
    },
    async send(actor, conversationId, input, opened) {
      const access = conversationAccessOf(actor);
      if (isContactActor(actor)) {
        if (input.internal) throw new AppError('forbidden', 'Contacts cannot write internal notes.');
        const conversation =
          opened?.id === conversationId && opened.contactId === actor.id
            ? opened
            : await service.contactConversation(access, conversationId);
        if (conversation.status === 'closed') throw new AppError('conflict', 'The conversation is closed.');
        const result = await store.append(access.tenantId, conversationId, {
          authorKind: 'contact',
          authorId: actor.id,
          body: input.text,
          ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
        });
        if (!result.duplicate) deps.onInbound(conversation, result.message);
        return result;
      }
      return service.sendAsStaff(access, conversationId, {
        body: input.text,
        ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
        ...(input.internal ? { internal: true } : {}),
      });
    },
    current: (conversation) => store.get(conversation.tenantId, conversation.id),
    async typing(actor, conversation, on) {
      await bus.publishNow({
        tenantId: conversation.tenantId,
        conversationId: conversation.id,
        kind: 'typing',
        authorKind: isContactActor(actor) ? 'contact' : 'staff',
        on,
      });
    },
  };
}

import type { Logger } from 'pino';
import { countIntent } from '../analytics/intent-counts.store.ts';
import { withDataScope } from '../context/data-scope.ts';
import type {
  Conversation,
  ConversationPatch,
  ConversationStore,
  Message,
  NewMessage,
} from '../conversations/conversation.ts';
import { createDialogueEngine } from '../dialogue/dialogue-engine.ts';
import type { DialogueState } from '../dialogue/dialogue-state.ts';
import type {
  ActionPort,
  BotReply,
  DialogueSignal,
  FlowResolver,
  KnowledgeAnswer,
} from '../dialogue/dialogue-types.ts';
import type { NluEngine } from '../nlu/engine.ts';
import type { ConversationPack } from '../packs/conversation-pack.ts';
import { PRIORITY } from '../routing/assign.ts';
import type { WaitingNotices } from '../routing/queue-position.notice.ts';
import { startSlaClock } from '../routing/routing.store.ts';

/** What the assistant needs to know of a tenant to answer for it. */
export interface AssistantTenant {
  /** The pack as layered for the tenant (its overrides applied). */
  readonly conversation: ConversationPack;
  readonly nlu: NluEngine;
  readonly timeZone: string;
}

export interface AssistantDeps {
  readonly store: Pick<ConversationStore, 'appendMany' | 'getWithDialogueState'>;
  readonly flows: FlowResolver;
  /** The tenant's assistant configuration; undefined when its vertical has no conversation pack. */
  readonly tenantOf: (tenantId: string) => Promise<AssistantTenant | undefined>;
  readonly knowledge: (
    tenantId: string,
    query: { text: string; locale: 'zh-CN' | 'en'; intent: string },
  ) => Promise<KnowledgeAnswer | undefined>;
  readonly ports: Readonly<Record<string, ActionPort>>;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** What a handed-over contact is told while waiting: place in line, or out of hours (core/routing). */
  readonly waiting?: WaitingNotices;
}

/** Conversations whose last turn this process remembers, least recently used out first. */
const REMEMBERED = 20_000;

interface RememberedTurn {
  /** The last sequence number the turn wrote (its last reply). */
  readonly seq: number;
  readonly conversation: Conversation;
  readonly state: DialogueState;
}

export interface Assistant {
  /** The assistant's greeting in a new conversation. */
  greet(conversation: Conversation): Promise<void>;
  /** Answers a contact's message; turns of one conversation run one at a time, in order. */
  handle(conversation: Conversation, message: Message): void;
  /** Resolves when every turn started so far has finished (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * The conversation engine's loop (DESIGN §6): a contact's message → NLU → dialogue engine (flows,
 * knowledge, safety) → the replies, the conversation's new status and the sealed dialogue state,
 * stored in one statement. The assistant speaks only while the conversation is with the bot; once
 * handed to a human it stays silent. Each reply's clientMessageId derives from the message it
 * answers, so a turn that runs twice (a retry after a crash) stores its replies once.
 */
export function createAssistant(deps: AssistantDeps): Assistant {
  const now = deps.now ?? (() => new Date());
  const queues = new Map<string, Promise<void>>();
  const memory = new Map<string, RememberedTurn>();

  async function turn(conversation: Conversation, message: Message): Promise<void> {
    const { tenantId } = conversation;
    // Handed to a human when the message was stored: only the waiting notices may answer.
    if (conversation.status === 'queued') return answerWaiting(conversation, message);
    if (conversation.status !== 'bot') return;
    const tenant = await deps.tenantOf(tenantId);
    if (!tenant) return;
    const { current, state } = await recall(conversation, message);
    if (current?.status !== 'bot') return;
    const nlu = tenant.nlu.parse(message.body, { timeZone: tenant.timeZone });
    const engine = createDialogueEngine({
      ports: deps.ports,
      knowledge: (query) => deps.knowledge(tenantId, query),
      onPortError: (port, error) => deps.logger.warn({ err: error, port }, 'dialogue port failed'),
    });
    const output = await engine.turn({
      state,
      text: message.body,
      nlu,
      locale: current.locale,
      now: now(),
      timeZone: tenant.timeZone,
      conversation: { tenantId, conversationId: conversation.id, contactId: conversation.contactId },
      config: tenant.conversation,
      flows: deps.flows,
    });
    const replies = output.replies.map((reply, index) => toNewMessage(reply, `bot:${message.seq}:${index}`));
    const summary = handoffSummary(output, nlu.intent, message.seq);
    if (summary) replies.push(summary);
    const patch = patchFor(current, output.signals, tenant.conversation, output.state.locale);
    // The intent counted in the replies' transaction (core/analytics): a replayed turn counts once.
    const counted = { tenantId, intent: nlu.intent, at: message.createdAt, timeZone: tenant.timeZone };
    const written = await deps.store.appendMany(
      tenantId,
      conversation.id,
      replies,
      { dialogueState: output.state, ...(patch ? { patch } : {}) },
      async (trx) => {
        await countIntent(trx, counted);
        if (patch?.status === 'queued') await startSlaClock(trx, tenantId, conversation.id);
      },
    );
    if (patch?.status === 'queued') await tellWaiting(tenantId, conversation.id, message.seq);
    if (patch?.status !== undefined) memory.delete(conversation.id);
    else
      remember(conversation.id, {
        seq: Math.max(message.seq, ...written.map((m) => m.seq)),
        conversation: { ...current, locale: patch?.locale ?? current.locale },
        state: output.state,
      });
  }

  /** Right after the hand-off reply: the place in line and expected wait, or the out-of-hours notice. */
  async function tellWaiting(tenantId: string, conversationId: string, seq: number) {
    const notice = await deps.waiting?.afterHandoff(tenantId, conversationId, seq, now());
    if (notice) await deps.store.appendMany(tenantId, conversationId, [notice]);
  }

  async function answerWaiting(conversation: Conversation, message: Message) {
    const reply = await deps.waiting?.whileWaiting(conversation, message, now());
    if (reply) await deps.store.appendMany(conversation.tenantId, conversation.id, [reply]);
  }

  /**
   * The conversation and its dialogue state as this process's last turn left them, when the
   * message is the very next one after that turn's replies: nothing else can have been written in
   * between, and a conversation with the assistant changes status only through the assistant. Any
   * other message (a gap: another process answered, or someone else wrote) reads both afresh.
   */
  async function recall(conversation: Conversation, message: Message) {
    const kept = memory.get(conversation.id);
    if (kept && message.seq === kept.seq + 1) return { current: kept.conversation, state: kept.state };
    const loaded = await deps.store.getWithDialogueState(conversation.tenantId, conversation.id);
    return {
      current: loaded?.conversation,
      state: loaded?.dialogueState as DialogueState | undefined,
    };
  }

  function remember(conversationId: string, turn: RememberedTurn) {
    memory.delete(conversationId);
    memory.set(conversationId, turn);
    if (memory.size > REMEMBERED) memory.delete(memory.keys().next().value as string);
  }

  return {
    async greet(conversation) {
      const tenant = await deps.tenantOf(conversation.tenantId);
      if (!tenant) return;
      const text = tenant.conversation.dialogue.texts.greeting[conversation.locale];
      await deps.store.appendMany(conversation.tenantId, conversation.id, [
        { authorKind: 'bot', clientMessageId: 'bot:0:greeting', body: text, meta: { kind: 'greeting' } },
      ]);
    },
    handle(conversation, message) {
      const previous = queues.get(conversation.id) ?? Promise.resolve();
      const next = previous
        .then(() =>
          withDataScope({ kind: 'tenant', tenantId: conversation.tenantId }, () =>
            turn(conversation, message),
          ),
        )
        .catch((error: unknown) =>
          deps.logger.error({ err: error, conversationId: conversation.id }, 'assistant turn failed'),
        );
      queues.set(conversation.id, next);
      void next.then(() => {
        if (queues.get(conversation.id) === next) queues.delete(conversation.id);
      });
    },
    async idle() {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
  };
}

function toNewMessage(reply: BotReply, clientMessageId: string): NewMessage {
  return {
    authorKind: 'bot',
    clientMessageId,
    body: reply.text,
    meta: {
      kind: reply.kind,
      ...(reply.citation ? { citation: reply.citation } : {}),
      ...(reply.suggestions && reply.suggestions.length > 0 ? { suggestions: reply.suggestions } : {}),
    },
  };
}

/**
 * What the agent taking over reads first (an internal note, staff only, sealed like every message):
 * why the conversation came to them, what the contact last asked for, and the flow that was under
 * way with the slots it had collected.
 */
function handoffSummary(
  output: { readonly signals: readonly DialogueSignal[]; readonly state: DialogueState },
  intent: string,
  seq: number,
): NewMessage | undefined {
  const handoff = output.signals.find((signal) => signal.type === 'handoff');
  if (handoff?.type !== 'handoff') return undefined;
  const flow = output.state.suspended ?? output.state.flow;
  const lines = [`Handed over (${handoff.reason}). Last intent: ${intent}.`];
  const rules = output.signals.flatMap((signal) => (signal.type === 'safety' ? signal.rules : []));
  if (rules.length > 0) lines.push(`Red flags: ${rules.join(', ')}.`);
  if (flow) {
    const slots = Object.entries(flow.slots)
      .filter(([name]) => !name.endsWith('_key') && !name.endsWith('_id'))
      .map(([name, value]) => `${name}: ${value.text}`);
    lines.push(
      `Flow ${flow.id} v${flow.version} at "${flow.state}"${slots.length > 0 ? ` — ${slots.join('; ')}` : ''}.`,
    );
  }
  return {
    authorKind: 'system',
    internal: true,
    clientMessageId: `bot:${seq}:handoff`,
    body: lines.join('\n'),
    meta: { kind: 'handoff-summary' },
  };
}

/** A handoff queues the conversation for a human; the reply language follows the contact. */
function patchFor(
  conversation: Conversation,
  signals: readonly DialogueSignal[],
  pack: ConversationPack,
  locale: 'zh-CN' | 'en' | undefined,
): ConversationPatch | undefined {
  const handoff = signals.find((signal) => signal.type === 'handoff');
  const relocale = locale !== undefined && locale !== conversation.locale;
  if (!handoff && !relocale) return undefined;
  return {
    ...(handoff
      ? {
          status: 'queued' as const,
          queueId: pack.defaultQueue,
          handoffReason: handoff.reason,
          // A red flag goes first in every queue (core/routing PRIORITY.emergency).
          ...(handoff.reason === 'safety' ? { priority: PRIORITY.emergency } : {}),
        }
      : {}),
    ...(relocale ? { locale } : {}),
  };
}

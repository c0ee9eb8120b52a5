import type { NluResult } from '../nlu/engine.ts';
import type { ConversationPack } from '../packs/conversation-pack.ts';
import type { LocalizedText, PackLocale } from '../packs/localized-text.ts';
import type { DialogueState } from './dialogue-state.ts';
import type { FlowDefinition } from './flow.schema.ts';

export interface BotReply {
  readonly text: string;
  readonly kind:
    | 'greeting'
    | 'answer'
    | 'prompt'
    | 'confirm'
    | 'done'
    | 'safety'
    | 'handoff'
    | 'fallback'
    | 'goodbye'
    | 'auto';
  /** The knowledge-base article an answer comes from. */
  readonly citation?: { readonly articleId: string; readonly title: string };
  readonly suggestions?: readonly string[];
}

export type DialogueSignal =
  | { readonly type: 'handoff'; readonly reason: 'requested' | 'safety' | 'fallback' | 'sentiment' }
  | { readonly type: 'safety'; readonly rules: readonly string[] }
  | { readonly type: 'flow-completed'; readonly flowId: string; readonly version: number }
  | { readonly type: 'flow-cancelled'; readonly flowId: string }
  | { readonly type: 'ended' };

/** Where flows come from: the pack's defaults and the tenant's saved versions. */
export interface FlowResolver {
  /** The version new conversations start on. */
  active(tenantId: string, flowId: string): Promise<FlowDefinition | undefined>;
  /** One exact version, for conversations pinned to it. */
  version(tenantId: string, flowId: string, version: number): Promise<FlowDefinition | undefined>;
  /** Intent → id of the flow it starts, over the active versions. */
  triggers(tenantId: string): Promise<ReadonlyMap<string, string>>;
}

export interface KnowledgePortQuery {
  readonly text: string;
  readonly locale: PackLocale;
  readonly intent: string;
}

export interface KnowledgeAnswer {
  readonly articleId: string;
  readonly title: string;
  readonly body: string;
  /** Retrieval confidence, 0..1. */
  readonly confidence: number;
}

/** FAQ retrieval (core/knowledge); undefined when nothing fits. */
export type KnowledgePort = (query: KnowledgePortQuery) => Promise<KnowledgeAnswer | undefined>;

/** What an `act` state hands a port: the filled slots of one flow run. */
export interface PortCall {
  readonly port: string;
  readonly tenantId: string;
  readonly conversationId: string;
  readonly contactId: string;
  /**
   * The directory record the conversation's visitor proved to be (a one-time code or a knowledge
   * check), while that assurance lasts; filled by the chat runtime, not the engine.
   */
  readonly verifiedSubjectId?: string;
  /**
   * With `verifiedSubjectId`: the minors that record is guardian of, with consent in force and
   * under 18 on the turn's day (core/contacts/guardianship.service.ts); filled by the chat runtime.
   */
  readonly wardIds?: readonly string[];
  readonly flowId: string;
  readonly version: number;
  /** Canonical values: vocabulary ids, ISO dates, the text typed. */
  readonly slots: Readonly<Record<string, string>>;
  readonly locale: PackLocale;
  /** The same for a retried call of the same flow run (DESIGN §7: every external write carries one). */
  readonly idempotencyKey: string;
  /** The tenant's zone: dates in `slots` are local dates there. */
  readonly timeZone: string;
  /** The turn's clock, so that "today" is the same for the engine and the port. */
  readonly now: Date;
  /** The message being answered, as typed: a triage port reads the symptoms the flow started on. */
  readonly text: string;
  /** The state's constant arguments (`args`), e.g. which booking service to search. */
  readonly args: Readonly<Record<string, string>>;
}

export interface PortResult {
  /** Shown to the contact, e.g. a request number. */
  readonly reference?: string;
  /** Values for the run's later states, by the names the `act` state `provides` (an appointment id). */
  readonly values?: Readonly<Record<string, { readonly value: string; readonly text: string }>>;
  /** A `choose` state's options, best first; the engine shows at most `MAX_CHOICES`. */
  readonly options?: readonly { readonly value: string; readonly label: LocalizedText | string }[];
}

/**
 * A port's refusal the contact should read ("that time was just taken"), as opposed to a fault.
 * An `act` state with `failed` says it and moves on; any other error offers a human.
 */
export class PortRefusal extends Error {
  override readonly name = 'PortRefusal';
  /**
   * `final`: trying again cannot help (a one-time code used up or expired); an `act` state with
   * `exhausted` goes there instead of `failed`.
   */
  readonly final: boolean;
  constructor(
    readonly text: LocalizedText,
    options: { readonly final?: boolean } = {},
  ) {
    super(text.en);
    this.final = options.final ?? false;
  }
}

/** A port resolves on success and rejects on failure. */
export type ActionPort = (call: PortCall) => Promise<PortResult>;

export interface DialogueDeps {
  readonly ports: Readonly<Record<string, ActionPort>>;
  readonly knowledge: KnowledgePort;
  /** Told of a port (or the knowledge base, as `knowledge`) that failed: for logs, never the slots. */
  readonly onPortError?: (port: string, error: unknown) => void;
}

export interface ConversationRef {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly contactId: string;
}

/** One inbound message. */
export interface TurnInput {
  /** What the last turn returned (unsealed by the conversation store); undefined for a new conversation. */
  readonly state: DialogueState | undefined;
  /** The message as typed (free-text slots keep its case; `nlu.text` is folded). */
  readonly text: string;
  readonly nlu: NluResult;
  /** The conversation's language; replies follow the contact's when the message makes it clear. */
  readonly locale: PackLocale;
  readonly now: Date;
  /** IANA zone for "today" and date display (the tenant's); default Asia/Shanghai. */
  readonly timeZone?: string;
  readonly conversation: ConversationRef;
  /** The pack as layered for the tenant (`layerPack`). */
  readonly config: ConversationPack;
  readonly flows: FlowResolver;
}

export interface TurnOutput {
  readonly state: DialogueState;
  readonly replies: readonly BotReply[];
  readonly signals: readonly DialogueSignal[];
}

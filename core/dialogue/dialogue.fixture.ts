import type { ConversationPack } from '../packs/conversation-pack.ts';
import type { PackLocale } from '../packs/localized-text.ts';
import { createPackNluEngine } from '../packs/pack-nlu.ts';
import { createDialogueEngine } from './dialogue-engine.ts';
import type { DialogueState } from './dialogue-state.ts';
import type { ActionPort, FlowResolver, KnowledgePort, PortCall, TurnOutput } from './dialogue-types.ts';
import { createStaticFlowResolver } from './static-flows.ts';

/** Shared set-up of the dialogue suites: one conversation, driven message by message through the real NLU. */

export const CONVERSATION = {
  tenantId: 'tenant-1',
  conversationId: 'conv-1',
  contactId: 'contact-1',
} as const;
/** Tuesday 1 December 2026, 10:00 in Asia/Shanghai. */
export const START = new Date('2026-12-01T02:00:00Z');

export interface ChatOptions {
  readonly config: ConversationPack;
  readonly knowledge: KnowledgePort;
  readonly ports?: Readonly<Record<string, ActionPort>>;
  readonly flows?: FlowResolver;
  readonly locale?: PackLocale;
  readonly tenantId?: string;
  readonly onPortError?: (port: string, error: unknown) => void;
}

export function createChat(options: ChatOptions) {
  const nlu = createPackNluEngine(options.config, { timeZone: 'Asia/Shanghai' });
  const engine = createDialogueEngine({
    ports: options.ports ?? {},
    knowledge: options.knowledge,
    ...(options.onPortError ? { onPortError: options.onPortError } : {}),
  });
  let flows = options.flows ?? createStaticFlowResolver(options.config.flows);
  let now = START;
  let state: DialogueState | undefined;
  return {
    async send(text: string): Promise<TurnOutput> {
      const out = await engine.turn({
        // What the conversation store gives back after sealing: JSON, nothing more.
        state: state === undefined ? undefined : JSON.parse(JSON.stringify(state)),
        text,
        nlu: nlu.parse(text, { now, timeZone: 'Asia/Shanghai' }),
        locale: options.locale ?? 'zh-CN',
        now,
        timeZone: 'Asia/Shanghai',
        conversation: options.tenantId ? { ...CONVERSATION, tenantId: options.tenantId } : CONVERSATION,
        config: options.config,
        flows,
      });
      state = out.state;
      return out;
    },
    /** Replies only, as `kind: text` lines. */
    async say(text: string): Promise<string[]> {
      return (await this.send(text)).replies.map((r) => `${r.kind}: ${r.text}`);
    },
    wait(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    /** Back to an earlier state, as when the store lost the state of the last turn. */
    restore(earlier: DialogueState | undefined) {
      state = earlier;
    },
    useFlows(resolver: FlowResolver) {
      flows = resolver;
    },
    get state() {
      return state;
    },
  };
}

/** A port that records its calls and answers with a reference number. */
export function recordingPort(reference = 'REQ-0001') {
  const calls: PortCall[] = [];
  const port: ActionPort = async (call) => {
    calls.push(call);
    return { reference };
  };
  return { port, calls };
}

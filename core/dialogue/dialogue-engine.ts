import { autoReplyStep, fallbackStep, knowledgeStep } from './answer-steps.ts';
import {
  globalIntentStep,
  offeredHumanStep,
  safetyStep,
  sentimentStep,
  timeoutStep,
} from './dialogue-guards.ts';
import { type CarriedEntity, emptyDialogueState, readDialogueState } from './dialogue-state.ts';
import { replyLocale } from './dialogue-text.ts';
import type { Step, Turn } from './dialogue-turn.ts';
import type { DialogueDeps, TurnInput, TurnOutput } from './dialogue-types.ts';
import { flowStep, startFlowStep } from './flow-steps.ts';

/**
 * The order of precedence (docs/dialogue.md): safety > timeout > a second angry message in a row >
 * global intents > a pending
 * offer of a human > the running flow (corrections, slot filling, confirmation, digressions) >
 * starting a flow > auto-replies > knowledge > fallback. The first step that deals with the
 * message ends the turn; the timeout step only clears state and lets the message through.
 */
const STEPS: readonly Step[] = [
  safetyStep,
  timeoutStep,
  sentimentStep,
  globalIntentStep,
  offeredHumanStep,
  flowStep,
  startFlowStep,
  autoReplyStep,
  knowledgeStep,
  fallbackStep,
];

// Enough for "心内科 … 明天 … I want to book", little enough to forget an old topic.
const MAX_CARRIED = 5;
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface DialogueEngine {
  /** One inbound message: the replies, the signals for the conversation store, the next state. */
  turn(input: TurnInput): Promise<TurnOutput>;
}

/** Pure apart from the ports: the same input and port answers give the same output. */
export function createDialogueEngine(deps: DialogueDeps): DialogueEngine {
  return {
    async turn(input) {
      const prior = input.state === undefined ? emptyDialogueState() : readDialogueState(input.state);
      const turn: Turn = {
        input,
        deps,
        dialogue: input.config.dialogue,
        locale: replyLocale(input.nlu, prior.locale, input.locale),
        timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
        state: prior,
        // Loaded once, at the version the conversation is pinned to, for every step to use.
        flow: prior.flow
          ? await input.flows.version(input.conversation.tenantId, prior.flow.id, prior.flow.version)
          : undefined,
        replies: [],
        signals: [],
      };
      const inFlow = prior.flow !== undefined;
      for (const step of STEPS) {
        if (!(await step(turn))) continue;
        if (step !== fallbackStep) turn.state = { ...turn.state, fallbacks: 0 };
        break;
      }
      // Entities seen outside flows wait for a flow that may need them.
      const carried =
        inFlow || turn.state.flow || turn.signals.some((s) => s.type === 'ended')
          ? turn.state.carried
          : carry(turn.state.carried, input);
      return {
        state: definedOnly({
          ...turn.state,
          carried,
          locale: turn.locale,
          lastActivity: input.now.toISOString(),
        }),
        replies: turn.replies,
        signals: turn.signals,
      };
    },
  };
}

function carry(previous: readonly CarriedEntity[], input: TurnInput): readonly CarriedEntity[] {
  const seen = input.nlu.entities.map(({ type, value, text, timeOfDay, impliedDate }) => ({
    type,
    value,
    text,
    ...(timeOfDay ? { timeOfDay } : {}),
    ...(impliedDate ? { impliedDate } : {}),
  }));
  return [...previous, ...seen].slice(-MAX_CARRIED);
}

// The store seals the state as JSON: keys set to undefined are dropped here, not by the reader.
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

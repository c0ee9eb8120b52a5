import type { DialoguePack, DialogueTextKey } from '../packs/conversation-pack.ts';
import type { LocalizedText, PackLocale } from '../packs/localized-text.ts';
import type { DialogueState, FlowRun } from './dialogue-state.ts';
import { displaySlot, pick, render } from './dialogue-text.ts';
import type { BotReply, DialogueDeps, DialogueSignal, TurnInput } from './dialogue-types.ts';
import type { FlowDefinition } from './flow.schema.ts';

/** The work on one inbound message: what the steps read, and what they build up. */
export interface Turn {
  readonly input: TurnInput;
  readonly deps: DialogueDeps;
  readonly dialogue: DialoguePack;
  readonly locale: PackLocale;
  readonly timeZone: string;
  state: DialogueState;
  /** The definition of `state.flow`, at its pinned version, once loaded. */
  flow: FlowDefinition | undefined;
  readonly replies: BotReply[];
  readonly signals: DialogueSignal[];
}

/** One rule of the precedence order: true when it has dealt with the message. */
export type Step = (turn: Turn) => Promise<boolean>;

export function say(
  turn: Turn,
  kind: BotReply['kind'],
  text: LocalizedText | string,
  extra: Pick<BotReply, 'citation' | 'suggestions'> = {},
): void {
  const value = typeof text === 'string' ? text : pick(text, turn.locale);
  turn.replies.push({ text: value, kind, ...extra });
}

export const sayText = (turn: Turn, kind: BotReply['kind'], key: DialogueTextKey) =>
  say(turn, kind, turn.dialogue.texts[key]);

export const signal = (turn: Turn, s: DialogueSignal) => turn.signals.push(s);

/** The message's intent, if the classifier is sure enough of it to act on. */
export function confidentIntent(turn: Turn): string | undefined {
  const { nlu } = turn.input;
  return nlu.confidence >= turn.dialogue.intentThreshold ? nlu.intent : undefined;
}

/** Ends the running flow, if any, and says why in a signal. */
export function dropFlow(turn: Turn, how: 'cancelled' | 'completed' | 'suspended'): FlowRun | undefined {
  const run = turn.state.flow;
  if (!run) return undefined;
  if (how === 'cancelled') signal(turn, { type: 'flow-cancelled', flowId: run.id });
  if (how === 'completed') signal(turn, { type: 'flow-completed', flowId: run.id, version: run.version });
  turn.state = {
    ...turn.state,
    flow: undefined,
    ...(how === 'suspended' ? { suspended: run } : {}),
  };
  turn.flow = undefined;
  return run;
}

/** A flow text with its `{slot}` placeholders filled, values shown in the reply language. */
export function flowText(turn: Turn, text: LocalizedText, extra: Record<string, string> = {}): string {
  const run = turn.state.flow;
  const values: Record<string, string> = { ...extra };
  if (run && turn.flow) {
    // Values ports handed back (`provides`) are shown as the port wrote them.
    for (const [name, value] of Object.entries(run.slots)) values[name] = value.text;
    const context = {
      locale: turn.locale,
      timeZone: turn.timeZone,
      vocabularies: turn.input.config.nlu.vocabularies ?? [],
    };
    for (const slot of turn.flow.slots) {
      const value = run.slots[slot.name];
      if (value) values[slot.name] = displaySlot(slot, value, context);
    }
  }
  return render(pick(text, turn.locale), values);
}

import { createHash } from 'node:crypto';
import type { DialogueTextKey } from '../packs/conversation-pack.ts';
import { pick } from './dialogue-text.ts';
import { dropFlow, flowText, say, type Turn } from './dialogue-turn.ts';
import type { FlowState } from './flow.schema.ts';

// A flow is checked for unknown transitions, not for loops of say states: this bounds one turn.
const MAX_STATES_PER_TURN = 50;
const DEFAULT_MAX_ATTEMPTS = 3;

export function currentState(turn: Turn): FlowState | undefined {
  const run = turn.state.flow;
  return run && turn.flow?.states.find((s) => s.id === run.state);
}

function moveTo(turn: Turn, next: string): void {
  const run = turn.state.flow;
  if (run) turn.state = { ...turn.state, flow: { ...run, state: next, failures: 0 } };
}

/** Several dialogue texts as one reply: Chinese runs sentences together, English spaces them. */
export function joined(turn: Turn, ...keys: DialogueTextKey[]): string {
  return keys.map((key) => pick(turn.dialogue.texts[key], turn.locale)).join(turn.locale === 'en' ? ' ' : '');
}

/** Gives up on the flow and offers a human; a "yes" to the offer hands the conversation over. */
export function offerHuman(turn: Turn, ...before: DialogueTextKey[]): void {
  say(turn, 'fallback', joined(turn, ...before, 'offerHuman'));
  dropFlow(turn, 'cancelled');
  turn.state = { ...turn.state, offeredHuman: true };
}

/** Says what the flow is waiting for: the slot's prompt (or re-prompt), or the confirmation. */
export function promptPending(turn: Turn, again = false): void {
  const state = currentState(turn);
  if (state?.type === 'confirm') say(turn, 'confirm', flowText(turn, state.text));
  if (state?.type !== 'ask') return;
  const slot = turn.flow?.slots.find((s) => s.name === state.slot);
  if (slot) say(turn, 'prompt', flowText(turn, again ? (slot.reprompt ?? slot.prompt) : slot.prompt));
}

/** Counts an unusable answer: re-asks, or offers a human once the state's attempts are used up. */
export function failedAnswer(turn: Turn, refusal?: string): void {
  const run = turn.state.flow;
  const state = currentState(turn);
  if (!run || !state) return;
  const slot = state.type === 'ask' ? turn.flow?.slots.find((s) => s.name === state.slot) : undefined;
  const limit = (state.type === 'confirm' ? state.maxAttempts : slot?.maxAttempts) ?? DEFAULT_MAX_ATTEMPTS;
  const failures = run.failures + 1;
  if (failures >= limit) {
    offerHuman(turn);
    return;
  }
  turn.state = { ...turn.state, flow: { ...run, failures } };
  if (refusal) say(turn, 'prompt', refusal);
  promptPending(turn, true);
}

/** Runs the flow from its current state until it waits for the contact or ends. */
export async function advance(turn: Turn): Promise<void> {
  for (let step = 0; step < MAX_STATES_PER_TURN; step++) {
    const run = turn.state.flow;
    const state = currentState(turn);
    if (!run || !state) {
      if (run) offerHuman(turn, 'portError');
      return;
    }
    switch (state.type) {
      case 'ask':
        if (run.slots[state.slot] === undefined) {
          promptPending(turn);
          return;
        }
        moveTo(turn, state.next);
        break;
      case 'confirm':
        promptPending(turn);
        return;
      case 'say':
        say(turn, 'answer', flowText(turn, state.text));
        moveTo(turn, state.next);
        break;
      case 'act':
        if (!(await act(turn, state))) {
          offerHuman(turn, 'portError');
          return;
        }
        moveTo(turn, state.next);
        break;
      case 'end':
        if (state.text) say(turn, 'done', flowText(turn, state.text));
        dropFlow(turn, state.outcome === 'cancelled' ? 'cancelled' : 'completed');
        return;
    }
  }
  offerHuman(turn, 'portError');
}

async function act(turn: Turn, state: Extract<FlowState, { type: 'act' }>): Promise<boolean> {
  const run = turn.state.flow;
  const port = turn.deps.ports[state.port];
  if (!run || !port) return false;
  const { tenantId, conversationId, contactId } = turn.input.conversation;
  const slots = Object.fromEntries(Object.entries(run.slots).map(([name, v]) => [name, v.value]));
  const idempotencyKey = createHash('sha256')
    .update([tenantId, conversationId, run.id, run.version, run.startedAt, state.id].join('\u0000'))
    .digest('base64url');
  let reference: string | undefined;
  try {
    const result = await port({
      port: state.port,
      tenantId,
      conversationId,
      contactId,
      flowId: run.id,
      version: run.version,
      slots,
      locale: turn.locale,
      idempotencyKey,
    });
    reference = result.reference;
  } catch (error) {
    turn.deps.onPortError?.(state.port, error);
    return false;
  }
  if (state.done) say(turn, 'done', flowText(turn, state.done, { reference: reference ?? '' }));
  return true;
}

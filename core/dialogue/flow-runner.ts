import { createHash } from 'node:crypto';
import type { DialogueTextKey } from '../packs/conversation-pack.ts';
import { MAX_CHOICES, numberedChoices } from './choice-words.ts';
import type { Choice, FlowRun } from './dialogue-state.ts';
import { pick } from './dialogue-text.ts';
import { dropFlow, flowText, say, type Turn } from './dialogue-turn.ts';
import { type PortCall, PortRefusal } from './dialogue-types.ts';
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
  if (run) turn.state = { ...turn.state, flow: { ...run, state: next, failures: 0, choices: undefined } };
}

function updateRun(turn: Turn, change: (run: FlowRun) => FlowRun): void {
  const run = turn.state.flow;
  if (run) turn.state = { ...turn.state, flow: change(run) };
}

/** Empties slots so that their states ask (or offer) again. */
export function clearSlots(turn: Turn, names: readonly string[]): void {
  updateRun(turn, (run) => ({
    ...run,
    slots: Object.fromEntries(Object.entries(run.slots).filter(([name]) => !names.includes(name))),
  }));
}

/**
 * A slot changed after options were chosen from it (another day, another department): every choice
 * is emptied and the flow runs again from its start, so the options are fetched afresh. Filled
 * slots are kept; only the offers are repeated. True when something was emptied.
 */
export function reopenChoices(turn: Turn, changed: readonly string[]): boolean {
  const run = turn.state.flow;
  const flow = turn.flow;
  if (!run || !flow || changed.length === 0) return false;
  const chosen = flow.states.flatMap((s) =>
    s.type === 'choose' && run.slots[s.slot] !== undefined && !changed.includes(s.slot) ? [s.slot] : [],
  );
  if (chosen.length === 0) return false;
  clearSlots(turn, chosen);
  moveTo(turn, flow.start);
  return true;
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
  if (state?.type === 'choose') {
    const choices = turn.state.flow?.choices ?? [];
    say(turn, 'prompt', flowText(turn, state.prompt, { options: numberedChoices(choices) }));
  }
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
  const limit =
    (state.type === 'confirm' || state.type === 'choose' ? state.maxAttempts : slot?.maxAttempts) ??
    DEFAULT_MAX_ATTEMPTS;
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
      case 'choose': {
        if (run.slots[state.slot] !== undefined) {
          moveTo(turn, state.next);
          break;
        }
        const offered = await offer(turn, state);
        if (offered === undefined) {
          offerHuman(turn, 'portError');
          return;
        }
        if (offered.length > 0) {
          updateRun(turn, (r) => ({ ...r, choices: offered }));
          promptPending(turn);
          return;
        }
        if (state.noneText) say(turn, 'prompt', flowText(turn, state.noneText));
        clearSlots(turn, state.resetOnNone ?? []);
        moveTo(turn, state.none);
        break;
      }
      case 'act': {
        const outcome = await act(turn, state);
        if (outcome === 'failed') {
          offerHuman(turn, 'portError');
          return;
        }
        if (outcome === 'refused' || outcome === 'exhausted') {
          const to = (outcome === 'exhausted' ? state.exhausted : undefined) ?? (state.failed as string);
          // Back to an offer or a question: it must be made again, not skipped for the refused value.
          const target = turn.flow?.states.find((s) => s.id === to);
          if (target?.type === 'choose' || target?.type === 'ask') clearSlots(turn, [target.slot]);
          moveTo(turn, to);
          break;
        }
        moveTo(turn, state.next);
        break;
      }
      case 'end':
        if (state.text) say(turn, 'done', flowText(turn, state.text));
        dropFlow(turn, state.outcome === 'cancelled' ? 'cancelled' : 'completed');
        return;
    }
  }
  offerHuman(turn, 'portError');
}

/** What a port is told: the run's slot values and a key that is the same for a retry of the same call. */
function portCall(
  turn: Turn,
  run: FlowRun,
  state: { id: string; port: string; args?: Readonly<Record<string, string>> },
): PortCall {
  const { tenantId, conversationId, contactId } = turn.input.conversation;
  const slots = Object.fromEntries(Object.entries(run.slots).map(([name, v]) => [name, v.value]));
  // The slot values are part of the call: holding another time after a refusal is another request.
  const idempotencyKey = createHash('sha256')
    .update(
      [tenantId, conversationId, run.id, run.version, run.startedAt, state.id, JSON.stringify(slots)].join(
        '\u0000',
      ),
    )
    .digest('base64url');
  return {
    port: state.port,
    tenantId,
    conversationId,
    contactId,
    flowId: run.id,
    version: run.version,
    slots,
    locale: turn.locale,
    idempotencyKey,
    timeZone: turn.timeZone,
    now: turn.input.now,
    text: turn.input.text,
    args: state.args ?? {},
  };
}

async function offer(
  turn: Turn,
  state: Extract<FlowState, { type: 'choose' }>,
): Promise<Choice[] | undefined> {
  const run = turn.state.flow;
  const port = turn.deps.ports[state.port];
  if (!run || !port) return undefined;
  try {
    const result = await port(portCall(turn, run, state));
    return (result.options ?? []).slice(0, MAX_CHOICES).map((o) => ({
      value: o.value,
      label: typeof o.label === 'string' ? o.label : pick(o.label, turn.locale),
    }));
  } catch (error) {
    turn.deps.onPortError?.(state.port, error);
    return undefined;
  }
}

async function act(
  turn: Turn,
  state: Extract<FlowState, { type: 'act' }>,
): Promise<'done' | 'refused' | 'exhausted' | 'failed'> {
  const run = turn.state.flow;
  const port = turn.deps.ports[state.port];
  if (!run || !port) return 'failed';
  let reference: string | undefined;
  try {
    const result = await port(portCall(turn, run, state));
    reference = result.reference;
    const provided = Object.entries(result.values ?? {}).filter(([name]) => state.provides?.includes(name));
    if (provided.length > 0)
      updateRun(turn, (r) => ({ ...r, slots: { ...r.slots, ...Object.fromEntries(provided) } }));
  } catch (error) {
    if (error instanceof PortRefusal && state.failed !== undefined) {
      say(turn, 'prompt', pick(error.text, turn.locale));
      return error.final && state.exhausted !== undefined ? 'exhausted' : 'refused';
    }
    turn.deps.onPortError?.(state.port, error);
    return 'failed';
  }
  if (state.done) say(turn, 'done', flowText(turn, state.done, { reference: reference ?? '' }));
  return 'done';
}

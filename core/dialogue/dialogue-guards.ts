import type { NluResult } from '../nlu/engine.ts';
import { listedYesOrNo, yesOrNo } from './confirm-words.ts';
import { emptyDialogueState } from './dialogue-state.ts';
import { confidentIntent, dropFlow, type Step, say, sayText, signal } from './dialogue-turn.ts';
import { currentState, joined, promptPending } from './flow-runner.ts';
import { shapedTextAnswer } from './slot-values.ts';

/**
 * The steps that come before any flow or answer: red flags, inactivity, the global intents and a
 * pending offer of a human. Each is one small rule; `dialogue-engine.ts` runs them in order.
 */

/** DESIGN §2.6: a red flag preempts everything — emergency guidance, a human, the flow set aside. */
export const safetyStep: Step = async (turn) => {
  const { safety } = turn.input.nlu;
  // A message classified as an emergency is one, even in words no red-flag rule knows.
  const { emergencyIntent } = turn.dialogue;
  const byIntent =
    emergencyIntent !== undefined && confidentIntent(turn) === emergencyIntent && hasWords(turn.input.nlu);
  if (!safety.flagged && !byIntent) return false;
  sayText(turn, 'safety', 'safety');
  const rules = safety.matches.map((m) => m.rule);
  signal(turn, {
    type: 'safety',
    rules: [...new Set(rules.length > 0 ? rules : [`intent:${emergencyIntent}`])],
  });
  signal(turn, { type: 'handoff', reason: 'safety' });
  dropFlow(turn, 'suspended');
  turn.state = { ...turn.state, fallbacks: 0, offeredHuman: undefined };
  return true;
};

/**
 * Whether a message says something beyond its entities: a phone number or a date given as an
 * answer carries too little for its classification to mean anything on its own.
 */
function hasWords(nlu: NluResult): boolean {
  let residue = nlu.text;
  for (const e of [...nlu.entities].sort((a, b) => b.start - a.start))
    residue = residue.slice(0, e.start) + residue.slice(e.end);
  return /\p{L}{2,}/u.test(residue.replace(/\p{Script=Han}/gu, 'xx'));
}

/**
 * An upset contact reaches a person: the first angry message (NLU sentiment `escalate`: abuse,
 * threats to complain or sue, shouting) is answered as usual — a complaint's reply already offers
 * a human — and a second in a row hands the conversation over, the flow set aside for the agent.
 * Any calmer message in between starts the count again.
 */
export const sentimentStep: Step = async (turn) => {
  if (!turn.input.nlu.sentiment.escalate) {
    if (turn.state.upset !== undefined) turn.state = { ...turn.state, upset: undefined };
    return false;
  }
  const upset = (turn.state.upset ?? 0) + 1;
  if (upset < 2) {
    turn.state = { ...turn.state, upset };
    return false;
  }
  sayText(turn, 'handoff', 'handoff');
  signal(turn, { type: 'handoff', reason: 'sentiment' });
  dropFlow(turn, 'suspended');
  turn.state = { ...turn.state, upset: undefined, fallbacks: 0, offeredHuman: undefined };
  return true;
};

/** After the configured inactivity a running flow is dropped, and the message handled afresh. */
export const timeoutStep: Step = async (turn) => {
  const last = turn.state.lastActivity ? Date.parse(turn.state.lastActivity) : Number.NaN;
  const idle = turn.input.now.getTime() - last;
  if (!(idle > turn.dialogue.timeoutMinutes * 60_000)) return false;
  if (turn.state.flow) {
    sayText(turn, 'auto', 'timeout');
    dropFlow(turn, 'cancelled');
  }
  turn.state = { ...turn.state, carried: [], fallbacks: 0, offeredHuman: undefined };
  return false;
};

/** Cancel, restart, a human, goodbye and hello work anywhere, in a flow or not. */
export const globalIntentStep: Step = async (turn) => {
  const intent = confidentIntent(turn);
  const global = turn.dialogue.globalIntents;
  if (intent === undefined) return false;
  // A yes or no to the question on the table is its answer, whatever else the classifier reads
  // into "好的" or "no thanks" (a goodbye?). A request for a human still goes first — unless the
  // whole message is a listed answer: "yes please" is a yes, not a call for staff.
  // An answer of the shape the pending question asks for (a six-digit code) is that answer: a
  // classifier may read "598846" as a goodbye.
  const pending = currentState(turn);
  const asked = pending?.type === 'ask' ? turn.flow?.slots.find((s) => s.name === pending.slot) : undefined;
  if (asked && shapedTextAnswer(asked, turn.input.text)) return false;
  const answering = turn.state.offeredHuman || pending?.type === 'confirm';
  if (
    answering &&
    (listedYesOrNo(turn.input.nlu) !== undefined ||
      (intent !== global.human &&
        yesOrNo(turn.input.nlu, turn.dialogue.confirmIntents ?? {}, turn.dialogue.intentThreshold) !==
          undefined))
  )
    return false;
  switch (intent) {
    case global.cancel: {
      if (dropFlow(turn, 'cancelled')) {
        sayText(turn, 'answer', 'cancelled');
        return true;
      }
      // Nothing to stop: the intent may start a flow of its own (cancel an appointment).
      const triggers = await turn.input.flows.triggers(turn.input.conversation.tenantId);
      if (triggers.has(intent)) return false;
      sayText(turn, 'answer', 'anythingElse');
      return true;
    }
    case global.restart:
      dropFlow(turn, 'cancelled');
      turn.state = { ...emptyDialogueState(), locale: turn.locale };
      say(turn, 'greeting', joined(turn, 'restarted', 'greeting'));
      return true;
    case global.human:
      handOver(turn);
      return true;
    case global.goodbye:
      dropFlow(turn, 'cancelled');
      sayText(turn, 'goodbye', 'goodbye');
      signal(turn, { type: 'ended' });
      turn.state = { ...turn.state, carried: [], fallbacks: 0 };
      return true;
    case global.greeting:
      // "上午" or "next Tuesday morning" in a flow answers its question, whatever the classifier says.
      if (turn.state.flow && turn.input.nlu.entities.length > 0) return false;
      sayText(turn, 'greeting', 'greeting');
      promptPending(turn);
      return true;
    default:
      return false;
  }
};

/** The answer to "shall I get a colleague?": yes hands over, no moves on. */
export const offeredHumanStep: Step = async (turn) => {
  if (!turn.state.offeredHuman) return false;
  turn.state = { ...turn.state, offeredHuman: undefined };
  const confirmIntents = turn.dialogue.confirmIntents ?? {};
  const answer = yesOrNo(turn.input.nlu, confirmIntents, turn.dialogue.intentThreshold);
  if (answer === 'yes') handOver(turn);
  else if (answer === 'no') sayText(turn, 'answer', 'anythingElse');
  return answer !== undefined;
};

function handOver(turn: Parameters<Step>[0]): void {
  sayText(turn, 'handoff', 'handoff');
  signal(turn, { type: 'handoff', reason: 'requested' });
  dropFlow(turn, 'suspended');
  turn.state = { ...turn.state, fallbacks: 0 };
}

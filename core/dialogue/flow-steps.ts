import { OUT_OF_SCOPE } from '../nlu/intent-model.ts';
import { autoReply, knowledgeAnswer } from './answer-steps.ts';
import { pickChoice } from './choice-words.ts';
import { yesOrNo } from './confirm-words.ts';
import type { SlotValue } from './dialogue-state.ts';
import { confidentIntent, dropFlow, type Step, type Turn } from './dialogue-turn.ts';
import type { FlowDefinition, SlotDefinition } from './flow.schema.ts';
import {
  advance,
  currentState,
  failedAnswer,
  offerHuman,
  promptPending,
  reopenChoices,
} from './flow-runner.ts';
import {
  type EntityLike,
  entityValue,
  isValidSlotValue,
  shapedTextAnswer,
  textValue,
} from './slot-values.ts';

function setSlot(turn: Turn, name: string, value: SlotValue): void {
  const run = turn.state.flow;
  if (run) turn.state = { ...turn.state, flow: { ...run, slots: { ...run.slots, [name]: value } } };
}

const slotContext = (turn: Turn) => ({ now: turn.input.now, timeZone: turn.timeZone });

interface Applied {
  /** Slots given a new value by this message: fills and corrections. */
  readonly changed: readonly string[];
  /** A slot whose value was understood but refused by its validation. */
  readonly refused?: SlotDefinition;
}

/**
 * Fills slots from entities: the slot being asked first, then corrections of filled slots
 * ("actually make it Friday", 改成周五), then slots not asked yet ("眼科，后天"). Each entity
 * fills one slot; free-text slots are never filled this way.
 */
function applyEntities(turn: Turn, flow: FlowDefinition, entities: readonly EntityLike[]): Applied {
  const run = turn.state.flow;
  if (!run) return { changed: [] };
  const state = currentState(turn);
  const asked = state?.type === 'ask' ? state.slot : undefined;
  const order = [...flow.slots].sort((a, b) => rank(a) - rank(b));
  function rank(slot: SlotDefinition) {
    if (slot.name === asked) return 0;
    return run?.slots[slot.name] ? 1 : 2;
  }
  const unused = [...entities];
  const changed: string[] = [];
  let refused: SlotDefinition | undefined;
  for (const slot of order) {
    if (slot.entity === 'text') continue;
    // "明天上午" gives a day and a part of day: the part rides on the day, so it is read from
    // every entity, and takes none away from the other slots.
    const partOfDay = slot.entity === 'time_of_day';
    const found = entityValue(slot, partOfDay ? entities : unused);
    if (!found) continue;
    if (!partOfDay)
      unused.splice(
        unused.findIndex((e) => e.text === found.text),
        1,
      );
    if (run.slots[slot.name]?.value === found.value) continue;
    if (!isValidSlotValue(slot, found, slotContext(turn))) {
      refused ??= slot;
      continue;
    }
    setSlot(turn, slot.name, found);
    changed.push(slot.name);
  }
  return refused ? { changed, refused } : { changed };
}

/** A question off the flow's path, answered so the flow can resume ("where do I park?"). */
async function digression(turn: Turn, flow: FlowDefinition): Promise<boolean> {
  const intent = confidentIntent(turn);
  if (intent === undefined || intent === OUT_OF_SCOPE) return false;
  const confirm = turn.dialogue.confirmIntents ?? {};
  const ours = [...flow.trigger, ...(flow.answerIntents ?? []), confirm.affirm, confirm.deny];
  if (ours.includes(intent)) return false;
  return autoReply(turn, intent) || (await knowledgeAnswer(turn, intent));
}

const refusal = (turn: Turn, slot: SlotDefinition | undefined) => slot?.validation?.message?.[turn.locale];

/** A message while a flow runs: corrections, slot filling, the confirmation, digressions. */
export const flowStep: Step = async (turn) => {
  const run = turn.state.flow;
  if (!run) return false;
  const flow = turn.flow;
  if (!flow) {
    // The pinned version is gone (a deleted tenant flow): the message is handled outside flows.
    dropFlow(turn, 'cancelled');
    return false;
  }
  const state = currentState(turn);
  if (state?.type !== 'ask' && state?.type !== 'confirm' && state?.type !== 'choose') {
    await advance(turn);
    return true;
  }
  if (state.type === 'choose') {
    // A pick first: "9:30" is an option here, not a correction of the day.
    const picked = pickChoice(turn.input.text, run.choices ?? []);
    const choice = picked === undefined ? undefined : run.choices?.[picked];
    if (choice) {
      setSlot(turn, state.slot, { value: choice.value, text: choice.label });
      await advance(turn);
      return true;
    }
  }
  const before = run.slots;
  const { changed, refused } = applyEntities(turn, flow, turn.input.nlu.entities);
  // Only a new value for a slot that had one is a correction; a first answer is not.
  const corrected = changed.filter((name) => before[name] !== undefined);
  if (reopenChoices(turn, corrected)) {
    await advance(turn);
    return true;
  }
  if (state.type === 'choose') {
    // Another day or department: `reopenChoices` found nothing chosen yet, so offer afresh here.
    if (changed.length > 0) await reoffer(turn);
    else if (refused) failedAnswer(turn, refusal(turn, refused));
    else if (await digression(turn, flow)) promptPending(turn);
    else failedAnswer(turn);
    return true;
  }
  if (state.type === 'confirm') {
    if (changed.length > 0) promptPending(turn);
    else if (refused) failedAnswer(turn, refusal(turn, refused));
    else {
      const answer = yesOrNo(
        turn.input.nlu,
        turn.dialogue.confirmIntents ?? {},
        turn.dialogue.intentThreshold,
      );
      if (answer) {
        const next = answer === 'yes' ? state.yes : state.no;
        turn.state = { ...turn.state, flow: { ...run, state: next, failures: 0 } };
        await advance(turn);
      } else if (await digression(turn, flow)) promptPending(turn);
      else failedAnswer(turn);
    }
    return true;
  }
  const slot = flow.slots.find((s) => s.name === state.slot);
  const shaped = slot && shapedTextAnswer(slot, turn.input.text);
  if (!slot) offerHuman(turn, 'portError');
  else if (changed.includes(slot.name)) await advance(turn);
  else if (refused?.name === slot.name) failedAnswer(turn, refusal(turn, slot));
  // A correction of another slot: the question still stands.
  else if (changed.length > 0) promptPending(turn);
  else if (shaped) {
    setSlot(turn, slot.name, shaped);
    await advance(turn);
  } else if (await digression(turn, flow)) promptPending(turn);
  else if (slot.entity === 'text') {
    const value = textValue(slot, turn.input.text);
    if (isValidSlotValue(slot, value, slotContext(turn))) {
      setSlot(turn, slot.name, value);
      await advance(turn);
    } else failedAnswer(turn, refusal(turn, slot));
  } else failedAnswer(turn, refusal(turn, refused));
  return true;
};

async function reoffer(turn: Turn): Promise<void> {
  const run = turn.state.flow;
  const flow = turn.flow;
  if (!run || !flow) return;
  turn.state = { ...turn.state, flow: { ...run, state: flow.start, failures: 0, choices: undefined } };
  await advance(turn);
}

/** An intent that starts a flow: slots are filled from this message, then from earlier ones. */
export const startFlowStep: Step = async (turn) => {
  const intent = confidentIntent(turn);
  if (intent === undefined) return false;
  const { tenantId } = turn.input.conversation;
  const flowId = (await turn.input.flows.triggers(tenantId)).get(intent);
  const flow = flowId === undefined ? undefined : await turn.input.flows.active(tenantId, flowId);
  if (!flow) return false;
  // This message's entities first, then the latest earlier ones: "book cardiology" after asking
  // about pediatrics means cardiology.
  const entities = [...turn.input.nlu.entities, ...[...turn.state.carried].reverse()];
  turn.flow = flow;
  turn.state = {
    ...turn.state,
    carried: [],
    flow: {
      id: flow.id,
      version: flow.version,
      state: flow.start,
      slots: {},
      failures: 0,
      startedAt: turn.input.now.toISOString(),
    },
  };
  applyEntities(turn, flow, entities);
  await advance(turn);
  return true;
};

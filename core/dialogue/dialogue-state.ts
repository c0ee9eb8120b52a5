import { z } from 'zod';
import { PACK_LOCALES } from '../packs/localized-text.ts';

export const DIALOGUE_STATE_VERSION = 1;

/** A slot's canonical value (what ports get) and the words it was given in. */
export interface SlotValue {
  readonly value: string;
  readonly text: string;
}

/** A flow in progress, pinned to the version it started on. */
export interface FlowRun {
  readonly id: string;
  readonly version: number;
  /** The state waiting for the contact. */
  readonly state: string;
  readonly slots: Readonly<Record<string, SlotValue>>;
  /** Unusable answers to the current state. */
  readonly failures: number;
  /** ISO instant; with the flow's identity it makes the port's idempotency key. */
  readonly startedAt: string;
  /** What a `choose` state offered, in the order shown: the contact answers "the second one". */
  readonly choices?: readonly Choice[];
}

/** One option of a `choose` state: `value` fills the slot, `label` is what the contact read. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** An entity seen outside a flow, kept to fill the slots of a flow started later. */
export interface CarriedEntity {
  readonly type: string;
  readonly value: string;
  readonly text: string;
  readonly timeOfDay?: string;
  readonly impliedDate?: true;
}

/**
 * Everything the engine remembers between two messages. JSON, versioned by `v`: it holds what
 * the contact typed (slot values), so the conversation store seals it under the contact's key.
 */
export interface DialogueState {
  readonly v: typeof DIALOGUE_STATE_VERSION;
  readonly locale?: 'zh-CN' | 'en';
  /** ISO instant of the last inbound message. */
  readonly lastActivity?: string;
  readonly flow?: FlowRun;
  /** A flow interrupted by a red flag or a handoff, kept for the agent's context. */
  readonly suspended?: FlowRun;
  /** Consecutive messages the bot could not answer. */
  readonly fallbacks: number;
  /** The last reply offered a human: a "yes" now hands the conversation over. */
  readonly offeredHuman?: boolean;
  /** Consecutive angry messages (NLU sentiment `escalate`); the second hands over. */
  readonly upset?: number;
  readonly carried: readonly CarriedEntity[];
}

const slotValue = z.strictObject({ value: z.string(), text: z.string() });
const flowRun = z.strictObject({
  id: z.string(),
  version: z.int().min(1),
  state: z.string(),
  slots: z.record(z.string(), slotValue),
  failures: z.int().min(0),
  startedAt: z.string(),
  choices: z.array(z.strictObject({ value: z.string(), label: z.string() })).optional(),
});

const stateSchema = z.strictObject({
  v: z.literal(DIALOGUE_STATE_VERSION),
  locale: z.enum(PACK_LOCALES).optional(),
  lastActivity: z.string().optional(),
  flow: flowRun.optional(),
  suspended: flowRun.optional(),
  fallbacks: z.int().min(0),
  offeredHuman: z.boolean().optional(),
  upset: z.int().min(0).max(10).optional(),
  carried: z.array(
    z.strictObject({
      type: z.string(),
      value: z.string(),
      text: z.string(),
      timeOfDay: z.string().optional(),
      impliedDate: z.literal(true).optional(),
    }),
  ),
});

export const emptyDialogueState = (): DialogueState => ({
  v: DIALOGUE_STATE_VERSION,
  fallbacks: 0,
  carried: [],
});

/**
 * The state to continue from. A state of another version (an older deployment's) or a damaged
 * one starts the conversation afresh rather than failing the message.
 */
export function readDialogueState(state: unknown): DialogueState {
  const parsed = stateSchema.safeParse(state);
  return parsed.success ? (parsed.data as DialogueState) : emptyDialogueState();
}

import { z } from 'zod';
import { type LocalizedText, localizedTextSchema } from '../packs/localized-text.ts';

/**
 * A flow is data: a finite-state machine over slots, JSON-serialisable so that a tenant admin can
 * edit it and a running conversation can be pinned to the version it started on. Structure is
 * checked here; references between its parts (states, slots, ports) by `checkFlow`.
 */
export interface FlowDefinition {
  /** kebab-case, so it can name an audit resource (`book-visit:v3`). */
  readonly id: string;
  readonly version: number;
  readonly title: LocalizedText;
  /** Intents that start this flow outside any other flow. */
  readonly trigger: readonly string[];
  /** Intents that answer this flow's prompts (`provide_name`): never taken for a digression. */
  readonly answerIntents?: readonly string[];
  readonly slots: readonly SlotDefinition[];
  /** Id of the first state. */
  readonly start: string;
  readonly states: readonly FlowState[];
}

export interface SlotDefinition {
  readonly name: string;
  /**
   * The NLU entity type the value comes from: a pack vocabulary type (`department`), `date`,
   * `datetime` or `time` (from temporal entities), `phone` (also Chinese mobiles), `email`,
   * `record_number`, or `text` for the message itself.
   */
  readonly entity: string;
  readonly prompt: LocalizedText;
  readonly reprompt?: LocalizedText;
  /** How many unusable answers before a human is offered; default 3. */
  readonly maxAttempts?: number;
  readonly validation?: SlotValidation;
}

export interface SlotValidation {
  /** Canonical values accepted (vocabulary ids). */
  readonly allowed?: readonly string[];
  /** Dates from today (in the tenant's zone) on; date-times after now. */
  readonly future?: boolean;
  /** At most this many days ahead (dates and date-times). */
  readonly maxDaysAhead?: number;
  /** Free text: bounds on the length, after trimming. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Free text: lead-ins removed from the answer ("我叫", "my name is"). */
  readonly stripPrefixes?: readonly string[];
  /**
   * Free text: the shape of an answer (a regular expression over the whole answer, case ignored,
   * e.g. `\\d{6}`). An answer of this shape is taken before any other reading of the message.
   */
  readonly pattern?: string;
  /** Said before the re-prompt when a value was understood but refused. */
  readonly message?: LocalizedText;
}

export type FlowState = AskState | ConfirmState | ChooseState | ActState | SayState | EndState;

/** Waits for `slot` unless it is already filled, then goes to `next`. */
export interface AskState {
  readonly id: string;
  readonly type: 'ask';
  readonly slot: string;
  readonly next: string;
}

/** Reads the slots back (`{slot}` placeholders) and waits for yes or no. */
export interface ConfirmState {
  readonly id: string;
  readonly type: 'confirm';
  readonly text: LocalizedText;
  readonly yes: string;
  readonly no: string;
  readonly maxAttempts?: number;
}

/**
 * Asks a port for options (free appointment slots), offers them, and fills `slot` with the one the
 * contact picks ("2", "第二个", "the 9:30 one"). With no options it says `noneText` and goes to
 * `none`. The options are fetched afresh whenever the state is entered again.
 */
export interface ChooseState {
  readonly id: string;
  readonly type: 'choose';
  readonly port: string;
  /** Constants for the port (`{ "service": "campus-tour" }`), beside the slots. */
  readonly args?: Readonly<Record<string, string>>;
  readonly slot: string;
  /** `{options}` is replaced by the numbered list. */
  readonly prompt: LocalizedText;
  readonly none: string;
  readonly noneText?: LocalizedText;
  /** Slots emptied when nothing is on offer, so that `none` can ask for them again (the date). */
  readonly resetOnNone?: readonly string[];
  readonly next: string;
  readonly maxAttempts?: number;
}

/**
 * Calls a port with the filled slots; `done` may use `{reference}` and the values the port
 * `provides` (they become slots of the run for later texts and ports; a port may fill a declared
 * slot this way, as triage fills the department). When the port refuses
 * (a slot just taken) and `failed` is set, its message is said and the flow goes there; otherwise
 * a failure offers a human.
 */
export interface ActState {
  readonly id: string;
  readonly type: 'act';
  readonly port: string;
  /** Constants for the port, beside the slots. */
  readonly args?: Readonly<Record<string, string>>;
  readonly done?: LocalizedText;
  readonly provides?: readonly string[];
  readonly failed?: string;
  /** Where a final refusal goes (a code used up); needs `failed`, which any other refusal takes. */
  readonly exhausted?: string;
  readonly next: string;
}

export interface SayState {
  readonly id: string;
  readonly type: 'say';
  readonly text: LocalizedText;
  readonly next: string;
}

export interface EndState {
  readonly id: string;
  readonly type: 'end';
  readonly text?: LocalizedText;
  /** `cancelled` for a way out (a "no" at confirmation); default `completed`. */
  readonly outcome?: 'completed' | 'cancelled';
}

export const FLOW_ID = /^[a-z][a-z0-9-]{0,62}$/;
const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const PORT = /^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+$/;

const name = (what: string) => z.string().regex(NAME, `${what} must be snake_case (a-z, 0-9, _)`);
const stateId = name('a state id');
const attempts = z.int().min(1).max(10);
const portArgs = z
  .record(z.string().regex(NAME, 'an argument name is snake_case'), z.string().min(1).max(200))
  .refine((args) => Object.keys(args).length <= 10, 'at most 10 arguments');

const slotSchema = z.strictObject({
  name: name('a slot name'),
  entity: z.string().regex(NAME, 'an entity type must be snake_case'),
  prompt: localizedTextSchema,
  reprompt: localizedTextSchema.optional(),
  maxAttempts: attempts.optional(),
  validation: z
    .strictObject({
      allowed: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
      future: z.boolean().optional(),
      maxDaysAhead: z.int().min(0).max(3660).optional(),
      minLength: z.int().min(1).max(1000).optional(),
      maxLength: z.int().min(1).max(1000).optional(),
      stripPrefixes: z.array(z.string().min(1).max(40)).max(50).optional(),
      pattern: z
        .string()
        .min(1)
        .max(200)
        .refine((source) => {
          try {
            new RegExp(source, 'u');
            return true;
          } catch {
            return false;
          }
        }, 'a pattern is a valid regular expression')
        .optional(),
      message: localizedTextSchema.optional(),
    })
    .optional(),
});

const stateSchema = z.discriminatedUnion('type', [
  z.strictObject({ id: stateId, type: z.literal('ask'), slot: name('a slot name'), next: stateId }),
  z.strictObject({
    id: stateId,
    type: z.literal('confirm'),
    text: localizedTextSchema,
    yes: stateId,
    no: stateId,
    maxAttempts: attempts.optional(),
  }),
  z.strictObject({
    id: stateId,
    type: z.literal('choose'),
    port: z.string().regex(PORT, 'a port is named area.operation, e.g. booking.findSlots'),
    args: portArgs.optional(),
    slot: name('a slot name'),
    prompt: localizedTextSchema,
    none: stateId,
    noneText: localizedTextSchema.optional(),
    resetOnNone: z.array(name('a slot name')).max(20).optional(),
    next: stateId,
    maxAttempts: attempts.optional(),
  }),
  z.strictObject({
    id: stateId,
    type: z.literal('act'),
    port: z.string().regex(PORT, 'a port is named area.operation, e.g. scheduling.requestVisit'),
    args: portArgs.optional(),
    done: localizedTextSchema.optional(),
    provides: z.array(name('a value name')).max(10).optional(),
    failed: stateId.optional(),
    exhausted: stateId.optional(),
    next: stateId,
  }),
  z.strictObject({ id: stateId, type: z.literal('say'), text: localizedTextSchema, next: stateId }),
  z.strictObject({
    id: stateId,
    type: z.literal('end'),
    text: localizedTextSchema.optional(),
    outcome: z.enum(['completed', 'cancelled']).optional(),
  }),
]);

const flowObject = z.strictObject({
  id: z.string().regex(FLOW_ID, 'a flow id is kebab-case (a-z, 0-9, -)'),
  title: localizedTextSchema,
  trigger: z.array(name('an intent')).max(20),
  answerIntents: z.array(name('an intent')).max(20).optional(),
  slots: z.array(slotSchema).max(20),
  start: stateId,
  states: z.array(stateSchema).min(1).max(50),
});

export type FlowBody = Omit<FlowDefinition, 'version'>;

// Typed against the interfaces above: the build fails if the schemas drift from the contract.
/** A flow as a tenant submits it: everything but the version, which the store assigns. */
export const flowBodySchema: z.ZodType<FlowBody> = flowObject;
export const flowDefinitionSchema: z.ZodType<FlowDefinition> = flowObject.extend({ version: z.int().min(1) });

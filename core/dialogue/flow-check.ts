import { AppError } from '../errors/app-error.ts';
import type { LocalizedText } from '../packs/localized-text.ts';
import { type FlowBody, type FlowDefinition, type FlowState, flowBodySchema } from './flow.schema.ts';

export interface FlowProblem {
  /** Where in the definition, as a dotted path (`states.3.slot`). */
  readonly path: string;
  readonly message: string;
}

export interface FlowCheckOptions {
  /** The ports this deployment offers (`scheduling.requestVisit`). */
  readonly ports: readonly string[];
  /** When given, trigger and answer intents must be among them. */
  readonly intents?: readonly string[];
  /** When given, slot entity types must be among them (plus the built-in ones). */
  readonly entityTypes?: readonly string[];
}

/** Entity types every deployment understands, whatever its pack's vocabularies. */
export const BUILT_IN_SLOT_TYPES = [
  'text',
  'date',
  'datetime',
  'time',
  'time_of_day',
  'phone',
  'mobile_cn',
  'email',
  'record_number',
  'resident_id',
] as const;

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/**
 * The references inside a structurally valid flow: every state and slot named exists, every
 * state can be reached, every port is offered. Returns the problems, each naming what is wrong.
 */
export function checkFlow(flow: FlowBody | FlowDefinition, options: FlowCheckOptions): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  const slots = new Set<string>();
  flow.slots.forEach((slot, i) => {
    if (slots.has(slot.name)) report(`slots.${i}.name`, `slot "${slot.name}" is defined twice`);
    slots.add(slot.name);
  });
  const states = new Map<string, FlowState>();
  flow.states.forEach((state, i) => {
    if (states.has(state.id)) report(`states.${i}.id`, `state "${state.id}" is defined twice`);
    states.set(state.id, state);
  });

  const placeholders = (path: string, owner: string, text: LocalizedText | undefined, extra: string[]) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [, name] of (text?.[locale] ?? '').matchAll(PLACEHOLDER)) {
        if (!slots.has(name as string) && !extra.includes(name as string))
          report(`${path}.${locale}`, `${owner} refers to unknown slot "${name}"`);
      }
    }
  };
  const known = new Set<string>([...BUILT_IN_SLOT_TYPES, ...(options.entityTypes ?? [])]);
  flow.slots.forEach((slot, i) => {
    if (options.entityTypes && !known.has(slot.entity))
      report(`slots.${i}.entity`, `slot "${slot.name}" uses unknown entity type "${slot.entity}"`);
    placeholders(`slots.${i}.prompt`, `slot "${slot.name}"`, slot.prompt, []);
    placeholders(`slots.${i}.reprompt`, `slot "${slot.name}"`, slot.reprompt, []);
  });

  if (!states.has(flow.start)) report('start', `start refers to unknown state "${flow.start}"`);
  // Values a port hands back (`provides`) may be shown by any text, like slots.
  const provided = flow.states.flatMap((s) => (s.type === 'act' ? (s.provides ?? []) : []));
  const asked = new Set<string>();
  flow.states.forEach((state, i) => {
    const at = `states.${i}`;
    const owner = `state "${state.id}"`;
    for (const [key, target] of transitions(state)) {
      if (!states.has(target)) report(`${at}.${key}`, `${owner} transitions to unknown state "${target}"`);
    }
    if (state.type === 'ask') {
      asked.add(state.slot);
      if (!slots.has(state.slot)) report(`${at}.slot`, `${owner} refers to unknown slot "${state.slot}"`);
    }
    if (state.type === 'act' || state.type === 'choose') {
      if (!options.ports.includes(state.port))
        report(`${at}.port`, `${owner} calls port "${state.port}", which this deployment does not offer`);
    }
    if (state.type === 'act') {
      placeholders(`${at}.done`, owner, state.done, ['reference', ...provided]);
      if (state.exhausted !== undefined && state.failed === undefined)
        report(`${at}.exhausted`, `${owner} has "exhausted" without "failed"`);
    }
    if (state.type === 'choose') {
      asked.add(state.slot);
      if (!slots.has(state.slot)) report(`${at}.slot`, `${owner} refers to unknown slot "${state.slot}"`);
      placeholders(`${at}.prompt`, owner, state.prompt, ['options', ...provided]);
      placeholders(`${at}.noneText`, owner, state.noneText, provided);
      for (const [j, reset] of (state.resetOnNone ?? []).entries())
        if (!slots.has(reset)) report(`${at}.resetOnNone.${j}`, `${owner} resets unknown slot "${reset}"`);
    }
    if (state.type === 'confirm' || state.type === 'say' || state.type === 'end')
      placeholders(`${at}.text`, owner, state.text, provided);
  });
  flow.slots.forEach((slot, i) => {
    if (!asked.has(slot.name)) report(`slots.${i}`, `slot "${slot.name}" is never asked`);
  });

  const reachable = reach(flow.start, states);
  flow.states.forEach((state, i) => {
    if (!reachable.has(state.id))
      report(`states.${i}`, `state "${state.id}" is unreachable from "${flow.start}"`);
  });
  if (states.has(flow.start) && ![...reachable].some((id) => states.get(id)?.type === 'end'))
    report('states', 'no end state can be reached');

  if (options.intents) {
    const intents = new Set(options.intents);
    const lists = [['trigger', flow.trigger] as const, ['answerIntents', flow.answerIntents ?? []] as const];
    for (const [key, list] of lists)
      list.forEach((intent, i) => {
        if (!intents.has(intent)) report(`${key}.${i}`, `${key} refers to unknown intent "${intent}"`);
      });
  }
  return problems;
}

function transitions(state: FlowState): [string, string][] {
  if (state.type === 'confirm')
    return [
      ['yes', state.yes],
      ['no', state.no],
    ];
  if (state.type === 'end') return [];
  if (state.type === 'choose')
    return [
      ['next', state.next],
      ['none', state.none],
    ];
  if (state.type === 'act' && state.failed !== undefined)
    return [
      ['next', state.next],
      ['failed', state.failed],
      ...(state.exhausted === undefined ? [] : [['exhausted', state.exhausted] as [string, string]]),
    ];
  return [['next', state.next]];
}

function reach(start: string, states: ReadonlyMap<string, FlowState>): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    const state = states.get(id);
    if (!state || seen.has(id)) continue;
    seen.add(id);
    for (const [, target] of transitions(state)) queue.push(target);
  }
  return seen;
}

/** Parses and checks a submitted flow; `unprocessable` with one issue per problem. */
export function validateFlowBody(input: unknown, options: FlowCheckOptions): FlowBody {
  const parsed = flowBodySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new AppError('unprocessable', `The flow is malformed: ${describe(issues)}`, { issues });
  }
  const problems = checkFlow(parsed.data, options);
  if (problems.length > 0)
    throw new AppError('unprocessable', `The flow cannot be saved: ${describe(problems)}`, {
      issues: problems,
    });
  return parsed.data;
}

const describe = (problems: readonly FlowProblem[]) =>
  `${problems
    .slice(0, 3)
    .map((p) => p.message)
    .join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}.`;

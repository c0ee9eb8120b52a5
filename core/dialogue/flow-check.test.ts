import { describe, expect, it } from 'vitest';
import { bookVisitFlow } from '../../testing/test-pack.ts';
import { isAppError } from '../errors/app-error.ts';
import { type FlowDefinition, type FlowState, flowDefinitionSchema } from './flow.schema.ts';
import { checkFlow, validateFlowBody } from './flow-check.ts';

const PORTS = ['scheduling.requestVisit'];
const { version: _version, ...body } = bookVisitFlow;

/** The test pack's flow with its states replaced or extended. */
function withStates(change: (states: FlowState[]) => FlowState[]): FlowDefinition {
  return { ...bookVisitFlow, states: change([...bookVisitFlow.states]) };
}
const replace = (id: string, state: FlowState) => (states: FlowState[]) =>
  states.map((s) => (s.id === id ? state : s));

describe('flow schema', () => {
  it('accepts the test pack flow', () => {
    expect(flowDefinitionSchema.parse(bookVisitFlow)).toEqual(bookVisitFlow);
  });

  it.each([
    ['a version of 0', { ...bookVisitFlow, version: 0 }, 'version'],
    ['a snake_case flow id', { ...bookVisitFlow, id: 'book_visit' }, 'id'],
    ['a title in one language', { ...bookVisitFlow, title: { en: 'Book' } }, 'title.zh-CN'],
    ['an unknown state type', withStates((s) => [...s, { id: 'x', type: 'jump' } as never]), 'states.7.type'],
    [
      'a port without an area',
      withStates(replace('request', { id: 'request', type: 'act', port: 'book', next: 'done' })),
      'states.4.port',
    ],
    ['an unknown field', { ...bookVisitFlow, colour: 'red' }, ''],
    [
      'too many attempts',
      { ...bookVisitFlow, slots: [{ ...bookVisitFlow.slots[0], maxAttempts: 99 }] },
      'slots.0.maxAttempts',
    ],
  ])('rejects %s, naming the path', (_name, flow, path) => {
    const result = flowDefinitionSchema.safeParse(flow);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('checkFlow', () => {
  it('finds nothing wrong with the test pack flow', () => {
    expect(checkFlow(bookVisitFlow, { ports: PORTS })).toEqual([]);
  });

  it.each<[string, FlowDefinition, string]>([
    [
      'an unknown slot in a confirmation',
      withStates(
        replace('confirm', {
          id: 'confirm',
          type: 'confirm',
          text: { 'zh-CN': '{dept}，{date}？', en: '{dept} on {date}?' },
          yes: 'request',
          no: 'cancelled',
        }),
      ),
      'state "confirm" refers to unknown slot "dept"',
    ],
    [
      'an unknown slot asked',
      withStates(replace('ask_name', { id: 'ask_name', type: 'ask', slot: 'phone', next: 'confirm' })),
      'state "ask_name" refers to unknown slot "phone"',
    ],
    [
      'a transition to an unknown state',
      withStates(replace('ask_date', { id: 'ask_date', type: 'ask', slot: 'date', next: 'ask_phone' })),
      'state "ask_date" transitions to unknown state "ask_phone"',
    ],
    [
      'an unreachable state',
      withStates((s) => [...s, { id: 'orphan', type: 'end' }]),
      'state "orphan" is unreachable from "ask_department"',
    ],
    [
      'a port the deployment does not offer',
      withStates(
        replace('request', { id: 'request', type: 'act', port: 'scheduling.bookNow', next: 'done' }),
      ),
      'state "request" calls port "scheduling.bookNow", which this deployment does not offer',
    ],
    ['an unknown start', { ...bookVisitFlow, start: 'begin' }, 'start refers to unknown state "begin"'],
    [
      'a slot never asked',
      withStates((s) =>
        s
          .filter((x) => x.id !== 'ask_name')
          .map((x) => (x.id === 'ask_date' ? { ...x, next: 'confirm' } : x)),
      ),
      'slot "name" is never asked',
    ],
    [
      'a duplicated state',
      withStates((s) => [...s, { id: 'done', type: 'end' }]),
      'state "done" is defined twice',
    ],
  ])('reports %s', (_name, flow, message) => {
    expect(checkFlow(flow, { ports: PORTS }).map((p) => p.message)).toContain(message);
  });

  it('checks intents and entity types when it is told them', () => {
    const problems = checkFlow(bookVisitFlow, { ports: PORTS, intents: ['greeting'], entityTypes: [] });
    expect(problems.map((p) => p.message)).toEqual([
      'slot "department" uses unknown entity type "department"',
      'trigger refers to unknown intent "book_visit"',
      'answerIntents refers to unknown intent "provide_name"',
    ]);
  });

  it('validateFlowBody turns problems into an unprocessable error listing each', () => {
    const broken = { ...body, start: 'begin', states: [...body.states, { id: 'orphan', type: 'end' }] };
    try {
      validateFlowBody(broken, { ports: PORTS });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('unprocessable');
      if (!isAppError(error)) throw error;
      expect(error.message).toContain('start refers to unknown state "begin"');
      expect(error.issues.map((i) => i.path)).toContain('start');
    }
    expect(() => validateFlowBody({ ...body, version: 3 }, { ports: PORTS })).toThrow(/malformed/);
    expect(validateFlowBody(body, { ports: PORTS })).toEqual(body);
  });
});

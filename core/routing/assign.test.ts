import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgentState,
  chooseAgent,
  isEligible,
  orderWaiting,
  PRIORITY,
  planAssignments,
  type WaitingConversation,
} from './assign.ts';

const SKILLS = ['cardiology', 'pediatrics', 'billing', 'english'] as const;
const QUEUES = ['front-desk', 'clinic', 'admissions'] as const;

const agentArb = (userId: string): fc.Arbitrary<AgentState> =>
  fc
    .record({
      status: fc.constantFrom('online', 'away', 'offline'),
      capacity: fc.integer({ min: 0, max: 6 }),
      active: fc.integer({ min: 0, max: 8 }),
      skills: fc.subarray([...SKILLS]),
      queueIds: fc.subarray([...QUEUES]),
      lastAssignedAt: fc.integer({ min: 0, max: 1000 }),
    })
    .map((a) => ({ ...a, userId }));

const agentsArb = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agentArb(`u${i}`))));

const waitingArb = (conversationId: string): fc.Arbitrary<WaitingConversation> =>
  fc.record({
    conversationId: fc.constant(conversationId),
    queueId: fc.constantFrom(...QUEUES),
    requiredSkills: fc.subarray([...SKILLS], { maxLength: 2 }),
    priority: fc.constantFrom(...Object.values(PRIORITY)),
    queuedAt: fc.integer({ min: 0, max: 100 }),
  });

const waitingListArb = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => waitingArb(`c${i}`))));

const agent = (userId: string, over: Partial<AgentState> = {}): AgentState => ({
  userId,
  status: 'online',
  capacity: 4,
  active: 0,
  skills: ['billing'],
  queueIds: ['front-desk'],
  lastAssignedAt: 0,
  ...over,
});
const waiting = (over: Partial<WaitingConversation> = {}): WaitingConversation => ({
  conversationId: 'c1',
  queueId: 'front-desk',
  requiredSkills: [],
  priority: PRIORITY.normal,
  queuedAt: 0,
  ...over,
});

describe('chooseAgent', () => {
  it('never picks an agent who is not online, not in the queue, lacks a skill, or is full', () => {
    fc.assert(
      fc.property(waitingArb('c'), agentsArb, (conv, agents) => {
        const chosen = chooseAgent(conv, agents);
        if (!chosen) {
          expect(agents.filter((a) => isEligible(a, conv))).toEqual([]);
          return;
        }
        expect(chosen.status).toBe('online');
        expect(chosen.queueIds).toContain(conv.queueId);
        for (const skill of conv.requiredSkills) expect(chosen.skills).toContain(skill);
        expect(chosen.active).toBeLessThan(chosen.capacity);
        // And nobody eligible has a strictly lower relative load.
        for (const other of agents.filter((a) => isEligible(a, conv)))
          expect(other.active * chosen.capacity).toBeGreaterThanOrEqual(chosen.active * other.capacity);
      }),
    );
  });

  it('prefers the lowest relative load, then the least recently assigned, then the user id', () => {
    const conv = waiting();
    // 2/8 is a lower load than 1/2 although more conversations.
    expect(
      chooseAgent(conv, [agent('a', { active: 1, capacity: 2 }), agent('b', { active: 2, capacity: 8 })])
        ?.userId,
    ).toBe('b');
    expect(
      chooseAgent(conv, [agent('a', { lastAssignedAt: 50 }), agent('b', { lastAssignedAt: 10 })])?.userId,
    ).toBe('b');
    expect(chooseAgent(conv, [agent('b'), agent('a')])?.userId).toBe('a');
    expect(chooseAgent(waiting({ requiredSkills: ['cardiology'] }), [agent('a'), agent('b')])).toBe(
      undefined,
    );
    expect(chooseAgent(conv, [agent('a', { capacity: 0 })])).toBe(undefined);
  });
});

describe('orderWaiting', () => {
  it('puts emergencies first and, within a priority, the longest waiting first', () => {
    const order = orderWaiting([
      waiting({ conversationId: 'normal-early', queuedAt: 1 }),
      waiting({ conversationId: 'vip', priority: PRIORITY.vip, queuedAt: 5 }),
      waiting({ conversationId: 'emergency', priority: PRIORITY.emergency, queuedAt: 9 }),
      waiting({ conversationId: 'complaint', priority: PRIORITY.complaint, queuedAt: 7 }),
      waiting({ conversationId: 'normal-late', queuedAt: 3 }),
    ]).map((c) => c.conversationId);
    expect(order).toEqual(['emergency', 'complaint', 'vip', 'normal-early', 'normal-late']);
  });

  it('is sorted for any input, and a permutation of it', () => {
    fc.assert(
      fc.property(waitingListArb, (convs) => {
        const ordered = orderWaiting(convs);
        expect([...ordered].map((c) => c.conversationId).sort()).toEqual(
          convs.map((c) => c.conversationId).sort(),
        );
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1] as WaitingConversation, ordered[i] as WaitingConversation];
          expect(a.priority > b.priority || (a.priority === b.priority && a.queuedAt <= b.queuedAt)).toBe(
            true,
          );
        }
      }),
    );
  });
});

describe('planAssignments', () => {
  it('never exceeds a capacity, never assigns twice, and every pair is eligible at its turn', () => {
    fc.assert(
      fc.property(waitingListArb, agentsArb, (convs, agents) => {
        const plan = planAssignments(convs, agents, 5000);
        expect(new Set(plan.map((p) => p.conversationId)).size).toBe(plan.length);
        const load = new Map(agents.map((a) => [a.userId, a.active]));
        const byId = new Map(convs.map((c) => [c.conversationId, c]));
        for (const { conversationId, userId } of plan) {
          const a = agents.find((x) => x.userId === userId) as AgentState;
          const conv = byId.get(conversationId) as WaitingConversation;
          expect(isEligible({ ...a, active: load.get(userId) ?? 0 }, conv)).toBe(true);
          load.set(userId, (load.get(userId) ?? 0) + 1);
        }
        for (const a of agents) {
          const added = plan.filter((p) => p.userId === a.userId).length;
          if (added > 0) expect(a.active + added).toBeLessThanOrEqual(a.capacity);
        }
      }),
    );
  });

  it('does not let a conversation nobody can take block those behind it', () => {
    const plan = planAssignments(
      [
        waiting({ conversationId: 'needs-cardiology', priority: PRIORITY.emergency, requiredSkills: ['x'] }),
        waiting({ conversationId: 'plain', queuedAt: 5 }),
      ],
      [agent('a')],
    );
    expect(plan).toEqual([{ conversationId: 'plain', userId: 'a' }]);
  });

  /**
   * Fairness: equal agents, random arrivals (some of them emergencies) and random completions,
   * where conversations finish in the order they were assigned (equal work, so completions favour
   * nobody). Over 300 steps the numbers of conversations the agents were given differ by at most 1.
   */
  it('shares the work of equal agents within one conversation over a long run', () => {
    const step = fc.record({
      arrivals: fc.integer({ min: 0, max: 3 }),
      completions: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(step, { minLength: 300, maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 900, maxLength: 900 }),
        (agentCount, capacity, steps, emergencies) => {
          let agents = Array.from({ length: agentCount }, (_, i) =>
            agent(`u${i}`, { capacity, queueIds: ['front-desk'], skills: ['billing'] }),
          );
          let queue: WaitingConversation[] = [];
          const inService: { userId: string }[] = [];
          const given = new Map<string, number>();
          let next = 0;
          for (const [t, { arrivals, completions }] of steps.entries()) {
            for (let i = 0; i < arrivals; i++, next++) {
              queue.push(
                waiting({
                  conversationId: `c${next}`,
                  requiredSkills: ['billing'],
                  priority: emergencies[next % emergencies.length] ? PRIORITY.emergency : PRIORITY.normal,
                  queuedAt: t,
                }),
              );
            }
            for (let i = 0; i < completions && inService.length > 0; i++) {
              const done = inService.shift() as { userId: string };
              agents = agents.map((a) => (a.userId === done.userId ? { ...a, active: a.active - 1 } : a));
            }
            const now = (t + 1) * 1000;
            const plan = planAssignments(queue, agents, now);
            for (const [i, { conversationId, userId }] of plan.entries()) {
              inService.push({ userId });
              given.set(userId, (given.get(userId) ?? 0) + 1);
              agents = agents.map((a) =>
                a.userId === userId ? { ...a, active: a.active + 1, lastAssignedAt: now + i } : a,
              );
              queue = queue.filter((c) => c.conversationId !== conversationId);
            }
            for (const a of agents) expect(a.active).toBeLessThanOrEqual(a.capacity);
          }
          const counts = agents.map((a) => given.get(a.userId) ?? 0);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

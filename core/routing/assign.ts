/**
 * The assignment decision, with no I/O: which agent (客服) takes a waiting conversation. The
 * database side (routing.store.ts) locks the rows and applies it; this file only decides.
 *
 * Eligible: online, a member of the conversation's queue, holding every required skill, and
 * below capacity. Among the eligible, the lowest relative load (active / capacity) wins; equal
 * loads go to whoever was assigned least recently, then by user id — a round robin among equals.
 */
export interface AgentState {
  readonly userId: string;
  readonly status: 'online' | 'away' | 'offline';
  readonly capacity: number;
  readonly active: number;
  readonly skills: readonly string[];
  readonly queueIds: readonly string[];
  /** Milliseconds since the epoch; 0 = never assigned. */
  readonly lastAssignedAt: number;
}

export interface WaitingConversation {
  readonly conversationId: string;
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly queuedAt: number;
}

export interface PlannedAssignment {
  readonly conversationId: string;
  readonly userId: string;
}

/** Conversation priorities: an emergency goes before everything, then complaints, then VIPs. */
export const PRIORITY = { emergency: 100, complaint: 50, vip: 40, normal: 0 } as const;

export function isEligible(agent: AgentState, conv: WaitingConversation): boolean {
  return (
    agent.status === 'online' &&
    agent.active < agent.capacity &&
    agent.queueIds.includes(conv.queueId) &&
    conv.requiredSkills.every((skill) => agent.skills.includes(skill))
  );
}

/** Negative when `a` should be chosen before `b`. Loads compare by cross-multiplication: exact. */
function compareAgents(a: AgentState, b: AgentState): number {
  const load = a.active * b.capacity - b.active * a.capacity;
  if (load !== 0) return load;
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt - b.lastAssignedAt;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

export function chooseAgent(
  conv: WaitingConversation,
  agents: readonly AgentState[],
): AgentState | undefined {
  let best: AgentState | undefined;
  for (const agent of agents) {
    if (!isEligible(agent, conv)) continue;
    if (!best || compareAgents(agent, best) < 0) best = agent;
  }
  return best;
}

/** Highest priority first, then the longest waiting, then by id (a total order). */
export function compareWaiting(a: WaitingConversation, b: WaitingConversation): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0;
}

export function orderWaiting(convs: readonly WaitingConversation[]): WaitingConversation[] {
  return [...convs].sort(compareWaiting);
}

/**
 * Greedy over `orderWaiting`: each conversation goes to `chooseAgent` of the loads as they stand
 * after the assignments before it. A conversation nobody can take now is skipped, so it does not
 * block those behind it that others can take. `now` stamps the planned assignments so that the
 * round robin continues within the plan.
 */
export function planAssignments(
  waiting: readonly WaitingConversation[],
  agents: readonly AgentState[],
  now: number = Date.now(),
): PlannedAssignment[] {
  const states = new Map(agents.map((a) => [a.userId, a]));
  const plan: PlannedAssignment[] = [];
  let tick = Math.max(now, ...agents.map((a) => a.lastAssignedAt)) + 1;
  for (const conv of orderWaiting(waiting)) {
    const agent = chooseAgent(conv, [...states.values()]);
    if (!agent) continue;
    // Later in the plan is later in time, so the next tie goes to someone else.
    states.set(agent.userId, { ...agent, active: agent.active + 1, lastAssignedAt: tick++ });
    plan.push({ conversationId: conv.conversationId, userId: agent.userId });
  }
  return plan;
}

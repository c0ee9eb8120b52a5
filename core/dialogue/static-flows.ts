import type { FlowResolver } from './dialogue-types.ts';
import type { FlowDefinition } from './flow.schema.ts';

/**
 * Flows held in memory — a pack's defaults, or any fixed set — as a `FlowResolver`. Several
 * versions of one flow may be given; the highest is the active one.
 */
export function createStaticFlowResolver(flows: readonly FlowDefinition[]): FlowResolver {
  const active = new Map<string, FlowDefinition>();
  for (const flow of flows) {
    const current = active.get(flow.id);
    if (!current || current.version < flow.version) active.set(flow.id, flow);
  }
  const triggers = triggerMap(active.values());
  return {
    active: async (_tenantId, flowId) => active.get(flowId),
    version: async (_tenantId, flowId, version) =>
      flows.find((f) => f.id === flowId && f.version === version),
    triggers: async () => triggers,
  };
}

/** Intent → flow id over a set of active flows; the first flow to claim an intent keeps it. */
export function triggerMap(flows: Iterable<FlowDefinition>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const flow of flows) for (const intent of flow.trigger) if (!map.has(intent)) map.set(intent, flow.id);
  return map;
}

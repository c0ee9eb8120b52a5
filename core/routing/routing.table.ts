import type { ColumnType, Generated } from 'kysely';

export type QueueMode = 'auto' | 'pick';
export type PresenceStatus = 'online' | 'away' | 'offline';

type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/** `routing_queues`, keyed by (tenant_id, queue_id): how a queue routes and what its SLA is. */
export interface RoutingQueueTable {
  tenant_id: string;
  queue_id: string;
  names: Json<Readonly<Record<string, string>>>;
  mode: ColumnType<QueueMode, QueueMode | undefined, QueueMode>;
  first_response_seconds: number | null;
  resolution_seconds: number | null;
  business_hours: NullableJson<unknown>;
  out_of_hours_message: NullableJson<Readonly<Record<string, string>>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/**
 * `agent_presence`, keyed by (tenant_id, user_id): whether a staff user takes conversations now,
 * how many at once, what they can handle, and how many they hold.
 */
export interface AgentPresenceTable {
  tenant_id: string;
  user_id: string;
  status: ColumnType<PresenceStatus, PresenceStatus | undefined, PresenceStatus>;
  capacity: Generated<number>;
  active_count: Generated<number>;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  last_assigned_at: Date | null;
  last_seen_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RoutingDatabase {
  routing_queues: RoutingQueueTable;
  agent_presence: AgentPresenceTable;
}

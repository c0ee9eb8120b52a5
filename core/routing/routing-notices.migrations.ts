import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

/**
 * Assignment notices (core/realtime/agent-notice.ts) raised by the database: whoever changes a
 * conversation's assignee or status — the assignment loop, claims, supervisors, transfers, closing,
 * an agent going offline — the staff member it was given to or taken from hears of it on commit.
 * A trigger rather than a publish call in each writer: the writers live in several modules, and one
 * forgotten call would leave an agent unaware of a patient waiting on them.
 *
 * The NOTIFY runs inside the writing transaction, which makes notifying commits wait for one another
 * (core/realtime/notify-queue.ts). It fires only when an assignment changes — tens per second at
 * most (docs/benchmarks.md, routing) — never on a message.
 *
 * On Citus a trigger runs on the worker holding the shard, where nobody listens: this is one of the
 * things to move into the coordinator's writes before a Citus deployment (core/routing/README.md).
 */
// Frozen in time: the channel is written out, not imported (core/realtime DEFAULT_CHANNEL today).
export const routingNoticeMigrations: MigrationSet = {
  '2026_11_28_0200_core_routing_assignment_notices': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await sql`
        create function custos_assignment_notice() returns trigger language plpgsql as $$
        begin
          if old.status = 'assigned' and old.assignee_id is not null
             and (new.status <> 'assigned' or new.assignee_id is distinct from old.assignee_id) then
            perform pg_notify('custos_conversation_events', json_build_object(
              'v', 1, 'k', 'unassigned', 't', new.tenant_id, 'c', new.conversation_id,
              'u', old.assignee_id, 'q', old.queue_id, 'pr', old.priority, 'r', old.handoff_reason,
              's', new.status, 'p', 'db')::text);
          end if;
          if new.status = 'assigned' and new.assignee_id is not null
             and (old.status <> 'assigned' or old.assignee_id is distinct from new.assignee_id) then
            perform pg_notify('custos_conversation_events', json_build_object(
              'v', 1, 'k', 'assigned', 't', new.tenant_id, 'c', new.conversation_id,
              'u', new.assignee_id, 'q', new.queue_id, 'pr', new.priority, 'r', new.handoff_reason,
              's', new.status, 'p', 'db')::text);
          end if;
          return null;
        end $$`.execute(db);
      await sql`
        create trigger conversations_assignment_notice
        after update of status, assignee_id on conversations
        for each row
        when (old.status is distinct from new.status or old.assignee_id is distinct from new.assignee_id)
        execute function custos_assignment_notice()`.execute(db);
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await sql`drop trigger conversations_assignment_notice on conversations`.execute(db);
      await sql`drop function custos_assignment_notice()`.execute(db);
    },
  },
};

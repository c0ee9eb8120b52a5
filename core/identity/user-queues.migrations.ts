import { type Kysely, sql } from 'kysely';
import type { MigrationSet } from '../db/migration-set.ts';

// Frozen in time: migrations use Kysely<any> and never import the live table types.
export const userQueueMigrations: MigrationSet = {
  '2026_11_25_0400_core_user_queues': {
    // biome-ignore lint/suspicious/noExplicitAny: a migration is frozen against the schema of its day.
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('users')
        // The queues an agent or supervisor works (core/access/queues.ts); copied into every access token.
        .addColumn('queue_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
        .execute();
      // The same rule as the application's, so a row written by other means cannot widen access:
      // at most 20 ids, none null, each a short lower-case identifier.
      await db.schema
        .alterTable('users')
        .addCheckConstraint(
          'users_queue_ids',
          sql`cardinality(queue_ids) <= 20 and array_position(queue_ids, null) is null and
              (cardinality(queue_ids) = 0 or
               array_to_string(queue_ids, ' ') ~ '^[a-z][a-z0-9-]{0,47}( [a-z][a-z0-9-]{0,47})*$')`,
        )
        .execute();
    },
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    async down(db: Kysely<any>) {
      await db.schema.alterTable('users').dropConstraint('users_queue_ids').execute();
      await db.schema.alterTable('users').dropColumn('queue_ids').execute();
    },
  },
};

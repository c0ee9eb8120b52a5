/**
 * One assigning Custos process for routing.process.db.test.ts: `loops` concurrent loops, each on
 * its own connection, call `assignNext` until nothing of the tenant is left waiting. It prints
 * `ready` once connected, starts on a line on stdin, and prints every assignment it made as one
 * JSON line `{"conversationId":…,"userId":…}`.
 *
 *   node --import tsx core/routing/assign-worker.fixture.ts <url> <tenant id> <loops>
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { assignNext } from './routing.store.ts';

const [url, tenantId, loops] = process.argv.slice(2);
if (!url || !tenantId || !loops) throw new Error('usage: assign-worker.fixture.ts <url> <tenant id> <loops>');
const pool = new pg.Pool({ connectionString: url, max: Number(loops) + 1 });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

const waiting = async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from conversations where tenant_id = ${tenantId} and status = 'queued'`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
};

// Connected: tell the parent, and wait for its go, so the processes start at the same moment.
await sql`select 1`.execute(db);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();

await Promise.all(
  Array.from({ length: Number(loops) }, async () => {
    let idle = 0;
    while (idle < 50) {
      const assigned = await assignNext(db, { tenantId, now: new Date() });
      if (assigned) {
        idle = 0;
        process.stdout.write(`${JSON.stringify(assigned)}\n`);
        continue;
      }
      // Nothing takeable by this loop: done if nothing waits; otherwise another transaction
      // holds what is left and may yet give it back, so look again shortly.
      if ((await waiting()) === 0) break;
      idle++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }),
);
await db.destroy();

/**
 * One audit-writing process for the multi-process tests (sequencer.process.db.test.ts): it
 * records events from several connections and runs its own sequencer loop, as each Custos
 * process on a shared PostgreSQL does.
 *
 *   node --import tsx audit-process.ts <url> <tenant id> <signer key> <connections> <events each> <batch size>
 *
 * With 0 events it only sequences, until everything pending is numbered (or it is killed).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AuditDatabase } from '../audit.table.ts';
import { logKeysFromSignerKey } from '../log-keys.ts';
import { recordAuditEvent } from '../recorder.ts';
import { startSequencerLoop } from '../sequencer-loop.ts';

const [url, tenantId, signerKey, connections, eventsEach, batchSize] = process.argv.slice(2);
// The same int8 mapping as the Custos database layer (core/db/type-parsers.ts).
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const pool = new pg.Pool({ connectionString: url, max: Number(connections) + 2, types });
const db = new Kysely<AuditDatabase>({ dialect: new PostgresDialect({ pool }) });
const loop = startSequencerLoop(db, {
  keys: logKeysFromSignerKey(signerKey!),
  batchSize: Number(batchSize),
  intervalMs: 5,
  onError: (error) => process.stderr.write(`${String(error)}\n`),
});

await Promise.all(
  Array.from({ length: Number(connections) }, async (_, c) => {
    for (let i = 0; i < Number(eventsEach); i++) {
      await db.transaction().execute((trx) =>
        recordAuditEvent(trx, {
          tenantId: tenantId!,
          actor: { id: `u-agent-${process.pid}-${c}`, role: 'agent', kind: 'staff' },
          action: 'read',
          purpose: 'TREAT',
          resource: { type: 'conversation', id: `conv-${c}-${i}` },
          outcome: { result: 'success' },
        }),
      );
    }
  }),
);
process.stdout.write('recorded\n');
for (;;) {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from audit_pending where tenant_id = ${tenantId}`.execute(db);
  if (rows[0]?.n === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await loop.stop();
await db.destroy();
process.stdout.write('sequenced\n');

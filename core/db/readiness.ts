import { type Kysely, sql } from 'kysely';
import { migrationStatus } from './migrate.ts';
import type { MigrationSet } from './migration-set.ts';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly database: 'ok' | 'unreachable';
  readonly migrations: 'current' | 'pending' | 'ahead' | 'unknown';
}

/** Ready means: the database answers, and its schema is exactly what this build expects. */
export async function checkReadiness<DB>(db: Kysely<DB>, migrations: MigrationSet): Promise<ReadinessReport> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ready: false, database: 'unreachable', migrations: 'unknown' };
  }
  try {
    const status = await migrationStatus(db, migrations);
    const state = status.unknown.length > 0 ? 'ahead' : status.pending.length > 0 ? 'pending' : 'current';
    return { ready: state === 'current', database: 'ok', migrations: state };
  } catch {
    return { ready: false, database: 'ok', migrations: 'unknown' };
  }
}

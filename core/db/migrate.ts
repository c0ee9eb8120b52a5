import { type Kysely, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import type { MigrationSet } from './migration-set.ts';

export interface MigrationStatus {
  /** Known to this build and not yet applied. */
  readonly pending: readonly string[];
  /** Applied to the database but unknown to this build: the database is newer than the code. */
  readonly unknown: readonly string[];
}

function migratorFor<DB>(db: Kysely<DB>, migrations: MigrationSet): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  return new Migrator({
    // The migrator works below any one schema.
    db: db as Kysely<unknown>,
    provider,
    migrationTableName: 'custos_migration',
    migrationLockTableName: 'custos_migration_lock',
  });
}

/**
 * Applies every pending migration in name order, each in its own transaction. Several processes
 * may call this at once: the migrator serialises them with an advisory lock.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: MigrationSet): Promise<string[]> {
  const { error, results } = await migratorFor(db, migrations).migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStatus<DB>(
  db: Kysely<DB>,
  migrations: MigrationSet,
): Promise<MigrationStatus> {
  const known = await migratorFor(db, migrations).getMigrations();
  const pending = known.filter((m) => m.executedAt === undefined).map((m) => m.name);
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'custos_migration')) return { pending, unknown: [] };
  const applied = await (db as unknown as Kysely<{ custos_migration: { name: string } }>)
    .selectFrom('custos_migration')
    .select('name')
    .execute();
  const unknown = applied.map((row) => row.name).filter((name) => !(name in migrations));
  return { pending, unknown };
}

import type { Migration } from 'kysely';

/**
 * Migrations owned by one area, keyed by name. Names start with a date and a sequence
 * (`2026_11_23_0001_<area>_<what>`) so that the sets of all areas interleave in creation order.
 */
export type MigrationSet = Readonly<Record<string, Migration>>;

const NAME = /^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9]+_[a-z0-9_]+$/;

/** Merges the sets of several areas; a duplicated or malformed name is a programming error. */
export function collectMigrations(...sets: readonly MigrationSet[]): MigrationSet {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set)) {
      if (!NAME.test(name)) throw new Error(`migration name ${name} does not match ${NAME}`);
      if (name in all) throw new Error(`migration ${name} is defined twice`);
      all[name] = migration;
    }
  }
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((name) => [name, all[name] as Migration]),
  );
}

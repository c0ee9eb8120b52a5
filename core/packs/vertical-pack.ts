import type { MigrationSet } from '../db/migration-set.ts';
import type { NewTenant } from '../tenancy/tenant.ts';

/**
 * A vertical pack: the data and small functions that turn Custos into a hospital or a school
 * assistant (DESIGN §7). This first version carries identity, tables and the demo tenant; the
 * conversation engine adds intents, vocabularies, flows, FAQ seeds, classification and safety.
 */
export interface VerticalPack {
  /** Stable id, stored in `tenants.vertical`. */
  readonly id: string;
  /** Human-readable name per BCP 47 locale. */
  readonly title: Readonly<Record<string, string>>;
  /** Tables the pack owns, if any. */
  readonly migrations?: MigrationSet;
  /** The tenant `custos demo` creates for this pack. */
  readonly demoTenant: NewTenant;
}

const PACK_ID = /^[a-z][a-z0-9-]{1,31}$/;

/** Checks a set of packs once at start-up: well-formed, distinct ids and demo slugs. */
export function validatePacks(packs: readonly VerticalPack[]): readonly VerticalPack[] {
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (const pack of packs) {
    if (!PACK_ID.test(pack.id)) throw new Error(`pack id "${pack.id}" must match ${PACK_ID}`);
    if (ids.has(pack.id)) throw new Error(`pack "${pack.id}" is registered twice`);
    if (slugs.has(pack.demoTenant.slug))
      throw new Error(`demo tenant slug "${pack.demoTenant.slug}" is used twice`);
    if (pack.demoTenant.vertical !== pack.id)
      throw new Error(`pack "${pack.id}" has a demo tenant of another vertical`);
    ids.add(pack.id);
    slugs.add(pack.demoTenant.slug);
  }
  return packs;
}

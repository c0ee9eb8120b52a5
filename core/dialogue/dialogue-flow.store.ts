import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { AutoReply } from '../packs/conversation-pack.ts';
import type { TenantPackOverrides } from '../packs/pack-overrides.ts';
import type { FlowResolver } from './dialogue-types.ts';
import { type FlowBody, type FlowDefinition, flowDefinitionSchema } from './flow.schema.ts';
import { triggerMap } from './static-flows.ts';

/** A tenant's pack flows (its vertical's), by tenant id. */
export type PackFlows =
  | readonly FlowDefinition[]
  | ((tenantId: string) => readonly FlowDefinition[] | Promise<readonly FlowDefinition[]>);

export interface FlowStoreDeps {
  readonly db: Kysely<Database>;
  readonly packFlows: PackFlows;
  /** How long another process's save may go unseen; default 3 s, at most 5 s. */
  readonly ttlMs?: number;
  readonly clock?: () => number;
}

export interface FlowVersionInfo {
  readonly version: number;
  readonly source: 'pack' | 'tenant';
  readonly createdAt: Date | null;
  readonly createdBy: string | null;
}

export interface SavedRules {
  readonly version: number;
  readonly rules: readonly AutoReply[];
}

interface TenantFlows {
  readonly loadedAt: number;
  readonly active: ReadonlyMap<string, FlowDefinition>;
  readonly triggers: ReadonlyMap<string, string>;
  readonly rules: SavedRules | undefined;
}

const MAX_TTL_MS = 5000;
const VERSION_CACHE_LIMIT = 5000;

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/**
 * Flows and auto-reply rules as the bot sees them: the pack's flows are the defaults, a tenant's
 * saved versions supersede them. What is active is cached per tenant for a few seconds (so other
 * processes see a save without a restart) and dropped at once by this process's own saves;
 * versions never change, so they are kept for as long as there is room.
 */
export function createFlowStore(deps: FlowStoreDeps) {
  const { db } = deps;
  const ttl = Math.min(deps.ttlMs ?? 3000, MAX_TTL_MS);
  const clock = deps.clock ?? Date.now;
  const tenants = new Map<string, TenantFlows>();
  const versions = new Map<string, FlowDefinition>();
  const packFlows = async (tenantId: string) =>
    typeof deps.packFlows === 'function' ? await deps.packFlows(tenantId) : deps.packFlows;

  async function load(tenantId: string): Promise<TenantFlows> {
    const cached = tenants.get(tenantId);
    if (cached && clock() - cached.loadedAt < ttl) return cached;
    const rows = await db
      .selectFrom('dialogue_flows')
      .select(['flow_id', 'definition'])
      .distinctOn('flow_id')
      .where('tenant_id', '=', tenantId)
      .orderBy('flow_id')
      .orderBy('version', 'desc')
      .execute();
    const rule = await db
      .selectFrom('dialogue_rules')
      .select(['version', 'rules'])
      .where('tenant_id', '=', tenantId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const active = new Map((await packFlows(tenantId)).map((flow) => [flow.id, flow]));
    for (const row of rows) active.set(row.flow_id, flowDefinitionSchema.parse(row.definition));
    const loaded = {
      loadedAt: clock(),
      active,
      triggers: triggerMap(active.values()),
      rules: rule && { version: rule.version, rules: rule.rules },
    };
    tenants.set(tenantId, loaded);
    return loaded;
  }

  const resolver: FlowResolver = {
    active: async (tenantId, flowId) => (await load(tenantId)).active.get(flowId),
    triggers: async (tenantId) => (await load(tenantId)).triggers,
    async version(tenantId, flowId, version) {
      const key = `${tenantId}\u0000${flowId}\u0000${version}`;
      const cached = versions.get(key);
      if (cached) return cached;
      const row = await db
        .selectFrom('dialogue_flows')
        .select('definition')
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .executeTakeFirst();
      const found = row
        ? flowDefinitionSchema.parse(row.definition)
        : (await packFlows(tenantId)).find((f) => f.id === flowId && f.version === version);
      if (found) {
        if (versions.size >= VERSION_CACHE_LIMIT) versions.delete(versions.keys().next().value as string);
        versions.set(key, found);
      }
      return found;
    },
  };

  return {
    ...resolver,
    /** The active version of every flow the tenant has. */
    async list(tenantId: string): Promise<FlowDefinition[]> {
      return [...(await load(tenantId)).active.values()].sort((a, b) => a.id.localeCompare(b.id));
    },

    /** Every version of one flow, newest first: the tenant's saves, then the pack's default. */
    async history(tenantId: string, flowId: string): Promise<FlowVersionInfo[]> {
      const rows = await db
        .selectFrom('dialogue_flows')
        .select(['version', 'created_at', 'created_by'])
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', flowId)
        .orderBy('version', 'desc')
        .execute();
      const saved = rows.map((row) => ({
        version: row.version,
        source: 'tenant' as const,
        createdAt: row.created_at,
        createdBy: row.created_by,
      }));
      const pack = (await packFlows(tenantId)).find((f) => f.id === flowId);
      const fromPack = pack
        ? [{ version: pack.version, source: 'pack' as const, createdAt: null, createdBy: null }]
        : [];
      return [...saved, ...fromPack.filter((p) => !saved.some((s) => s.version === p.version))];
    },

    /** Saves `body` as the next version, inside the caller's transaction (which also audits it). */
    async insert(trx: Transaction<Database>, tenantId: string, body: FlowBody, createdBy: string) {
      const latest = await trx
        .selectFrom('dialogue_flows')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', body.id)
        .executeTakeFirst();
      const pack = (await packFlows(tenantId)).find((f) => f.id === body.id);
      const version = Math.max(latest?.version ?? 0, pack?.version ?? 0) + 1;
      const definition: FlowDefinition = { ...body, version };
      await guardConcurrent(() =>
        trx
          .insertInto('dialogue_flows')
          .values({
            tenant_id: tenantId,
            flow_id: body.id,
            version,
            definition: JSON.stringify(definition),
            created_by: createdBy,
          })
          .execute(),
      );
      return definition;
    },

    /** The tenant's auto-reply rules in force, or undefined while it uses its pack's. */
    rules: async (tenantId: string): Promise<SavedRules | undefined> => (await load(tenantId)).rules,

    /** What to layer on the tenant's pack (`layerPack`) before a turn: its saved auto-replies. */
    async overrides(tenantId: string): Promise<TenantPackOverrides> {
      const saved = (await load(tenantId)).rules;
      return saved ? { autoReplies: saved.rules } : {};
    },

    async insertRules(
      trx: Transaction<Database>,
      tenantId: string,
      rules: readonly AutoReply[],
      createdBy: string,
    ) {
      const latest = await trx
        .selectFrom('dialogue_rules')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      const version = (latest?.version ?? 0) + 1;
      await guardConcurrent(() =>
        trx
          .insertInto('dialogue_rules')
          .values({ tenant_id: tenantId, version, rules: JSON.stringify(rules), created_by: createdBy })
          .execute(),
      );
      return { version, rules };
    },

    /** Forgets what is cached for a tenant: call once a save has committed. */
    invalidate(tenantId: string): void {
      tenants.delete(tenantId);
    },
  };
}

export type FlowStore = ReturnType<typeof createFlowStore>;

// Two saves at once compute the same next version; the primary key lets one through.
async function guardConcurrent(insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('conflict', 'Another version was saved at the same moment; reload it and try again.', {
      cause: error,
    });
  }
}

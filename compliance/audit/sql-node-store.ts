import { type Kysely, sql } from 'kysely';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { MissingNode } from './errors.ts';
import type { StoredNode } from './frontier.ts';
import type { Hash, NodeId } from './merkle.ts';
import type { NodeStore } from './node-store.ts';

/**
 * The `NodeStore` of one tenant on `audit_nodes`. Each call is one indexed query for the
 * O(log n) nodes a root or proof needs. Pass a transaction to see its uncommitted nodes.
 */
export function createSqlNodeStore<DB extends AuditDatabase>(
  database: Kysely<DB>,
  tenantId: string,
): NodeStore {
  const db = auditDb(database);
  return {
    async readNodes(ids: readonly NodeId[]): Promise<readonly Hash[]> {
      if (ids.length === 0) return [];
      const wanted = sql.join(ids.map(({ level, index }) => sql`(${level}::smallint, ${index}::bigint)`));
      const rows = await db
        .selectFrom('audit_nodes')
        .select(['level', 'index', 'hash'])
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`(level, index) in (${wanted})`)
        .execute();
      const byId = new Map(rows.map((r) => [`${r.level}/${r.index}`, r.hash]));
      return ids.map(({ level, index }) => {
        const hash = byId.get(`${level}/${index}`);
        if (hash === undefined || hash.length !== 32) throw new MissingNode(level, index);
        return hash;
      });
    },
  };
}

const CHUNK = 2000;

/** Inserts complete subtrees; the primary key refuses a second write of any node. */
export async function writeNodes(db: Kysely<AuditDatabase>, tenantId: string, nodes: readonly StoredNode[]) {
  for (let start = 0; start < nodes.length; start += CHUNK) {
    const rows = nodes.slice(start, start + CHUNK).map(({ level, index, hash }) => ({
      tenant_id: tenantId,
      level,
      index,
      hash: Buffer.from(hash),
    }));
    await db.insertInto('audit_nodes').values(rows).execute();
  }
}

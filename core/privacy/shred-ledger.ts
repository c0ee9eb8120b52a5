import { type Kysely, sql } from 'kysely';
import { createSqlKeyStore, type Keyring, type NewAuditEvent, parseKeyId } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { INDEXED_COLUMNS } from '../contacts/contact.columns.ts';
import type { Database } from '../db/schema.ts';
import { SHREDDED_KEY } from './shred-event.ts';

/** One destroyed key, as the shred ledger lists it. */
export interface ShredEntry {
  readonly tenantId: string;
  readonly keyId: string;
  readonly erasedAt: Date;
}

interface LeafShape {
  tenantId?: string;
  time?: string;
  action?: string;
  resource?: { type?: string; id?: string };
}

const asEntry = (e: LeafShape): ShredEntry | undefined =>
  e.action === 'erase' && e.resource?.type === SHREDDED_KEY && e.tenantId && e.resource.id && e.time
    ? { tenantId: e.tenantId, keyId: e.resource.id, erasedAt: new Date(e.time) }
    : undefined;

/**
 * Every key destroyed by an erasure, read from the audit tables of `db`: the sequenced log and
 * the events still waiting for their sequence number. One tenant's, or every tenant's.
 */
export async function readShredLedger(db: Kysely<Database>, tenantId?: string): Promise<ShredEntry[]> {
  const sequenced = await db
    .selectFrom('audit_events')
    .select(['tenant_id', 'resource_id', 'recorded_at'])
    .where('action', '=', 'erase')
    .where('resource_type', '=', SHREDDED_KEY)
    .$if(tenantId !== undefined, (q) => q.where('tenant_id', '=', tenantId!))
    .orderBy('recorded_at')
    .execute();
  // Pending bodies are canonical JSON (no spaces), so this filter is exact; the parse decides.
  const pending = await db
    .selectFrom('audit_pending')
    .select('body')
    .where(sql<boolean>`position(${'"action":"erase"'} in convert_from(body, 'UTF8')) > 0`)
    .$if(tenantId !== undefined, (q) => q.where('tenant_id', '=', tenantId!))
    .orderBy('pending_id')
    .execute();
  const entries = new Map<string, ShredEntry>();
  for (const row of sequenced) {
    if (row.resource_id === null) continue;
    const entry = { tenantId: row.tenant_id, keyId: row.resource_id, erasedAt: row.recorded_at };
    entries.set(`${entry.tenantId}/${entry.keyId}`, entry);
  }
  for (const row of pending) {
    const entry = asEntry(JSON.parse(row.body.toString('utf8')) as LeafShape);
    if (entry && !entries.has(`${entry.tenantId}/${entry.keyId}`))
      entries.set(`${entry.tenantId}/${entry.keyId}`, entry);
  }
  return [...entries.values()];
}

/** The ledger as JSON lines (one entry a line), to keep outside the database with the backups. */
export const formatShredLedger = (entries: readonly ShredEntry[]): string =>
  entries
    .map((e) => `${JSON.stringify({ tenantId: e.tenantId, keyId: e.keyId, erasedAt: e.erasedAt })}\n`)
    .join('');

/** Parses `formatShredLedger` output; throws a one-line error naming the first bad line. */
export function parseShredLedger(text: string): ShredEntry[] {
  const entries: ShredEntry[] = [];
  for (const [n, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as { tenantId?: unknown; keyId?: unknown; erasedAt?: unknown };
      const erasedAt = new Date(String(e.erasedAt));
      if (typeof e.tenantId !== 'string' || !e.tenantId || Number.isNaN(erasedAt.getTime()))
        throw new Error();
      entries.push({ tenantId: e.tenantId, keyId: parseKeyId(String(e.keyId)), erasedAt });
    } catch {
      throw new Error(`shred ledger line ${n + 1} is not an entry`);
    }
  }
  return entries;
}

export interface ShredReplay {
  /** Entries considered (after the tenant filter). */
  readonly listed: number;
  /** Keys that were still live here and have now been destroyed. */
  readonly destroyed: readonly string[];
  readonly alreadyDestroyed: number;
  /** Keys this database never had (created after the backup was taken). */
  readonly notFound: number;
  /** Contacts marked erased again, their blind indexes cleared. */
  readonly contactsErased: number;
}

export interface ReplayDeps {
  readonly db: Kysely<Database>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** The process's keyring, whose cache is emptied afterwards. */
  readonly keyring: Pick<Keyring, 'clearCache'>;
}

export interface ReplayOptions {
  /** Replays only this tenant's entries. */
  readonly tenantId?: string;
  /** Who replays, for the `key-operation` audit events. */
  readonly actor: NewAuditEvent['actor'];
}

/**
 * Re-applies the ledger to this database, typically after a backup restore brought back keys
 * that had been destroyed: every listed key that is still live is destroyed, and a contact it
 * belonged to is marked erased with its blind indexes cleared, each with a `key-operation`
 * audit event in the same transaction. Idempotent: a second run destroys nothing.
 */
export async function replayShreds(
  deps: ReplayDeps,
  ledger: readonly ShredEntry[],
  options: ReplayOptions,
): Promise<ShredReplay> {
  const entries = ledger.filter((e) => options.tenantId === undefined || e.tenantId === options.tenantId);
  const destroyed: string[] = [];
  let alreadyDestroyed = 0;
  let notFound = 0;
  let contactsErased = 0;
  for (const entry of entries) {
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const store = createSqlKeyStore<Database>(trx);
      const record = await store.get(parseKeyId(entry.keyId));
      if (!record || record.tenantId !== entry.tenantId) return 'not-found' as const;
      if (record.status === 'destroyed') return 'already' as const;
      await store.destroy(record.id, new Date());
      let contact = false;
      if (record.kind === 'subject' && record.subjectId) {
        const cleared = Object.fromEntries(INDEXED_COLUMNS.map((c) => [`${c}_bidx`, null]));
        const result = await trx
          .updateTable('contacts')
          .set({ ...cleared, erased_at: entry.erasedAt, updated_at: entry.erasedAt })
          .where('tenant_id', '=', record.tenantId)
          .where('contact_id', '=', record.subjectId)
          .where('erased_at', 'is', null)
          .executeTakeFirst();
        contact = result.numUpdatedRows > 0n;
      }
      await deps.audit.record(trx, {
        tenantId: record.tenantId,
        actor: options.actor,
        action: 'key-operation',
        purpose: 'HSYSADMIN',
        resource: { type: SHREDDED_KEY, id: record.id },
        outcome: { result: 'success' },
      });
      return contact ? ('destroyed-contact' as const) : ('destroyed' as const);
    });
    if (outcome === 'not-found') notFound += 1;
    else if (outcome === 'already') alreadyDestroyed += 1;
    else {
      destroyed.push(entry.keyId);
      if (outcome === 'destroyed-contact') contactsErased += 1;
    }
  }
  deps.keyring.clearCache();
  return { listed: entries.length, destroyed, alreadyDestroyed, notFound, contactsErased };
}

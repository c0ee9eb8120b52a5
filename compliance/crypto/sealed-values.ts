import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { EncryptedTable } from './encrypted-table.ts';
import { type KeyId, keyIdFromBytes } from './key-id.ts';
import type { KeyKind } from './key-store.ts';

/**
 * SQL over the registered encrypted tables, for rotation. Key ids are read from the stored
 * values themselves (bytes 3–18 of the format, `substring(v from 3 for 16)`), so no table needs
 * a key-id column beside its ciphertexts. The registered names come from code, never from input.
 */
// biome-ignore lint/suspicious/noExplicitAny: the registered tables are not part of this area's schema.
type AnyDb = Kysely<any>;

export interface SealedRow {
  readonly rowId: string;
  readonly subjectId: string | null;
  /** Only the columns the rotation scope covers; null where the row has no value. */
  readonly values: Readonly<Record<string, Buffer | null>>;
}

const DATA_KINDS_OF_COLUMN = (subjectKeyed: boolean): KeyKind => (subjectKeyed ? 'subject' : 'tenant_data');

/** The sealed columns of `table` whose values are sealed with keys of `kinds`. */
export const columnsFor = (table: EncryptedTable, kinds: readonly KeyKind[]) =>
  table.sealed.filter((c) => kinds.includes(DATA_KINDS_OF_COLUMN(c.spec.subjectKeyed))).map((c) => c.column);

const keyIdOf = (column: string) => sql`substring(${sql.ref(column)} from 3 for 16)`;

const retiredKeys = (tenantId: string, kinds: readonly KeyKind[]) =>
  sql`(select k.key_id from crypto_keys k where k.tenant_id = ${tenantId} and k.status = 'retired' and k.kind in (${sql.join(kinds)}))`;

const anyOnRetired = (
  columns: readonly string[],
  tenantId: string,
  kinds: readonly KeyKind[],
): RawBuilder<boolean> =>
  sql<boolean>`(${sql.join(
    columns.map((c) => sql`${keyIdOf(c)} in ${retiredKeys(tenantId, kinds)}`),
    sql` or `,
  )})`;

/** The next rows after `after` (row-id order) with a value under a retired key of `kinds`. */
export async function rowsOnRetiredKeys(
  db: AnyDb,
  table: EncryptedTable,
  tenantId: string,
  kinds: readonly KeyKind[],
  after: string | null,
  limit: number,
): Promise<SealedRow[]> {
  const columns = columnsFor(table, kinds);
  if (columns.length === 0) return [];
  const rowId = sql.ref(table.rowIdColumn);
  const subject = table.subjectColumn ? sql.ref(table.subjectColumn) : sql`null`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${rowId}::text as "rowId", ${subject}::text as "subjectId", ${sql.join(columns.map((c) => sql.ref(c)))}
    from ${sql.table(table.table)}
    where tenant_id = ${tenantId}
      ${after === null ? sql`` : sql`and ${rowId} > ${after}`}
      and ${anyOnRetired(columns, tenantId, kinds)}
    order by ${rowId}
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    rowId: r.rowId as string,
    subjectId: (r.subjectId as string | null) ?? null,
    values: Object.fromEntries(columns.map((c) => [c, (r[c] as Buffer | null) ?? null])),
  }));
}

/** How many rows of every registered table still hold a value under a retired key of `kinds`. */
export async function countRowsOnRetiredKeys(
  db: AnyDb,
  tables: readonly EncryptedTable[],
  tenantId: string,
  kinds: readonly KeyKind[],
): Promise<number> {
  let total = 0;
  for (const table of tables) {
    const columns = columnsFor(table, kinds);
    if (columns.length === 0) continue;
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(table.table)}
      where tenant_id = ${tenantId} and ${anyOnRetired(columns, tenantId, kinds)}`.execute(db);
    total += Number(rows[0]?.n ?? 0);
  }
  return total;
}

/** The retired keys of `kinds` that some stored value still names. */
export async function retiredKeysInUse(
  db: AnyDb,
  tables: readonly EncryptedTable[],
  tenantId: string,
  kinds: readonly KeyKind[],
): Promise<Set<KeyId>> {
  const used = new Set<KeyId>();
  for (const table of tables) {
    for (const column of columnsFor(table, kinds)) {
      const { rows } = await sql<{ key_id: Buffer }>`
        select distinct ${keyIdOf(column)} as key_id from ${sql.table(table.table)}
        where tenant_id = ${tenantId} and ${keyIdOf(column)} in ${retiredKeys(tenantId, kinds)}`.execute(db);
      for (const row of rows) used.add(keyIdFromBytes(row.key_id));
    }
  }
  return used;
}

/** Rows per key id over every registered table (a row counts once per key it uses). */
export async function rowsPerKey(
  db: AnyDb,
  tables: readonly EncryptedTable[],
  tenantId: string,
): Promise<Map<KeyId, number>> {
  const counts = new Map<KeyId, number>();
  for (const table of tables) {
    const rowId = sql.ref(table.rowIdColumn);
    const parts = table.sealed.map(
      (c) => sql`select ${rowId} as row_id, ${keyIdOf(c.column)} as key_id from ${sql.table(table.table)}
                 where tenant_id = ${tenantId} and ${sql.ref(c.column)} is not null`,
    );
    const { rows } = await sql<{ key_id: Buffer; n: number | string }>`
      select key_id, count(distinct row_id) as n from (${sql.join(parts, sql` union all `)}) v
      group by key_id`.execute(db);
    for (const row of rows) {
      const id = keyIdFromBytes(row.key_id);
      counts.set(id, (counts.get(id) ?? 0) + Number(row.n));
    }
  }
  return counts;
}

/**
 * Writes re-sealed values only if every one of them is still what the walk read (an optimistic
 * check per row), so a concurrent writer's value is never overwritten; a row that changed is
 * left for the next pass. Returns whether the row was updated.
 */
export async function replaceIfUnchanged(
  trx: AnyDb,
  table: EncryptedTable,
  tenantId: string,
  rowId: string,
  changes: readonly { readonly column: string; readonly from: Buffer; readonly to: Uint8Array }[],
): Promise<boolean> {
  if (changes.length === 0) return false;
  const result = await sql`
    update ${sql.table(table.table)}
    set ${sql.join(changes.map((c) => sql`${sql.ref(c.column)} = ${Buffer.from(c.to)}`))}
    where tenant_id = ${tenantId} and ${sql.ref(table.rowIdColumn)} = ${rowId}
      and ${sql.join(
        changes.map((c) => sql`${sql.ref(c.column)} = ${c.from}`),
        sql` and `,
      )}`.execute(trx);
  return (result.numAffectedRows ?? 0n) > 0n;
}

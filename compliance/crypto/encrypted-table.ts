import {
  type Column,
  type ColumnSpec,
  isSensitive,
  type SensitiveColumnSpec,
  type TableColumns,
} from './classification.ts';

/**
 * Where sealed values live, for jobs that must visit every one of them: key rotation
 * (re-encryption, rows per key version) today. A table joins by being registered once
 * (core/privacy/encrypted-tables.ts) with the column that is bound into its ciphertexts as the
 * row id and, if it has subject-keyed columns, the column that names the data subject.
 *
 * The row-id column is also the walk order and the resume cursor, so it must be unique within a
 * tenant (in practice the second column of the primary key) and comparable in SQL.
 */
export interface EncryptedTable {
  readonly table: string;
  readonly rowIdColumn: string;
  readonly subjectColumn: string | null;
  /** Every pii, phi and student_record column of the table. */
  readonly sealed: readonly Column<string, string, SensitiveColumnSpec>[];
}

export function encryptedTable<T extends string, S extends Record<string, ColumnSpec>>(
  columns: TableColumns<T, S>,
  options: { readonly rowId: keyof S & string; readonly subjectId?: keyof S & string },
): EncryptedTable {
  const sealed = Object.values(columns.columns as Record<string, Column>).filter(
    (c): c is Column<string, string, SensitiveColumnSpec> => isSensitive(c.spec.classification),
  );
  if (sealed.length === 0) throw new TypeError(`${columns.table} has no sealed column to register`);
  if (sealed.some((c) => c.spec.subjectKeyed) && !options.subjectId) {
    throw new TypeError(`${columns.table} has subject-keyed columns: name its subjectId column`);
  }
  return Object.freeze({
    table: columns.table,
    rowIdColumn: options.rowId,
    subjectColumn: options.subjectId ?? null,
    sealed: Object.freeze(sealed),
  });
}

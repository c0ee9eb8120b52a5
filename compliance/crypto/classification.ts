import type { BlindIndexSpec } from './blind-index.ts';
import type { Ciphertext } from './ciphertext.ts';

/**
 * The schema-level classification vocabulary (DESIGN §2.1). A column classified pii, phi or
 * student_record is stored only as a `Sealed` value: authenticated ciphertext bound to its
 * (tenant, table, column, row). public and internal columns are stored as they are.
 *
 * - pii: identifies a person (name, phone, resident id, e-mail, address).
 * - phi: health information about an identifiable person (HIPAA 45 CFR 160.103; "sensitive
 *   personal information" — medical health — under PIPL Art. 28).
 * - student_record: education records (FERPA 34 CFR 99.3; minors' data under PIPL Art. 28/31).
 */
export const CLASSIFICATIONS = ['public', 'internal', 'pii', 'phi', 'student_record'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const SENSITIVE_CLASSIFICATIONS = ['pii', 'phi', 'student_record'] as const;
export type SensitiveClassification = (typeof SENSITIVE_CLASSIFICATIONS)[number];

export function isSensitive(classification: Classification): classification is SensitiveClassification {
  return (SENSITIVE_CLASSIFICATIONS as readonly string[]).includes(classification);
}

/** How a plaintext value becomes bytes: UTF-8 text, raw bytes, or JSON as UTF-8. */
export type Codec = 'text' | 'bytes' | 'json';
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
export interface CodecTypes {
  text: string;
  bytes: Uint8Array;
  json: JsonValue;
}

export interface PlainColumnSpec {
  readonly classification: 'public' | 'internal';
}

export interface SensitiveColumnSpec {
  readonly classification: SensitiveClassification;
  /**
   * true: sealed with the data subject's own key, so erasing the person erases the value
   * (DESIGN §2.5). false: sealed with the tenant data key (e.g. a staff note about no one in
   * particular). Required, so that every classified column makes the decision explicitly.
   */
  readonly subjectKeyed: boolean;
  /** Defaults to 'text'. */
  readonly codec?: Codec;
  readonly blindIndex?: BlindIndexSpec;
}

export type ColumnSpec = PlainColumnSpec | SensitiveColumnSpec;

export interface Column<
  Table extends string = string,
  Name extends string = string,
  S extends ColumnSpec = ColumnSpec,
> {
  readonly table: Table;
  readonly column: Name;
  readonly spec: S;
}

export interface TableColumns<Table extends string, Specs extends Record<string, ColumnSpec>> {
  readonly table: Table;
  readonly columns: { readonly [Name in keyof Specs & string]: Column<Table, Name, Specs[Name]> };
}

/** The plaintext type of a sensitive column, from its codec. */
export type PlaintextOf<S extends ColumnSpec> = S extends { readonly codec: infer C extends Codec }
  ? CodecTypes[C]
  : string;

declare const sealedBrand: unique symbol;
/**
 * The only form in which a classified value may be written. Only `encryptField` (and
 * `readSealed`, for bytes already read back from storage) produce it, so a repository whose
 * row type says `Sealed<string, 'contacts.phone'>` cannot be handed a plaintext string — nor
 * the sealed value of another column.
 */
export type Sealed<T = unknown, ColumnRef extends string = string> = Ciphertext & {
  readonly [sealedBrand]: { readonly plaintext: T; readonly column: ColumnRef };
};

/** The stored type of a sensitive column: `SealedOf<typeof contacts.columns.phone>`. */
export type SealedOf<C> =
  C extends Column<infer T, infer N, infer S extends SensitiveColumnSpec>
    ? Sealed<PlaintextOf<S>, `${T}.${N}`>
    : never;

/** Where a value is sealed. Subject-keyed columns also need the data subject. */
export type FieldContext<S extends SensitiveColumnSpec> = S extends { readonly subjectKeyed: true }
  ? { readonly tenantId: string; readonly rowId: string; readonly subjectId: string }
  : { readonly tenantId: string; readonly rowId: string };

/** Where a value is opened. `subjectId`, if given, must match the key that sealed it. */
export interface OpenContext {
  readonly tenantId: string;
  readonly rowId: string;
  readonly subjectId?: string;
}

/**
 * Declares the classification of a table's columns:
 *
 *   const contacts = defineColumns('contacts', {
 *     phone: { classification: 'pii', subjectKeyed: true, blindIndex: { normalize: normalizeCnMobile, bits: 16 } },
 *     locale: { classification: 'internal' },
 *   });
 */
export function defineColumns<const Table extends string, const Specs extends Record<string, ColumnSpec>>(
  table: Table,
  specs: Specs,
): TableColumns<Table, Specs> {
  const columns: Record<string, Column> = {};
  for (const [column, spec] of Object.entries(specs)) {
    if (!(CLASSIFICATIONS as readonly string[]).includes(spec.classification)) {
      throw new TypeError(`${table}.${column}: unknown classification ${String(spec.classification)}`);
    }
    if (isSensitive(spec.classification)) {
      const sensitive = spec as SensitiveColumnSpec;
      if (typeof sensitive.subjectKeyed !== 'boolean')
        throw new TypeError(`${table}.${column}: subjectKeyed must be set`);
      const bits = sensitive.blindIndex?.bits;
      if (bits !== undefined && !(Number.isInteger(bits) && bits >= 1 && bits <= 256)) {
        throw new TypeError(`${table}.${column}: blind index bits must be an integer in 1..256`);
      }
    } else if ('blindIndex' in spec || 'subjectKeyed' in spec) {
      throw new TypeError(
        `${table}.${column}: only pii, phi and student_record columns are sealed or indexed`,
      );
    }
    columns[column] = Object.freeze({ table, column, spec: Object.freeze({ ...spec }) });
  }
  return Object.freeze({ table, columns: Object.freeze(columns) }) as TableColumns<Table, Specs>;
}

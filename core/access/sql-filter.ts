import { rulesToAST } from '@casl/ability/extra';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError } from '../errors/app-error.ts';
import type { AppAbility } from './ability.ts';
import type { Action, FieldOf, SubjectName } from './subjects.ts';

/**
 * How one subject attribute maps to SQL. `nullable` and `array` make the SQL agree with CASL's
 * in-memory matcher (ucast): SQL has three-valued logic and CASL has two, so every comparison below is
 * closed to true/false before NOT, AND and OR see it.
 */
export interface ColumnSpec {
  /** A column reference, optionally qualified: `c.assignee_id`. */
  readonly column: string;
  readonly nullable?: boolean;
  /** A PostgreSQL array column; equality means "contains", as in CASL. */
  readonly array?: boolean;
}

/** The allow-list: attributes rules may filter on for one subject. Anything else throws. */
export type ColumnMap<S extends SubjectName> = { readonly [K in FieldOf<S>]?: ColumnSpec };

type Scalar = string | number | boolean | null;

// The shape of @ucast's Condition nodes, as rulesToAST returns them.
interface AstNode {
  readonly operator: string;
  readonly value: unknown;
  readonly field?: unknown;
}

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

const refused = (message: string) => new AppError('internal', `Access filter: ${message}.`);

/**
 * The SQL twin of `ability.can(action, <row>)`: a Kysely expression for `.where(…)`. No rule means
 * `false` (deny by default); only allow-listed attributes and the operators eq, ne, in, nin, lt, lte,
 * gt, gte, and, or, not are translated. Any other operator, attribute or value type throws
 * `AppError('internal')`: a rule the filter cannot express must fail loudly, never filter less.
 */
export function accessFilter<S extends SubjectName>(
  ability: AppAbility,
  action: Action,
  subjectType: S,
  columns: ColumnMap<S>,
): RawBuilder<SqlBool> {
  const ast = rulesToAST(ability, action, subjectType) as AstNode | null;
  return ast === null ? FALSE : translate(ast, columns as Readonly<Record<string, ColumnSpec>>);
}

function translate(node: AstNode, columns: Readonly<Record<string, ColumnSpec>>): RawBuilder<SqlBool> {
  const { operator, value } = node;
  if (operator === 'and' || operator === 'or' || operator === 'not') {
    if (!Array.isArray(value)) throw refused(`malformed ${operator}`);
    const parts = value.map((child: AstNode) => translate(child, columns));
    if (operator === 'not') {
      if (parts.length !== 1) throw refused('not takes one condition');
      return sql<SqlBool>`(not ${parts[0]})`;
    }
    if (parts.length === 0) return operator === 'and' ? TRUE : FALSE;
    return sql<SqlBool>`(${sql.join(parts, operator === 'and' ? sql` and ` : sql` or `)})`;
  }
  const field = node.field;
  if (typeof field !== 'string' || !Object.hasOwn(columns, field)) {
    throw refused(`attribute ${JSON.stringify(field)} is not allow-listed`);
  }
  return compare(operator, columns[field]!, value, field);
}

function scalar(value: unknown, field: string): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw refused(`value of ${field} is not a string, finite number, boolean or null`);
}

function equals(spec: ColumnSpec, value: Scalar): RawBuilder<SqlBool> {
  const column = sql.ref(spec.column);
  // CASL: `{ field: null }` matches null (and, for arrays, only a null array: we store no null elements).
  if (value === null) return sql<SqlBool>`(${column} is null)`;
  return spec.array
    ? sql<SqlBool>`coalesce(${value} = any(${column}), false)`
    : sql<SqlBool>`coalesce(${column} = ${value}, false)`;
}

function within(spec: ColumnSpec, values: readonly Scalar[]): RawBuilder<SqlBool> {
  if (spec.array) {
    const parts = values.map((value) => equals(spec, value));
    return parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
  }
  const present = values.filter((value) => value !== null);
  const parts = present.length
    ? [sql<SqlBool>`coalesce(${sql.ref(spec.column)} in (${sql.join(present)}), false)`]
    : [];
  if (present.length < values.length) parts.push(equals(spec, null));
  return parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

const ORDER = { lt: sql`<`, lte: sql`<=`, gt: sql`>`, gte: sql`>=` } as const;

function compare(operator: string, spec: ColumnSpec, value: unknown, field: string): RawBuilder<SqlBool> {
  switch (operator) {
    case 'eq':
      return equals(spec, scalar(value, field));
    case 'ne':
      return sql<SqlBool>`(not ${equals(spec, scalar(value, field))})`;
    case 'in':
    case 'nin': {
      if (!Array.isArray(value)) throw refused(`${operator} on ${field} needs a list`);
      const set = within(
        spec,
        value.map((item) => scalar(item, field)),
      );
      return operator === 'in' ? set : sql<SqlBool>`(not ${set})`;
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      // CASL compares with JavaScript's operators: null < 1 is true, and strings order by UTF-16 code
      // unit, not by the database collation. Rather than emulate either, ordering is allowed only
      // between numbers on NOT NULL scalar columns, where both sides agree.
      if (spec.array || spec.nullable)
        throw refused(`${operator} on ${field} needs a NOT NULL scalar column`);
      const bound = scalar(value, field);
      if (typeof bound !== 'number') throw refused(`${operator} on ${field} needs a number`);
      return sql<SqlBool>`(${sql.ref(spec.column)} ${ORDER[operator]} ${bound})`;
    }
    default:
      throw refused(`operator ${operator} (on ${field}) is not allow-listed`);
  }
}

import { fieldAad } from './aad.ts';
import { type BlindIndex, computeBlindIndex } from './blind-index.ts';
import { asCiphertext, type Ciphertext, openParsed, parseCiphertext, seal } from './ciphertext.ts';
import {
  type Column,
  type FieldContext,
  isSensitive,
  type OpenContext,
  type PlaintextOf,
  type Sealed,
  type SensitiveColumnSpec,
} from './classification.ts';
import { InvalidBinding, UnknownKey } from './errors.ts';
import type { Keyring } from './keyring.ts';

/**
 * The column boundary: repositories seal classified values on write and open them on read.
 * Dependencies are typed by what is used, so a repository receives a narrow keyring.
 */
export type FieldKeyring = Pick<Keyring, 'encryptionKey' | 'decryptionKey'>;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function encode(spec: SensitiveColumnSpec, value: unknown): Uint8Array {
  switch (spec.codec ?? 'text') {
    case 'text':
      if (typeof value !== 'string') throw new TypeError('a text column takes a string');
      return utf8.encode(value);
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError('a bytes column takes a Uint8Array');
      return value;
    case 'json': {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('a json column takes a JSON value');
      return utf8.encode(json);
    }
  }
}

function decode(spec: SensitiveColumnSpec, bytes: Buffer): unknown {
  switch (spec.codec ?? 'text') {
    case 'text':
      return utf8Strict.decode(bytes);
    case 'bytes':
      return new Uint8Array(bytes);
    case 'json':
      return JSON.parse(utf8Strict.decode(bytes));
  }
}

function assertSensitive(column: Column): asserts column is Column<string, string, SensitiveColumnSpec> {
  if (!isSensitive(column.spec.classification)) {
    throw new TypeError(
      `${column.table}.${column.column} is ${column.spec.classification}: it is not sealed`,
    );
  }
}

/** Seals a classified value with the subject's (or tenant's) active data key, bound to its row. */
export async function encryptField<T extends string, N extends string, S extends SensitiveColumnSpec>(
  keyring: FieldKeyring,
  column: Column<T, N, S>,
  context: FieldContext<S>,
  value: PlaintextOf<S>,
): Promise<Sealed<PlaintextOf<S>, `${T}.${N}`>> {
  assertSensitive(column);
  const subjectId = (context as { readonly subjectId?: unknown }).subjectId;
  if (column.spec.subjectKeyed && (typeof subjectId !== 'string' || subjectId === '')) {
    throw new InvalidBinding(`${column.table}.${column.column} is subject-keyed: subjectId is required`);
  }
  const plaintext = encode(column.spec, value);
  const key = await keyring.encryptionKey({
    tenantId: context.tenantId,
    subjectId: column.spec.subjectKeyed ? (subjectId as string) : null,
  });
  const binding = {
    tenantId: context.tenantId,
    table: column.table,
    column: column.column,
    rowId: context.rowId,
  };
  return seal(key.key, key.id, plaintext, (header) => fieldAad(binding, header)) as Sealed<
    PlaintextOf<S>,
    `${T}.${N}`
  >;
}

/**
 * Opens a sealed value read from `column` of row `context.rowId`. Besides authentication, it
 * checks that the sealing key has the column's kind (a subject-keyed column must never hold a
 * value sealed with the tenant key, or erasure would miss it) and, if given, the subject.
 */
export async function decryptField<T extends string, N extends string, S extends SensitiveColumnSpec>(
  keyring: FieldKeyring,
  column: Column<T, N, S>,
  context: OpenContext,
  sealed: Sealed<PlaintextOf<S>, `${T}.${N}`>,
): Promise<PlaintextOf<S>> {
  assertSensitive(column);
  const parsed = parseCiphertext(sealed);
  const key = await keyring.decryptionKey(parsed.keyId, context.tenantId);
  if ((key.kind === 'subject') !== column.spec.subjectKeyed) {
    throw new UnknownKey(key.id, `a ${key.kind} key cannot open ${column.table}.${column.column}`);
  }
  if (context.subjectId !== undefined && key.subjectId !== context.subjectId) {
    throw new UnknownKey(key.id, 'the key belongs to another data subject');
  }
  const binding = {
    tenantId: context.tenantId,
    table: column.table,
    column: column.column,
    rowId: context.rowId,
  };
  const plaintext = openParsed(parsed, key.key, (header) => fieldAad(binding, header));
  return decode(column.spec, plaintext) as PlaintextOf<S>;
}

/**
 * Key rotation: re-seals a stored value under its scope's active key, with the same binding and
 * the same plaintext bytes (no codec round trip), after the checks of `decryptField`. Returns
 * undefined when the value is already sealed with the active key. Subject-keyed columns need
 * `context.subjectId`.
 */
export async function resealField(
  keyring: FieldKeyring,
  column: Column,
  context: OpenContext,
  sealed: Uint8Array,
): Promise<Ciphertext | undefined> {
  assertSensitive(column);
  if (column.spec.subjectKeyed && !context.subjectId) {
    throw new InvalidBinding(`${column.table}.${column.column} is subject-keyed: subjectId is required`);
  }
  const parsed = parseCiphertext(sealed);
  const active = await keyring.encryptionKey({
    tenantId: context.tenantId,
    subjectId: column.spec.subjectKeyed ? (context.subjectId as string) : null,
  });
  if (active.id === parsed.keyId) return undefined;
  const key = await keyring.decryptionKey(parsed.keyId, context.tenantId);
  if (key.kind !== active.kind || key.subjectId !== active.subjectId) {
    throw new UnknownKey(key.id, `the key does not belong to ${column.table}.${column.column} of this row`);
  }
  const binding = {
    tenantId: context.tenantId,
    table: column.table,
    column: column.column,
    rowId: context.rowId,
  };
  const plaintext = openParsed(parsed, key.key, (header) => fieldAad(binding, header));
  try {
    return seal(active.key, active.id, plaintext, (header) => fieldAad(binding, header));
  } finally {
    plaintext.fill(0);
  }
}

/** Brands bytes read back from storage after a format check; authenticity is checked on open. */
export function readSealed<T extends string, N extends string, S extends SensitiveColumnSpec>(
  column: Column<T, N, S>,
  bytes: Uint8Array,
): Sealed<PlaintextOf<S>, `${T}.${N}`> {
  assertSensitive(column);
  return asCiphertext(bytes) as Sealed<PlaintextOf<S>, `${T}.${N}`>;
}

/** The blind index of a value for a column that declares one; used on write and for lookups. */
export async function blindIndexField<T extends string, N extends string, S extends SensitiveColumnSpec>(
  keyring: Pick<Keyring, 'blindIndexRoot'>,
  column: Column<T, N, S>,
  context: { readonly tenantId: string },
  value: string,
): Promise<BlindIndex> {
  assertSensitive(column);
  const spec = column.spec.blindIndex;
  if (!spec) throw new TypeError(`${column.table}.${column.column} has no blind index`);
  const root = await keyring.blindIndexRoot(context.tenantId);
  return computeBlindIndex(
    root.key,
    { tenantId: context.tenantId, table: column.table, column: column.column },
    spec,
    value,
  );
}

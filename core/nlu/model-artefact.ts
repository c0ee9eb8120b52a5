import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRowTable } from './hash-table.ts';
import type { IntentModel, ModelMetadata } from './intent-model.ts';

/**
 * The persisted model: a magic line, a JSON header (metadata, array sizes, SHA-256 of the
 * payload) and the raw little-endian arrays. Binary, because a JSON array of millions of
 * floats is slow to parse and four times larger; the header stays readable with `head -c`.
 */
const MAGIC = 'CUSTOS-NLU-MODEL 1\n';
// 2: character skip-bigram features and the optional SVM term in the metadata (format 1 models
// were trained without them and would tokenise differently).
const FORMAT = 2;

/** A model file that cannot be read or is not a valid artefact. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

interface Header {
  readonly format: number;
  readonly metadata: ModelMetadata;
  readonly rows: number;
  readonly classes: number;
  readonly payloadSha256: string;
}

export function serializeModel(model: IntentModel): Buffer {
  const rows = model.vocabulary.idf.length;
  const classes = model.weights.classes;
  const hashes = model.vocabulary.rows.keys();
  const payload = Buffer.concat([
    bytes(hashes),
    bytes(model.vocabulary.idf),
    bytes(model.weights.weights),
    bytes(model.weights.bias),
  ]);
  const header: Header = {
    format: FORMAT,
    metadata: model.metadata,
    rows,
    classes,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  // Pad so that the typed arrays start on a 4-byte boundary and can be viewed without copying.
  const pad = Buffer.alloc((4 - ((MAGIC.length + 4 + json.length) % 4)) % 4, 0x20);
  return Buffer.concat([Buffer.from(MAGIC), length, json, pad, payload]);
}

export function deserializeModel(buffer: Buffer): IntentModel {
  if (buffer.subarray(0, MAGIC.length).toString() !== MAGIC)
    throw new ModelFormatError('not a Custos NLU model file');
  const at = MAGIC.length;
  if (buffer.length < at + 4) throw new ModelFormatError('model file is truncated');
  const length = buffer.readUInt32LE(at);
  let header: Header;
  try {
    header = JSON.parse(buffer.subarray(at + 4, at + 4 + length).toString()) as Header;
  } catch {
    throw new ModelFormatError('model file header is not valid JSON');
  }
  if (header.format !== FORMAT)
    throw new ModelFormatError(
      `unsupported model format ${header.format} (this version reads format ${FORMAT}; retrain with \`custos nlu train\`)`,
    );
  let offset = at + 4 + length;
  offset += (4 - (offset % 4)) % 4;
  const payload = buffer.subarray(offset);
  const { rows, classes } = header;
  if (payload.length !== 4 * (rows * 2 + rows * classes + classes))
    throw new ModelFormatError('model file is truncated or has the wrong size');
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256)
    throw new ModelFormatError('model file is corrupt (checksum mismatch)');
  // Copy once into an aligned buffer; subarray views of a pooled Buffer may be misaligned.
  const aligned = new Uint8Array(payload).buffer;
  let cursor = 0;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, n: number): T => {
    const view = make(aligned, cursor, n);
    cursor += 4 * n;
    return view;
  };
  const hashes = take((b, o, n) => new Uint32Array(b, o, n), rows);
  const idf = take((b, o, n) => new Float32Array(b, o, n), rows);
  const weights = take((b, o, n) => new Float32Array(b, o, n), rows * classes);
  const bias = take((b, o, n) => new Float32Array(b, o, n), classes);
  return {
    metadata: header.metadata,
    vocabulary: { rows: createRowTable(hashes), idf },
    weights: { classes, weights, bias },
  };
}

/** Writes via a temporary file and a rename, so a reader never sees half a model. */
export async function saveNluModel(model: IntentModel, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, serializeModel(model));
  await rename(temporary, path);
}

export async function loadNluModel(path: string): Promise<IntentModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFormatError(`cannot read model ${path}${code ? ` (${code})` : ''}`);
  }
  return deserializeModel(bytes);
}

function bytes(array: Uint32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

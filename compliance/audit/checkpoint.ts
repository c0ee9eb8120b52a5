import { InconsistentCheckpoints, MalformedCheckpoint } from './errors.ts';
import { HASH_BYTES, type Hash, MAX_TREE_SIZE } from './merkle.ts';
import { decodeBase64Strict, type NoteSigner, type NoteVerifier } from './note-key.ts';
import { verifyConsistency } from './proof-verify.ts';
import { type NoteSignature, openNote, signNote } from './signed-note.ts';

/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the signed tree head of one tenant's log,
 * as the text of a signed note:
 *
 *   <origin>U+000A                  unique log identity, e.g. audit.hospital.example/custos/<tenant>
 *   <tree size>U+000A               ASCII decimal, no leading zeroes ("0" for the empty tree)
 *   <base64 root hash>U+000A        RFC 4648 §4 base64 of the 32-byte RFC 9162 root
 *   [<extension line>U+000A]*       optional, non-empty, opaque (NOT RECOMMENDED by the spec)
 *
 * The log's key name SHOULD equal the origin.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  readonly extensions?: readonly string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function assertLine(line: string, what: string): void {
  if (line.length === 0 || line.includes('\n'))
    throw new MalformedCheckpoint(`${what} must be one non-empty line`);
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  assertLine(origin, 'origin');
  if (!Number.isInteger(size) || size < 0 || size > MAX_TREE_SIZE)
    throw new MalformedCheckpoint('invalid tree size');
  if (root.length !== HASH_BYTES) throw new MalformedCheckpoint('root hash must be 32 bytes');
  for (const line of extensions) assertLine(line, 'extension line');
  return [origin, String(size), Buffer.from(root).toString('base64'), ...extensions]
    .map((l) => `${l}\n`)
    .join('');
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedCheckpoint('checkpoint must end with a newline');
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw new MalformedCheckpoint('checkpoint needs origin, size and root lines');
  }
  assertLine(origin, 'origin');
  if (!DECIMAL.test(sizeLine))
    throw new MalformedCheckpoint('tree size must be decimal without leading zeroes');
  const size = Number(sizeLine);
  // Past 2^53 Number() rounds: 9007199254740993 would read as 2^53.
  if (size > MAX_TREE_SIZE || String(size) !== sizeLine)
    throw new MalformedCheckpoint('tree size beyond 2^53');
  const root = decodeBase64Strict(rootLine);
  if (!root || root.length !== HASH_BYTES)
    throw new MalformedCheckpoint('root hash must be base64 of 32 bytes');
  for (const line of extensions) assertLine(line, 'extension line');
  return extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root };
}

export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Verifies the note's signatures (see `openNote`) and parses its text as a checkpoint. With
 * `origin`, also rejects a checkpoint of another log — a valid signature on the wrong log's
 * tree head proves nothing about this one.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: { origin?: string } = {},
): { checkpoint: Checkpoint; verified: readonly NoteSignature[] } {
  const { text, verified } = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new MalformedCheckpoint('checkpoint is for another log');
  }
  return { checkpoint, verified };
}

/**
 * Checks that `newer` extends `earlier` (tlog-checkpoint §Signatures: a log MUST NOT sign two
 * inconsistent checkpoints) with an RFC 9162 §2.1.4 consistency proof. Both checkpoints should
 * come from `openCheckpoint`, which binds each size to its root by signature.
 */
export function assertConsistentCheckpoints(
  earlier: Checkpoint,
  newer: Checkpoint,
  proof: readonly Hash[],
): void {
  if (earlier.origin !== newer.origin)
    throw new InconsistentCheckpoints('checkpoints are from different logs');
  if (newer.size < earlier.size) throw new InconsistentCheckpoints('the newer checkpoint has fewer leaves');
  if (!verifyConsistency(earlier.size, newer.size, proof, earlier.root, newer.root)) {
    throw new InconsistentCheckpoints(`no consistency from size ${earlier.size} to size ${newer.size}`);
  }
}

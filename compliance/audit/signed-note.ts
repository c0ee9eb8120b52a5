import { InvalidNoteSignature, MalformedKey, MalformedNote, UnknownNoteKey } from './errors.ts';
import {
  assertValidNoteText,
  decodeBase64Strict,
  isValidKeyName,
  type NoteSigner,
  type NoteVerifier,
} from './note-key.ts';

/**
 * C2SP signed notes (c2sp.org/signed-note):
 *
 *   <text, ending in U+000A>
 *   U+000A
 *   — <key name> base64(uint32be key id ‖ signature)U+000A      (one line per signature)
 *
 * The signature is over the text bytes, final newline included. The text is separated from
 * the signatures by the *last* blank line, so the text itself may contain blank lines.
 */
export const SIGNATURE_PREFIX = '\u2014 ';

/** Far above the 16 the spec requires verifiers to accept, far below anything abusive. */
export const MAX_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key id ‖ signature), as it appears on the line. */
  readonly base64: string;
}

export interface OpenedNote {
  readonly text: string;
  /** Signatures by trusted keys, all of which verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the verifier does not know: ignored, as the spec requires. */
  readonly unknown: readonly NoteSignature[];
}

const utf8 = new TextEncoder();

export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertValidNoteText(text);
  if (signers.length === 0) throw new MalformedKey('a note needs at least one signer');
  const message = utf8.encode(text);
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new MalformedKey('invalid key name');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId >>> 0);
    const blob = Buffer.concat([id, signer.sign(message)]).toString('base64');
    return `${SIGNATURE_PREFIX}${signer.name} ${blob}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

function decode(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw new MalformedNote('note is not valid UTF-8');
  }
}

/** Splits a note into text and signature lines without verifying anything. */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } {
  const message = decode(note);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNote('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  assertValidNoteText(text);
  if (block.length === 0 || !block.endsWith('\n'))
    throw new MalformedNote('signature lines must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNote(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new MalformedNote(`signature line ${i + 1} lacks "— "`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const base64 = rest.slice(space + 1);
    const blob = space < 0 ? undefined : decodeBase64Strict(base64);
    if (!isValidKeyName(name) || !blob || blob.length < 5)
      throw new MalformedNote(`signature line ${i + 1} is malformed`);
    return { name, keyId: blob.readUInt32BE(0), base64 };
  });
  return { text, signatures };
}

/**
 * Opens a note (signed-note §Signatures): signatures by unknown keys — another name or another
 * key id — are ignored; a signature by a known key that fails rejects the whole note; and at
 * least one known key must have signed.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = utf8.encode(text);
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  for (const signature of signatures) {
    const matches = verifiers.filter((v) => v.name === signature.name && v.keyId >>> 0 === signature.keyId);
    if (matches.length > 1) throw new MalformedKey(`ambiguous key ${signature.name}`);
    const verifier = matches[0];
    if (!verifier) {
      unknown.push(signature);
      continue;
    }
    const blob = Buffer.from(signature.base64, 'base64');
    if (!verifier.verify(message, blob.subarray(4))) throw new InvalidNoteSignature(signature.name);
    if (!verified.some((s) => s.name === signature.name && s.keyId === signature.keyId))
      verified.push(signature);
  }
  if (verified.length === 0) throw new UnknownNoteKey('no signature by a trusted key');
  return { text, verified, unknown };
}

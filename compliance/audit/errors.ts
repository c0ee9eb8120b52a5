/**
 * The closed vocabulary of audit-log failures. Each is its own class so that callers can
 * `catch (e) { if (e instanceof UnknownNoteKey) … }` and tests can assert the exact cause.
 *
 * Messages never contain event content: they name sizes, indices, key names and line numbers,
 * because they end up in logs and in an auditor's report.
 */
export const AUDIT_ERROR_CODES = [
  'not_canonical',
  'invalid_event',
  'invalid_tree_size',
  'missing_node',
  'malformed_note',
  'unknown_key',
  'invalid_signature',
  'malformed_key',
  'malformed_checkpoint',
  'inconsistent_checkpoints',
] as const;

export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

export abstract class AuditError extends Error {
  abstract readonly code: AuditErrorCode;
}

/** A value has no JSON form (NaN, a lone surrogate, a Date…) or bytes are not RFC 8785 output. */
export class NotCanonical extends AuditError {
  override readonly name = 'NotCanonical';
  readonly code = 'not_canonical';
}

/** An audit event fails its schema; `issues` lists the paths (never the values). */
export class InvalidEvent extends AuditError {
  override readonly name = 'InvalidEvent';
  readonly code = 'invalid_event';
  constructor(readonly issues: readonly string[]) {
    super(`invalid audit event: ${issues.join('; ')}`);
  }
}

/** A tree size or leaf index outside 0..2^53, or a request such as a proof for index ≥ size. */
export class InvalidTreeSize extends AuditError {
  override readonly name = 'InvalidTreeSize';
  readonly code = 'invalid_tree_size';
}

/** A node store does not hold a complete subtree that a root or proof needs. */
export class MissingNode extends AuditError {
  override readonly name = 'MissingNode';
  readonly code = 'missing_node';
  constructor(
    readonly level: number,
    readonly index: number,
  ) {
    super(`node store has no hash for level ${level} index ${index}`);
  }
}

/** The bytes are not a C2SP signed note (or a note with more signatures than we accept). */
export class MalformedNote extends AuditError {
  override readonly name = 'MalformedNote';
  readonly code = 'malformed_note';
}

/** No signature on the note is by a key the verifier trusts (c2sp.org/signed-note §Signatures). */
export class UnknownNoteKey extends AuditError {
  override readonly name = 'UnknownNoteKey';
  readonly code = 'unknown_key';
}

/** A signature by a trusted key (same name and key id) does not verify: the note is rejected. */
export class InvalidNoteSignature extends AuditError {
  override readonly name = 'InvalidNoteSignature';
  readonly code = 'invalid_signature';
  constructor(readonly keyName: string) {
    super(`signature by ${keyName} does not verify`);
  }
}

/** A verifier or signer key string that is not `<name>+<hex id>+<base64 key>` or does not add up. */
export class MalformedKey extends AuditError {
  override readonly name = 'MalformedKey';
  readonly code = 'malformed_key';
}

/** A note text that is not a c2sp.org/tlog-checkpoint body. */
export class MalformedCheckpoint extends AuditError {
  override readonly name = 'MalformedCheckpoint';
  readonly code = 'malformed_checkpoint';
}

/** Two checkpoints of one log that no consistency proof connects: evidence of a fork or rewrite. */
export class InconsistentCheckpoints extends AuditError {
  override readonly name = 'InconsistentCheckpoints';
  readonly code = 'inconsistent_checkpoints';
}

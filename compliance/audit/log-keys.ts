import {
  type NoteSigner,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyFor,
} from './note-key.ts';

/**
 * The deployment's checkpoint key. One Ed25519 key signs every tenant's checkpoints; each
 * tenant's log has its own origin, `<key name>/<tenant id>`, so a checkpoint of one tenant
 * never passes for another's (tlog-checkpoint: the origin is the log's unique identity).
 */
export interface LogKeys {
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  /** `<name>+<key id>+<base64>`: published at /.well-known/custos/audit-log-key. */
  readonly verifierKey: string;
}

export function logKeysFromSignerKey(signerKey: string): LogKeys {
  const signer = parseSignerKey(signerKey);
  const verifierKey = verifierKeyFor(signerKey);
  return { signer, verifier: parseVerifierKey(verifierKey), verifierKey };
}

export function logOrigin(keyName: string, tenantId: string): string {
  return `${keyName}/${tenantId}`;
}

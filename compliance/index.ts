// The public surface of compliance/: crypto (envelope encryption, keyring, blind index), audit
// (Merkle log, checkpoints, proofs, export, verify) and privacy (masking, erasure, retention,
// consent). It depends on no other area of Custos.

// audit: the event model
export { AUDIT_ACTIONS, type AuditAction, FAILURE_REASONS, type FailureReason } from './audit/actions.ts';
// audit: tables, recording, sequencing, verification, auditor reads and exports on the database
export { auditMigrations } from './audit/audit.migrations.ts';
export type { AuditDatabase } from './audit/audit.table.ts';
export { canonicalBytes, canonicalize, parseCanonical } from './audit/canonical-json.ts';
export {
  assertConsistentCheckpoints,
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './audit/checkpoint.ts';
export { createExportSigningCertificate, type ExportSigningCertificate, signManifest } from './audit/cms.ts';
export { AUDIT_ERROR_CODES, AuditError } from './audit/errors.ts';
export {
  ACTOR_KINDS,
  AUDIT_EVENT_VERSION,
  type AuditEvent,
  AuditEventSchema,
  decodeLeaf,
  encodeLeaf,
  eventLeafHash,
  parseAuditEvent,
} from './audit/event.ts';
export { type ExportOptions, ExportRefused, type ExportSummary, writeExport } from './audit/export.ts';
export { type ExportCheckOptions, type ExportReport, verifyExportDirectory } from './audit/export-verify.ts';
export {
  appendLeaves,
  EMPTY_FRONTIER,
  type Frontier,
  frontierNodeIds,
  frontierRoot,
  type StoredNode,
  TreeBuilder,
} from './audit/frontier.ts';
export { type LogKeys, logKeysFromSignerKey, logOrigin } from './audit/log-keys.ts';
export {
  type AuditSearchFilter,
  checkpointAt,
  consistencyProofFor,
  type FoundEvent,
  inclusionProofFor,
  latestCheckpoint,
  type StoredCheckpoint,
  searchEvents,
} from './audit/log-reader.ts';
// audit: the Merkle tree (RFC 9162), its storage and proofs
export { EMPTY_ROOT, type Hash, hashLeaf, MAX_TREE_SIZE, type NodeId } from './audit/merkle.ts';
export { MemoryNodeStore, type NodeStore, readFrontier, readRoot } from './audit/node-store.ts';
// audit: signed checkpoints (C2SP tlog-checkpoint, signed-note), export signatures, verification
export {
  formatVerifierKey,
  generateNoteKey,
  type NoteSigner,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
  signerFromPrivateKey,
  verifierKeyFor,
} from './audit/note-key.ts';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './audit/proof-verify.ts';
export { consistencyProof, inclusionProof } from './audit/proofs.ts';
export { isPseudonym, type Pseudonym, pseudonymize } from './audit/pseudonym.ts';
export { PURPOSES_OF_USE, type PurposeOfUse } from './audit/purpose-of-use.ts';
export { type NewAuditEvent, recordAuditEvent, recordOutsideTransaction } from './audit/recorder.ts';
export {
  type BatchOutcome,
  type SequencerOptions,
  sequenceAll,
  sequenceBatch,
  treeSize,
} from './audit/sequencer.ts';
export { type SequencerLoop, type SequencerLoopOptions, startSequencerLoop } from './audit/sequencer-loop.ts';
export { openNote, signNote } from './audit/signed-note.ts';
export { createSqlNodeStore } from './audit/sql-node-store.ts';
export { tarFiles } from './audit/tar.ts';
export {
  auditEventCheck,
  type Divergence,
  type LeafSource,
  type LogVerification,
  recomputeLog,
  recomputeLogSync,
  verifyExport,
} from './audit/verify.ts';
export { type StoredLogReport, type VerifyStoredOptions, verifyStoredLog } from './audit/verify-stored.ts';
export type { BlindIndex, BlindIndexSpec } from './crypto/blind-index.ts';
// crypto: the field format and its errors
export type { Ciphertext } from './crypto/ciphertext.ts';
// crypto: column classification and sealing
export {
  CLASSIFICATIONS,
  type Classification,
  type Column,
  type ColumnSpec,
  defineColumns,
  type FieldContext,
  isSensitive,
  type JsonValue,
  type OpenContext,
  type Sealed,
  type SealedOf,
  type SensitiveColumnSpec,
} from './crypto/classification.ts';
export { type EncryptedTable, encryptedTable } from './crypto/encrypted-table.ts';
export { createEphemeralKeyring } from './crypto/ephemeral-keyring.ts';
export {
  AuthenticationFailed,
  CRYPTO_ERROR_CODES,
  CryptoError,
  InvalidBinding,
  InvalidKeyMaterial,
  KeyDestroyed,
  MalformedCiphertext,
  UnknownKey,
  UnsupportedAlgorithm,
  UnsupportedVersion,
} from './crypto/errors.ts';
export {
  blindIndexField,
  decryptField,
  encryptField,
  type FieldKeyring,
  readSealed,
  resealField,
} from './crypto/field.ts';
export { cryptoMigrations } from './crypto/key.migrations.ts';
export type { CryptoKeyDatabase, CryptoKeyTable } from './crypto/key.table.ts';
// crypto: keys
export { KEY_EVENT_TYPES, type KeyEvent, type KeyEventHook } from './crypto/key-events.ts';
export { type KeyId, parseKeyId } from './crypto/key-id.ts';
export type { KeyProvider, WrappedKey, WrapRequest } from './crypto/key-provider.ts';
export { type KeyStatusReport, type KeyVersion, keyStatus } from './crypto/key-status.ts';
export {
  KEY_KINDS,
  KEY_STATUSES,
  type KeyFilter,
  type KeyKind,
  type KeyRecord,
  type KeyScope,
  type KeyStatus,
  type KeyStore,
  type KeyTransactions,
  type Wrapping,
} from './crypto/key-store.ts';
export {
  createKeyring,
  type DataKeyScope,
  DEFAULT_ACTIVE_KEY_TTL_MS,
  type Keyring,
  type KeyringOptions,
  type ResolvedKey,
  type Rotation,
} from './crypto/keyring.ts';
export { createLocalKeyProvider } from './crypto/local-key-provider.ts';
export { createMemoryKeyStore } from './crypto/memory-key-store.ts';
// crypto: normalisers for blind indexes
export {
  createEmailNormalizer,
  createIdentifierNormalizer,
  InvalidValue,
  type Normalizer,
  normalizeCnMobile,
  normalizeE164,
  normalizeEmail,
  normalizeName,
  normalizeResidentId,
} from './crypto/normalize.ts';
export { residentIdCheckChar } from './crypto/resident-id.ts';
export { generateRootKey, parseRootKeySet, type RootKeyVersion, readRootKeyFile } from './crypto/root-key.ts';
export { rotationMigrations } from './crypto/rotation.migrations.ts';
export {
  type KeyRotationDatabase,
  ROTATION_PHASES,
  ROTATION_SCOPES,
  type RotationPhase,
  type RotationScope,
} from './crypto/rotation.table.ts';
export { RotationBusy, type RotationJob, RotationScopeConflict } from './crypto/rotation-job.repository.ts';
export {
  DEFAULT_ROTATION_GRACE_MS,
  kindsOf,
  type RotationDeps,
  runRotation,
  startRotation,
} from './crypto/rotation-job.ts';
export { ActiveKeyConflict, createSqlKeyStore, createSqlKeyTransactions } from './crypto/sql-key-store.ts';
export { type BlindIndexPlan, BlindIndexPlanningError, blindIndexBits } from './crypto/truncation.ts';
// privacy: masking at the response boundary
export {
  type Disclosure,
  MASK_KINDS,
  type MaskingPolicy,
  type MaskKind,
  maskByPolicy,
  maskDateOfBirth,
  maskEmail,
  maskIdentifier,
  maskMobile,
  maskName,
  maskResidentId,
  resolveMaskingPolicy,
  type Viewer,
  type ViewerPolicy,
} from './privacy/mask.ts';

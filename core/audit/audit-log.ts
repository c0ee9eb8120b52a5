import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  type AuditDatabase,
  type ExportSummary,
  type LogKeys,
  logKeysFromSignerKey,
  type NewAuditEvent,
  recordAuditEvent,
  recordOutsideTransaction,
  type SequencerLoop,
  type StoredLogReport,
  sequenceAll,
  startSequencerLoop,
  verifyStoredLog,
  writeExport,
} from '../../compliance/index.ts';
import { loadExportSigner } from './audit-secrets.ts';

/**
 * The audit log as the rest of core sees it (DESIGN §2.2–2.3): record in the access transaction,
 * record failed attempts on their own, run the sequencer, verify. The storage, sequencing and
 * verification live in compliance/audit; this binds them to the database and the keys.
 */
export interface AuditLog {
  readonly keys: LogKeys;
  /** Writes the event in `trx`: it exists iff the access commits; an invalid event throws. */
  record<DB extends AuditDatabase>(trx: Transaction<DB>, event: NewAuditEvent): Promise<void>;
  /** For denied and failed attempts, which have no access transaction. */
  recordOutsideTransaction(event: NewAuditEvent): Promise<void>;
  /** Sequences everything pending now; returns how many events were numbered. */
  sequenceNow(): Promise<number>;
  /** Polls in the background (every 200 ms) until `stop()`. */
  startSequencer(): SequencerLoop;
  verify(tenantId: string, options?: { strict?: boolean }): Promise<StoredLogReport>;
  /** Writes a signed export of everything up to the latest checkpoint into an empty directory. */
  exportTo(tenantId: string, directory: string, options?: { sinceSize?: number }): Promise<ExportSummary>;
}

export interface AuditLogDeps<DB extends AuditDatabase> {
  readonly db: Kysely<DB>;
  readonly signingKey: string;
  /** PEM of the export-signing certificate and key (CUSTOS_AUDIT_EXPORT_SIGNER). */
  readonly exportSigner: string;
  readonly logger: Logger;
}

const ERROR_BACKOFF_MS = 5000;

export function createAuditLog<DB extends AuditDatabase>({
  db,
  signingKey,
  exportSigner,
  logger,
}: AuditLogDeps<DB>): AuditLog {
  const keys = logKeysFromSignerKey(signingKey);
  const signer = loadExportSigner(exportSigner);
  return {
    keys,
    record: (trx, event) => recordAuditEvent(trx, event),
    recordOutsideTransaction: (event) => recordOutsideTransaction(db, event),
    sequenceNow: () => sequenceAll(db, { keys }),
    startSequencer() {
      let lastFailure = 0;
      return startSequencerLoop(db, {
        keys,
        onError(error) {
          // One line per failure streak, not one per tick.
          if (Date.now() - lastFailure > ERROR_BACKOFF_MS)
            logger.error({ err: error }, 'audit sequencer failed');
          lastFailure = Date.now();
        },
      });
    },
    exportTo: (tenantId, directory, options = {}) =>
      writeExport(db, tenantId, directory, {
        keyName: keys.signer.name,
        verifier: keys.verifier,
        verifierKey: keys.verifierKey,
        signer,
        ...options,
      }),
    verify: (tenantId, options = {}) =>
      verifyStoredLog(db, tenantId, { verifiers: [keys.verifier], keyName: keys.signer.name, ...options }),
  };
}

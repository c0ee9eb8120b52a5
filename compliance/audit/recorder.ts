import type { Kysely, Transaction } from 'kysely';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { canonicalBytes } from './canonical-json.ts';
import { InvalidEvent } from './errors.ts';
import { AUDIT_EVENT_VERSION, type AuditEvent, parseAuditEvent } from './event.ts';

/**
 * Recording (DESIGN §2.2): an event is written in the caller's transaction, so it exists if and
 * only if the access commits, and a failure to record aborts the access (fail closed). The
 * sequencer gives it its sequence number later; until then it waits in `audit_pending`.
 */
export type NewAuditEvent = Omit<AuditEvent, 'v' | 'seq' | 'time'> & {
  /** RFC 3339 UTC with milliseconds; defaults to now. */
  readonly time?: string;
};

/** What the intake stores: the canonical bytes of the validated event without its `seq`. */
function intakeBody(event: NewAuditEvent): Buffer {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidEvent(['(root): invalid_type']);
  }
  const time = event.time ?? new Date().toISOString();
  // Validated in full (seq 0 stands in) so that an invalid event fails here, inside the access,
  // and never later in the sequencer where nobody could roll the access back.
  const { seq: _seq, ...valid } = parseAuditEvent({ ...event, v: AUDIT_EVENT_VERSION, seq: 0, time });
  return Buffer.from(canonicalBytes(valid));
}

/** Writes `event` in `trx`; throws `InvalidEvent` (and so aborts the transaction) if it is invalid. */
export async function recordAuditEvent<DB extends AuditDatabase>(
  trx: Transaction<DB>,
  event: NewAuditEvent,
): Promise<void> {
  // The type asks for a transaction; this catches a caller that cast its way around it.
  if (!trx.isTransaction) throw new TypeError('audit events are recorded inside the access transaction');
  const body = intakeBody(event);
  const db = trx as unknown as Transaction<AuditDatabase>;
  await db.insertInto('audit_pending').values({ tenant_id: event.tenantId, body }).execute();
}

/**
 * For attempts that did not commit anything — denied, failed, invalid — and so have no access
 * transaction to join: the event gets its own.
 */
export async function recordOutsideTransaction<DB extends AuditDatabase>(
  db: Kysely<DB>,
  event: NewAuditEvent,
): Promise<void> {
  const body = intakeBody(event);
  const audit = auditDb(db);
  await audit.insertInto('audit_pending').values({ tenant_id: event.tenantId, body }).execute();
}

import type { NewAuditEvent } from '../../compliance/index.ts';

/**
 * The shred ledger's entries are ordinary `erase` audit events (DESIGN §2.5): each names one
 * destroyed key as its resource. Key ids are random and say nothing about the person, so the
 * leaf stays free of personal data while the ledger can be read back from the log.
 */
export const SHREDDED_KEY = 'crypto-key';

/** One `erase` event per destroyed key (one without a resource if no live key was left). */
export function shredEvents(base: NewAuditEvent, keyIds: readonly string[]): NewAuditEvent[] {
  if (keyIds.length === 0) return [base];
  return keyIds.map((id) => ({ ...base, resource: { type: SHREDDED_KEY, id } }));
}

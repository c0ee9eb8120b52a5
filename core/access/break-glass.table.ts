import type { Generated } from 'kysely';

/**
 * Emergency access windows (break-glass): one requester, one data subject, a sealed reason, a
 * fixed end, and the privacy officer's review afterwards.
 */
export interface BreakGlassTable {
  tenant_id: string;
  break_glass_id: string;
  requester_id: string;
  /** The requester's role, for the review queue (never a name). */
  requester_role: string;
  /** The contact (patient, student) the window opens. */
  subject_id: string;
  purpose: 'ETREAT' | 'EDUSAFETY';
  /** The justification, sealed under the data subject's key (erased with them). */
  reason_sealed: Buffer;
  /** base64url SHA-256 of `reason_sealed`: the audit events' `detailsRef.sha256`. */
  reason_sha256: string;
  opened_at: Generated<Date>;
  expires_at: Date;
  closed_at: Date | null;
  close_reason: 'stopped' | 'expired' | null;
  reviewed_at: Date | null;
  reviewer_id: string | null;
  review_outcome: 'justified' | 'unjustified' | null;
}

export interface BreakGlassDatabase {
  break_glass: BreakGlassTable;
}

import type { CryptoKeyDatabase } from './key.table.ts';

/** What a rotation job rotates: the tenant key and tenant data key, every subject key, or both. */
export const ROTATION_SCOPES = ['tenant', 'subjects', 'all'] as const;
export type RotationScope = (typeof ROTATION_SCOPES)[number];

/**
 * rotate: new versions become active; reencrypt: the walk over every registered column;
 * retire: waiting out the grace, then destroying retired keys no value uses; finished.
 */
export const ROTATION_PHASES = ['rotate', 'reencrypt', 'retire', 'finished'] as const;
export type RotationPhase = (typeof ROTATION_PHASES)[number];

/** One rotation of one tenant's keys; at most one unfinished per tenant (rotation.migrations.ts). */
export interface CryptoRotationJobTable {
  tenant_id: string;
  job_id: string;
  scope: RotationScope;
  phase: RotationPhase;
  started_at: Date;
  updated_at: Date;
  /** When the current phase began; the retire phase waits out the grace from here. */
  phase_at: Date;
  finished_at: Date | null;
  rows_total: number;
  rows_done: number;
  keys_rotated: number;
  keys_destroyed: number;
  /** Walks over the registered tables so far (a walk repeats while rows still use old keys). */
  passes: number;
  /** The resume point: the table being walked and the last row id done in it. */
  cursor_table: string | null;
  cursor_after: string | null;
  /** The runner holding the job; another may take it over once the lease has expired. */
  lease_owner: string | null;
  lease_expires_at: Date | null;
}

export interface KeyRotationDatabase extends CryptoKeyDatabase {
  crypto_rotation_jobs: CryptoRotationJobTable;
}

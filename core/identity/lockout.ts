/**
 * Lockout with exponential backoff (NIST SP 800-63B §5.2.2 rate limiting; 等保2.0 §8.1.4.1 b:
 * end the session and lock after repeated failures). After `threshold` consecutive failures the
 * account is locked for `baseSeconds`, doubling with each further failure up to `maxSeconds`.
 * A successful login resets the count. Locking in time, not for ever, keeps an attacker from
 * disabling a clinician's account at will.
 */
export interface LockoutPolicy {
  readonly threshold: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { threshold: 5, baseSeconds: 30, maxSeconds: 15 * 60 };

/** Seconds to lock after the `failures`-th consecutive failure; 0 below the threshold. */
export function lockoutSeconds(failures: number, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds);
}

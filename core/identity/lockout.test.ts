import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCKOUT_POLICY, lockoutSeconds } from './lockout.ts';

describe('lockoutSeconds', () => {
  it('does not lock below the threshold, then doubles from 30 s up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => lockoutSeconds(n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => lockoutSeconds(n))).toEqual([30, 60, 120, 240]);
    expect(lockoutSeconds(10)).toBe(DEFAULT_LOCKOUT_POLICY.maxSeconds);
    expect(lockoutSeconds(1_000_000)).toBe(DEFAULT_LOCKOUT_POLICY.maxSeconds);
  });
});

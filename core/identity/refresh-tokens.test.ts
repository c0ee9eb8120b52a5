import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  type RefreshFamily,
  refreshTokenFamily,
  revokeRefreshFamily,
  rotateRefreshToken,
  startRefreshFamily,
} from './refresh-tokens.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const policy = { absoluteSeconds: 3600, idleSeconds: 600 };

function rotate(family: RefreshFamily, token: string, when: Date) {
  const result = rotateRefreshToken(family, token, when, policy);
  if (result.outcome !== 'rotated') throw new Error(`expected rotation, got ${JSON.stringify(result)}`);
  return result;
}

describe('refresh token families', () => {
  it('stores only the SHA-256 of the token, never the token', () => {
    const { token, family } = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    expect(token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(refreshTokenFamily(token)).toBe(family.familyId);
    expect(family.currentHash).toBe(hashRefreshToken(token));
    expect(JSON.stringify(family)).not.toContain(token.split('.')[1]);
    expect(family.expiresAt).toEqual(at(3600));
  });

  it('rotates on every use: the new token works, the family remembers the old one', () => {
    const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    const first = rotate(start.family, start.token, at(60));
    expect(first.token).not.toBe(start.token);
    expect(first.family.usedHashes).toEqual([hashRefreshToken(start.token)]);
    const second = rotate(first.family, first.token, at(120));
    expect(second.family.lastUsedAt).toEqual(at(120));
  });

  it('reuse of a rotated token revokes the whole family, and the current token dies with it', () => {
    const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    const next = rotate(start.family, start.token, at(60));
    const replay = rotateRefreshToken(next.family, start.token, at(90), policy);
    expect(replay).toMatchObject({
      outcome: 'reuse_detected',
      family: { revokedAt: at(90), revokedReason: 'reuse' },
    });
    if (replay.outcome !== 'reuse_detected') return;
    expect(rotateRefreshToken(replay.family, next.token, at(91), policy)).toEqual({
      outcome: 'rejected',
      reason: 'revoked',
    });
  });

  it('detects reuse even after the family expired or went idle', () => {
    const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    const next = rotate(start.family, start.token, at(60));
    expect(rotateRefreshToken(next.family, start.token, at(7200), policy).outcome).toBe('reuse_detected');
  });

  it('enforces the idle timeout and the absolute lifetime', () => {
    const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    expect(rotateRefreshToken(start.family, start.token, at(600), policy)).toEqual({
      outcome: 'rejected',
      reason: 'idle',
    });
    let state = { family: start.family, token: start.token };
    for (let minute = 5; minute < 60; minute += 5) state = rotate(state.family, state.token, at(minute * 60));
    expect(rotateRefreshToken(state.family, state.token, at(3600), policy)).toEqual({
      outcome: 'rejected',
      reason: 'expired',
    });
  });

  it('logout revokes; revocation is idempotent and keeps the first reason', () => {
    const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    const revoked = revokeRefreshFamily(start.family, at(10), 'logout');
    expect(revokeRefreshFamily(revoked, at(20), 'admin')).toBe(revoked);
    expect(rotateRefreshToken(revoked, start.token, at(30), policy)).toEqual({
      outcome: 'rejected',
      reason: 'revoked',
    });
  });

  it('a guessed secret or another family’s token is refused without revoking anything', () => {
    const a = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    const b = startRefreshFamily('tenant-a', 'user-2', t0, policy);
    const guess = `${a.family.familyId}.${'A'.repeat(43)}`;
    expect(rotateRefreshToken(a.family, guess, at(1), policy)).toEqual({
      outcome: 'rejected',
      reason: 'unknown',
    });
    expect(rotateRefreshToken(a.family, b.token, at(1), policy)).toEqual({
      outcome: 'rejected',
      reason: 'unknown',
    });
  });

  it('refuses anything that is not shaped like one of our tokens', () => {
    const { family } = startRefreshFamily('tenant-a', 'user-1', t0, policy);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(refreshTokenFamily(text)).toBeUndefined();
        expect(rotateRefreshToken(family, text, at(1), policy).outcome).toBe('rejected');
      }),
    );
  });

  it('only ever hands out the latest token as usable, whatever the order of presentations', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (picks) => {
        const start = startRefreshFamily('tenant-a', 'user-1', t0, policy);
        const issued = [start.token];
        let family = start.family;
        for (const [i, pick] of picks.entries()) {
          const presented = issued[pick % issued.length]!;
          const result = rotateRefreshToken(family, presented, at(i + 1), policy);
          const isLatest = presented === issued.at(-1);
          if (family.revokedAt) expect(result.outcome).toBe('rejected');
          else expect(result.outcome).toBe(isLatest ? 'rotated' : 'reuse_detected');
          if (result.outcome === 'rotated') issued.push(result.token);
          if (result.outcome !== 'rejected') family = result.family;
        }
      }),
    );
  });
});

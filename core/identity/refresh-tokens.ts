import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens are opaque: `<familyId>.<secret>`. Only SHA-256 of the whole token is stored, so
 * a copy of the database cannot be replayed (the secret has 256 bits, so no salt or slow hash is
 * needed). Every use rotates the token; presenting one already rotated away means two parties hold
 * the family, so the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export interface RefreshFamily {
  readonly familyId: string;
  readonly tenantId: string;
  readonly userId: string;
  /** SHA-256 (hex) of the one token that may be used next. */
  readonly currentHash: string;
  /** Hashes of tokens already rotated away: presenting one of them is reuse. */
  readonly usedHashes: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  /** Absolute end: re-authentication is required after it, however active the user is. */
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedReason: 'logout' | 'reuse' | 'admin' | null;
}

export interface RefreshPolicy {
  /** Absolute lifetime of a family, seconds. */
  readonly absoluteSeconds: number;
  /** Automatic logoff after inactivity (HIPAA §164.312(a)(2)(iii)), seconds. */
  readonly idleSeconds: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { absoluteSeconds: 12 * 3600, idleSeconds: 30 * 60 };

export type RotationResult =
  | { readonly outcome: 'rotated'; readonly token: string; readonly family: RefreshFamily }
  | { readonly outcome: 'reuse_detected'; readonly family: RefreshFamily }
  | { readonly outcome: 'rejected'; readonly reason: 'revoked' | 'expired' | 'idle' | 'unknown' };

const FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The family id, to look the family up; undefined when the string is not one of our tokens. */
export function refreshTokenFamily(token: string): string | undefined {
  return FORMAT.exec(token)?.[1];
}

const newToken = (familyId: string) => `${familyId}.${randomBytes(32).toString('base64url')}`;

/** Opens a family at login. Store `family`, hand `token` to the client. */
export function startRefreshFamily(
  tenantId: string,
  userId: string,
  now: Date,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
): { token: string; family: RefreshFamily } {
  const familyId = randomUUID();
  const token = newToken(familyId);
  const family: RefreshFamily = {
    familyId,
    tenantId,
    userId,
    currentHash: hashRefreshToken(token),
    usedHashes: [],
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
    revokedAt: null,
    revokedReason: null,
  };
  return { token, family };
}

const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/**
 * Decides what a presented token does to its family. Pure: the caller loads the family (by
 * `refreshTokenFamily(token)`, under `FOR UPDATE` so two refreshes cannot both rotate) and stores
 * whatever family comes back. Reuse is checked before revocation and expiry, so a stolen token
 * replayed late still revokes (and reports) the family.
 */
export function rotateRefreshToken(
  family: RefreshFamily,
  presented: string,
  now: Date,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
): RotationResult {
  if (refreshTokenFamily(presented) !== family.familyId) return { outcome: 'rejected', reason: 'unknown' };
  const hash = hashRefreshToken(presented);
  if (family.usedHashes.some((used) => sameHash(used, hash))) {
    if (family.revokedAt) return { outcome: 'rejected', reason: 'revoked' };
    return { outcome: 'reuse_detected', family: { ...family, revokedAt: now, revokedReason: 'reuse' } };
  }
  // A guess at the secret of a known family: refuse, but do not let a guesser revoke others' families.
  if (!sameHash(family.currentHash, hash)) return { outcome: 'rejected', reason: 'unknown' };
  if (family.revokedAt) return { outcome: 'rejected', reason: 'revoked' };
  if (now >= family.expiresAt) return { outcome: 'rejected', reason: 'expired' };
  if (now.getTime() - family.lastUsedAt.getTime() >= policy.idleSeconds * 1000) {
    return { outcome: 'rejected', reason: 'idle' };
  }
  const token = newToken(family.familyId);
  return {
    outcome: 'rotated',
    token,
    family: {
      ...family,
      currentHash: hashRefreshToken(token),
      usedHashes: [...family.usedHashes, family.currentHash],
      lastUsedAt: now,
    },
  };
}

/** Logout or administrative revocation; idempotent. */
export function revokeRefreshFamily(
  family: RefreshFamily,
  now: Date,
  reason: 'logout' | 'admin',
): RefreshFamily {
  return family.revokedAt ? family : { ...family, revokedAt: now, revokedReason: reason };
}

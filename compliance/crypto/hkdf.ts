import { hkdfSync, type KeyObject } from 'node:crypto';

/**
 * HKDF-SHA256 (RFC 5869): extract-then-expand. A thin wrapper so the known-answer vectors of
 * RFC 5869 Appendix A test exactly what the blind index uses. An empty salt means HashLen
 * zero bytes (§2.2), which is sound here because the input keying material is a uniformly
 * random 256-bit key (§3.1).
 */
export function hkdfSha256(
  ikm: Uint8Array | KeyObject,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Buffer {
  // RFC 5869 §2.3: L ≤ 255 · HashLen.
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32)
    throw new RangeError('HKDF length is 1..8160 bytes');
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

import { createSecretKey, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { seal } from './ciphertext.ts';
import { newKeyId } from './key-id.ts';
import { NONCE_BYTES } from './nonce.ts';

const popcount = Uint8Array.from({ length: 256 }, (_, v) => v.toString(2).replaceAll('0', '').length);

// NIST SP 800-38D §8: a (key, nonce) pair must never repeat. One million encryptions under a
// single key; each nonce is read out of the ciphertext that carries it.
it('never repeats a nonce across 10^6 encryptions under one key, and the nonces look random', () => {
  const n = 1_000_000;
  const key = createSecretKey(randomBytes(32));
  const keyId = newKeyId();
  const aad = Buffer.alloc(64);
  const plaintext = Buffer.from('x');
  const nonces = Buffer.alloc(n * NONCE_BYTES);
  for (let i = 0; i < n; i++)
    seal(key, keyId, plaintext, () => aad).copy(nonces, i * NONCE_BYTES, 18, 18 + NONCE_BYTES);
  const nonce = (i: number) => nonces.subarray(i * NONCE_BYTES, (i + 1) * NONCE_BYTES);

  // Uniqueness: sort the first 64 bits numerically; only where neighbours tie (chance ≈ 3·10^-8)
  // compare the full 96 bits of the nonces sharing that prefix.
  const prefixes = new BigUint64Array(n);
  for (let i = 0; i < n; i++) prefixes[i] = nonces.readBigUInt64BE(i * NONCE_BYTES);
  const sorted = prefixes.slice().sort();
  let repeats = 0;
  for (let k = 1; k < n; k++) {
    if (sorted[k] !== sorted[k - 1]) continue;
    const sharing: string[] = [];
    for (let i = 0; i < n; i++) if (prefixes[i] === sorted[k]) sharing.push(nonce(i).toString('hex'));
    if (new Set(sharing).size < sharing.length) repeats++;
  }
  expect(repeats).toBe(0);

  // A counter or a constant prefix would pass the uniqueness check; it fails these: each of the
  // 96 bit positions is set about half the time (σ = 0.05 %, bound 2 % = 40σ) and consecutive
  // nonces differ in about 48 of 96 bits, not in a few low-order bits.
  const ones = new Uint32Array(NONCE_BYTES * 8);
  let differing = 0;
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < NONCE_BYTES; b++) {
      const byte = nonces[i * NONCE_BYTES + b]!;
      for (let bit = 0; bit < 8; bit++) ones[b * 8 + bit]! += (byte >> bit) & 1;
      if (i > 0) differing += popcount[byte ^ nonces[(i - 1) * NONCE_BYTES + b]!]!;
    }
  }
  for (const count of ones) expect(Math.abs(count / n - 0.5)).toBeLessThan(0.02);
  expect(differing / (n - 1)).toBeGreaterThan(47.5);
  expect(differing / (n - 1)).toBeLessThan(48.5);
});

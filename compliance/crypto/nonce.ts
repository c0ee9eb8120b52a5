import { randomFillSync } from 'node:crypto';

/**
 * 96-bit GCM nonces from the operating system CSPRNG (NIST SP 800-38D §8.2.2, the
 * "RBG-based construction").
 *
 * §8.3 bounds random-nonce use to 2^32 invocations per key so that the chance of a repeated
 * nonce stays below 2^-32. Custos never approaches it: data keys are per data subject or per
 * tenant, and the rotation job (docs/compliance/encryption.md) retires a tenant data key long
 * before 2^32 encryptions (the schedule, not a counter in memory, keeps the bound: processes
 * restart and run side by side, a per-process count would undercount).
 *
 * Random bytes are drawn in 4 KiB batches because a `randomBytes(12)` call costs more than
 * the AES-GCM encryption of a short field; every nonce is a fresh copy, never a view into the
 * pool, and no byte of the pool is handed out twice.
 */
export const NONCE_BYTES = 12;

const POOL_NONCES = 341; // 4092 bytes
const pool = Buffer.allocUnsafe(NONCE_BYTES * POOL_NONCES);
let next = pool.length;

export function randomNonce(): Buffer {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const nonce = Buffer.allocUnsafe(NONCE_BYTES);
  pool.copy(nonce, 0, next, next + NONCE_BYTES);
  // Wipe the used bytes so a later heap disclosure cannot predict or replay them.
  pool.fill(0, next, next + NONCE_BYTES);
  next += NONCE_BYTES;
  return nonce;
}

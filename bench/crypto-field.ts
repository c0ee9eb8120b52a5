/**
 * Micro benchmark: sealing and opening 64-byte field values on one core.
 *
 *   node --import tsx bench/crypto-field.ts
 *
 * Prints fields/s for encryptField + decryptField (format, AAD, keyring cache lookup) and for a
 * baseline measured in the same run — raw AES-256-GCM encrypt + decrypt of the same 64 bytes
 * with no format and no AAD — and the ratio between them, because absolute numbers on shared
 * machines are noise (DESIGN §9). Rounds alternate between the two loops; medians are reported.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { createEphemeralKeyring, decryptField, defineColumns, encryptField } from '../compliance/index.ts';

const ROUNDS = 7;
const ROUND_MS = 400;
const value = 'x'.repeat(64);
const bytes = Buffer.from(value);

const contacts = defineColumns('contacts', { note: { classification: 'phi', subjectKeyed: true } });
const keyring = createEphemeralKeyring();
const context = {
  tenantId: 'tenant-bench',
  rowId: '00000000-0000-4000-8000-000000000001',
  subjectId: 'subject-bench',
};

async function fieldRound(): Promise<number> {
  let n = 0;
  const end = performance.now() + ROUND_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) {
      const sealed = await encryptField(keyring, contacts.columns.note, context, value);
      await decryptField(keyring, contacts.columns.note, context, sealed);
    }
    n += 100;
  }
  return n / (ROUND_MS / 1000);
}

const rawKey = createSecretKey(randomBytes(32));
function baselineRound(): number {
  let n = 0;
  const end = performance.now() + ROUND_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', rawKey, nonce);
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const decipher = createDecipheriv('aes-256-gcm', rawKey, nonce);
      decipher.setAuthTag(cipher.getAuthTag());
      Buffer.concat([decipher.update(body), decipher.final()]);
    }
    n += 100;
  }
  return n / (ROUND_MS / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await fieldRound(); // warm-up: creates the keys, fills the cache, lets the JIT settle
baselineRound();
const field: number[] = [];
const baseline: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  field.push(await fieldRound());
  baseline.push(baselineRound());
}
const f = median(field);
const b = median(baseline);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`encryptField+decryptField, 64-byte values: ${fmt(f)} fields/s (median of ${ROUNDS})`);
console.log(`baseline raw AES-256-GCM encrypt+decrypt:  ${fmt(b)} fields/s`);
console.log(`ratio field/baseline: ${(f / b).toFixed(2)}`);

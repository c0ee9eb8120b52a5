import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blindIndex, computeBlindIndex, deriveColumnKey } from './blind-index.ts';
import { hkdfSha256 } from './hkdf.ts';
import { normalizeCnMobile, normalizeEmail } from './normalize.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('HKDF-SHA256 (RFC 5869 Appendix A)', () => {
  it('test case 1', () => {
    const okm = hkdfSha256(
      Buffer.alloc(22, 0x0b),
      hex('000102030405060708090a0b0c'),
      hex('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(okm.toString('hex')).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('test case 3 (empty salt and info, as the blind-index derivation uses an empty salt)', () => {
    const okm = hkdfSha256(Buffer.alloc(22, 0x0b), new Uint8Array(0), new Uint8Array(0), 42);
    expect(okm.toString('hex')).toBe(
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });

  it('rejects lengths beyond 255 · HashLen', () => {
    expect(() => hkdfSha256(Buffer.alloc(32), new Uint8Array(0), new Uint8Array(0), 8161)).toThrow(
      RangeError,
    );
  });
});

describe('blind index', () => {
  const root = createSecretKey(randomBytes(32));
  const phone = { tenantId: 'tenant-a', table: 'contacts', column: 'mobile' };

  it('is Trunc_L(HMAC-SHA256(K_column, normalized)) with trailing bits zeroed', () => {
    const key = deriveColumnKey(root, phone);
    const mac = createHmac('sha256', key).update('+8613800138000').digest();
    expect(blindIndex(key, '+8613800138000', 16)).toBe(mac.subarray(0, 2).toString('hex'));
    const twelve = Buffer.from(mac.subarray(0, 2));
    twelve[1]! &= 0xf0;
    expect(blindIndex(key, '+8613800138000', 12)).toBe(twelve.toString('hex'));
    expect(blindIndex(key, '+8613800138000', 256)).toBe(mac.toString('hex'));
  });

  it('never sets a bit past L', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (value, bits) => {
        const index = Buffer.from(blindIndex(createSecretKey(Buffer.alloc(32, 1)), value, bits), 'hex');
        expect(index.length).toBe(Math.ceil(bits / 8));
        const spare = index.length * 8 - bits;
        expect(index[index.length - 1]! & ((1 << spare) - 1)).toBe(0);
      }),
    );
  });

  it('maps spellings of one value to one index', () => {
    const spec = { normalize: normalizeCnMobile, bits: 32 };
    const spellings = ['13800138000', '+86 138 0013 8000', '0086-138-0013-8000'];
    const indexes = spellings.map((s) => computeBlindIndex(root, phone, spec, s));
    expect(new Set(indexes).size).toBe(1);
  });

  it('uses a different key per tenant and per column', () => {
    const spec = { normalize: normalizeEmail, bits: 64 };
    const value = 'someone@example.com';
    const base = computeBlindIndex(root, { ...phone, column: 'email' }, spec, value);
    expect(computeBlindIndex(root, { ...phone, column: 'email_2' }, spec, value)).not.toBe(base);
    expect(
      computeBlindIndex(root, { ...phone, column: 'email', tenantId: 'tenant-b' }, spec, value),
    ).not.toBe(base);
    expect(computeBlindIndex(root, { ...phone, table: 'staff', column: 'email' }, spec, value)).not.toBe(
      base,
    );
  });
});

import { createSecretKey, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldAad } from './aad.ts';
import { ALGORITHM, OVERHEAD_BYTES, openParsed, parseCiphertext, seal, sealWithNonce } from './ciphertext.ts';
import {
  AuthenticationFailed,
  CryptoError,
  MalformedCiphertext,
  UnsupportedAlgorithm,
  UnsupportedVersion,
} from './errors.ts';
import { type KeyId, keyIdFromBytes, newKeyId } from './key-id.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
const fixedKey = createSecretKey(Buffer.from(Array.from({ length: 32 }, (_, i) => i))); // 00 01 … 1f
const fixedKeyId = keyIdFromBytes(hex('101112131415161718191a1b1c1d1e1f'));
const fixedNonce = hex('a0a1a2a3a4a5a6a7a8a9aaab');
const binding = { tenantId: 'tenant-a', table: 'contacts', column: 'phone', rowId: 'row-1' };
const aad =
  (b = binding) =>
  (header: Buffer) =>
    fieldAad(b, header);

describe('known answers', () => {
  it('uses AES-256-GCM as specified: McGrew–Viega GCM test case 16 through sealWithNonce', () => {
    const key = createSecretKey(hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'));
    const plaintext = hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
    const out = sealWithNonce(key, fixedKeyId, hex('cafebabefacedbaddecaf888'), plaintext, () =>
      hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
    );
    expect(out.subarray(30).toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
        '76fc6ece0f4e1768cddf8853bb2d551b',
    );
  });

  it('lays out version ‖ algorithm ‖ key id ‖ nonce ‖ ciphertext ‖ tag with the field AAD', () => {
    // Expected bytes computed independently (Python `cryptography` AESGCM) from the documented AAD.
    const out = sealWithNonce(fixedKey, fixedKeyId, fixedNonce, Buffer.from('custos 测试'), aad());
    expect(out.toString('hex')).toBe(
      [
        '01', // format version
        '01', // AES-256-GCM
        '101112131415161718191a1b1c1d1e1f', // key id
        'a0a1a2a3a4a5a6a7a8a9aaab', // nonce
        '856d0f592ab82259d7ee6f7c92', // 13 bytes of ciphertext
        '141d766319f20e4e5439186ec0754c01', // tag
      ].join(''),
    );
    expect(openParsed(parseCiphertext(out), fixedKey, aad()).toString()).toBe('custos 测试');
  });

  it('seals the empty value too (header, nonce and tag only)', () => {
    const out = sealWithNonce(fixedKey, fixedKeyId, fixedNonce, new Uint8Array(0), aad());
    expect(out.toString('hex')).toBe(
      '0101101112131415161718191a1b1c1d1e1fa0a1a2a3a4a5a6a7a8a9aaab82078c1d9c4105c64f3c67e8b0185d69',
    );
    expect(openParsed(parseCiphertext(out), fixedKey, aad())).toHaveLength(0);
  });
});

describe('parsing', () => {
  const good = () => Buffer.from(sealWithNonce(fixedKey, fixedKeyId, fixedNonce, Buffer.from('x'), aad()));

  it('rejects input shorter than header, nonce and tag', () => {
    expect(() => parseCiphertext(good().subarray(0, OVERHEAD_BYTES - 1))).toThrow(MalformedCiphertext);
    expect(() => parseCiphertext(new Uint8Array(0))).toThrow(MalformedCiphertext);
  });

  it.each([0, 2, 255])('rejects format version %i', (version) => {
    const bytes = good();
    bytes[0] = version;
    expect(() => parseCiphertext(bytes)).toThrow(UnsupportedVersion);
  });

  it.each([0, ALGORITHM.sm4Gcm, 3, 255])(
    'rejects algorithm id %i (2 is the reserved SM4-GCM profile)',
    (id) => {
      const bytes = good();
      bytes[1] = id;
      expect(() => parseCiphertext(bytes)).toThrow(UnsupportedAlgorithm);
    },
  );

  it('reads back the key id', () => {
    expect(parseCiphertext(good()).keyId).toBe(fixedKeyId);
  });
});

describe('properties', () => {
  const key = createSecretKey(randomBytes(32));
  const keyId: KeyId = newKeyId();
  const open = (bytes: Uint8Array, b = binding) => openParsed(parseCiphertext(bytes), key, aad(b));

  it('round-trips arbitrary Unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(open(seal(key, keyId, Buffer.from(text), aad())).toString('utf8')).toBe(text);
      }),
    );
  });

  it('round-trips arbitrary binary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(new Uint8Array(open(seal(key, keyId, bytes, aad())))).toEqual(bytes);
      }),
    );
  });

  it('fails authentication when moved to another tenant, table, column or row', () => {
    const part = fc.constantFrom('tenantId', 'table', 'column', 'rowId');
    fc.assert(
      fc.property(part, fc.string({ minLength: 1, maxLength: 20 }), (field, other) => {
        fc.pre(other !== binding[field]);
        const sealed = seal(key, keyId, Buffer.from('13800138000'), aad());
        expect(() => open(sealed, { ...binding, [field]: other })).toThrow(AuthenticationFailed);
      }),
    );
  });

  it('rejects a flip of any bit of any header or nonce byte, even with the right key in hand', () => {
    const sealed = seal(key, keyId, Buffer.from('secret'), aad());
    // Exhaustive: 30 bytes × 8 bits. Version and algorithm flips are caught by parsing; key-id
    // and nonce flips by the tag, because the header is in the AAD and the nonce feeds GCM.
    for (let index = 0; index < 30; index++) {
      const expected =
        index === 0 ? UnsupportedVersion : index === 1 ? UnsupportedAlgorithm : AuthenticationFailed;
      for (let bit = 0; bit < 8; bit++) {
        const bytes = Buffer.from(sealed);
        bytes[index]! ^= 1 << bit;
        expect(() => open(bytes)).toThrow(expected);
      }
    }
  });

  it('rejects a flip of any bit of the ciphertext or tag', () => {
    const sealed = seal(key, keyId, Buffer.from('a longer secret value'), aad());
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: sealed.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (index, bit) => {
          const bytes = Buffer.from(sealed);
          bytes[index]! ^= 1 << bit;
          expect(() => open(bytes)).toThrow(CryptoError);
          expect(() => open(bytes)).toThrow(AuthenticationFailed);
        },
      ),
    );
  });
});

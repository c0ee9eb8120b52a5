import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.ts';
import { generateTotpSecret, hotp, type TotpAlgorithm, totp, totpStep, totpUri, verifyTotp } from './totp.ts';

const ascii = (text: string) => Buffer.from(text, 'ascii');
// RFC 6238 Appendix B: the seed is the ASCII digits repeated to the hash's output length.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('RFC 6238 Appendix B test vectors (8 digits, X = 30, T0 = 0)', () => {
  const vectors: [number, string, TotpAlgorithm, string][] = [
    [59, '0000000000000001', 'SHA1', '94287082'],
    [59, '0000000000000001', 'SHA256', '46119246'],
    [59, '0000000000000001', 'SHA512', '90693936'],
    [1111111109, '00000000023523EC', 'SHA1', '07081804'],
    [1111111109, '00000000023523EC', 'SHA256', '68084774'],
    [1111111109, '00000000023523EC', 'SHA512', '25091201'],
    [1111111111, '00000000023523ED', 'SHA1', '14050471'],
    [1111111111, '00000000023523ED', 'SHA256', '67062674'],
    [1111111111, '00000000023523ED', 'SHA512', '99943326'],
    [1234567890, '000000000273EF07', 'SHA1', '89005924'],
    [1234567890, '000000000273EF07', 'SHA256', '91819424'],
    [1234567890, '000000000273EF07', 'SHA512', '93441116'],
    [2000000000, '0000000003F940AA', 'SHA1', '69279037'],
    [2000000000, '0000000003F940AA', 'SHA256', '90698825'],
    [2000000000, '0000000003F940AA', 'SHA512', '38618901'],
    [20000000000, '0000000027BC86AA', 'SHA1', '65353130'],
    [20000000000, '0000000027BC86AA', 'SHA256', '77737706'],
    [20000000000, '0000000027BC86AA', 'SHA512', '47863826'],
  ];
  it.each(vectors)('T = %i s (step %s), %s → %s', (seconds, stepHex, algorithm, expected) => {
    const now = new Date(seconds * 1000);
    expect(totpStep(now)).toBe(Number.parseInt(stepHex, 16));
    expect(totp(SEEDS[algorithm], now, { algorithm, digits: 8 })).toBe(expected);
  });
});

describe('RFC 4226 Appendix D HOTP values', () => {
  const expected = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(hotp(SEEDS.SHA1, counter)).toBe(code);
  });
});

describe('verifyTotp', () => {
  const key = SEEDS.SHA1;
  const now = new Date(1_700_000_000_000);
  const step = totpStep(now);
  const codeAt = (offset: number) => hotp(key, step + offset);

  it('accepts the current step and one step either side, and reports the step to store', () => {
    for (const offset of [-1, 0, 1]) {
      expect(verifyTotp(codeAt(offset), key, { now, lastUsedStep: undefined })).toEqual({
        ok: true,
        step: step + offset,
      });
    }
  });

  it('refuses codes two steps away, unless the window is widened', () => {
    expect(verifyTotp(codeAt(-2), key, { now, lastUsedStep: undefined })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyTotp(codeAt(2), key, { now, lastUsedStep: undefined })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyTotp(codeAt(-2), key, { now, lastUsedStep: undefined, window: 2 }).ok).toBe(true);
  });

  it('refuses a replayed code and any code of an earlier step (RFC 6238 §5.2)', () => {
    const first = verifyTotp(codeAt(0), key, { now, lastUsedStep: undefined });
    expect(first.ok).toBe(true);
    const lastUsedStep = first.ok ? first.step : undefined;
    expect(verifyTotp(codeAt(0), key, { now, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(codeAt(-1), key, { now, lastUsedStep })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(codeAt(1), key, { now, lastUsedStep })).toEqual({ ok: true, step: step + 1 });
  });

  it.each([
    ['empty', ''],
    ['too short', '12345'],
    ['too long', '1234567'],
    ['letters', 'abcdef'],
    ['spaces', '123 456'],
    ['full-width digits', '１２３４５６'],
    ['signed', '+12345'],
  ])('refuses malformed input: %s', (_name, code) => {
    expect(verifyTotp(code, key, { now, lastUsedStep: undefined })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('checks 8-digit SHA-256 codes', () => {
    const code = totp(SEEDS.SHA256, now, { algorithm: 'SHA256', digits: 8 });
    expect(
      verifyTotp(code, SEEDS.SHA256, { now, lastUsedStep: undefined, algorithm: 'SHA256', digits: 8 }).ok,
    ).toBe(true);
    expect(
      verifyTotp(code, SEEDS.SHA256, { now, lastUsedStep: undefined, algorithm: 'SHA512', digits: 8 }).ok,
    ).toBe(false);
  });
});

describe('base32 (RFC 4648 §10, unpadded)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (text, encoded) => {
    expect(base32Encode(ascii(text))).toBe(encoded);
    expect(base32Decode(encoded).toString('ascii')).toBe(text);
  });

  it('decodes what people type: lower case, spaces, padding', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString('ascii')).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
      }),
    );
  });
});

describe('enrolment', () => {
  it('generates secrets as long as the hash output', () => {
    expect(base32Decode(generateTotpSecret()).length).toBe(20);
    expect(base32Decode(generateTotpSecret('SHA256')).length).toBe(32);
    expect(base32Decode(generateTotpSecret('SHA512')).length).toBe(64);
    expect(generateTotpSecret()).not.toBe(generateTotpSecret());
  });

  it('builds an otpauth:// URI with every parameter explicit', () => {
    const uri = totpUri({ issuer: 'Custos Demo', account: 'user-0001', secret: 'JBSWY3DPEHPK3PXP' });
    expect(uri).toBe(
      'otpauth://totp/Custos%20Demo:user-0001?secret=JBSWY3DPEHPK3PXP&issuer=Custos%20Demo&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('issuer')).toBe('Custos Demo');
  });

  it('encodes non-ASCII issuers and refuses the label separator', () => {
    const uri = totpUri({ issuer: '示例医院', account: 'u1', secret: 'AA', algorithm: 'SHA256', digits: 8 });
    expect(decodeURIComponent(uri)).toContain('示例医院:u1');
    expect(uri).toContain('algorithm=SHA256&digits=8');
    expect(() => totpUri({ issuer: 'a:b', account: 'u1', secret: 'AA' })).toThrow(/separator/);
  });
});

import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPseudonym, PSEUDONYM_DOMAIN, pseudonymize } from './pseudonym.ts';

const key = Buffer.alloc(32, 0x42);

describe('keyed pseudonyms', () => {
  it('is HMAC-SHA-256 over the documented length-prefixed message, in unpadded base64url', () => {
    const message = Buffer.concat([
      Buffer.from('00000019', 'hex'),
      Buffer.from('custos/audit-pseudonym/v1'),
      Buffer.from('00000007', 'hex'),
      Buffer.from('contact'),
      Buffer.from('00000006', 'hex'),
      Buffer.from('c-1234'),
    ]);
    expect(PSEUDONYM_DOMAIN.length).toBe(0x19);
    const expected = createHmac('sha256', key).update(message).digest('base64url');
    expect(pseudonymize(key, 'contact', 'c-1234')).toBe(expected);
    expect(expected).toHaveLength(43);
    expect(isPseudonym(expected)).toBe(true);
  });

  it('is stable, and accepts a KeyObject', () => {
    expect(pseudonymize(createSecretKey(key), 'contact', 'c-1234')).toBe(
      pseudonymize(key, 'contact', 'c-1234'),
    );
  });

  it('separates tenants, subject types and ambiguous splits', () => {
    const values = new Set([
      pseudonymize(key, 'contact', 'a:b'),
      pseudonymize(key, 'contact', 'a:B'),
      pseudonymize(key, 'student', 'a:b'),
      pseudonymize(Buffer.alloc(32, 0x43), 'contact', 'a:b'),
      pseudonymize(key, 'contact-a', 'b'),
      pseudonymize(key, 'contact', 'ab'),
    ]);
    expect(values.size).toBe(6);
  });

  it('refuses short keys and malformed inputs', () => {
    expect(() => pseudonymize(Buffer.alloc(16), 'contact', 'x')).toThrow(RangeError);
    expect(() => pseudonymize(key, 'Contact', 'x')).toThrow(TypeError);
    expect(() => pseudonymize(key, 'contact', '')).toThrow(TypeError);
    expect(() => pseudonymize(key, 'contact', '\ud800')).toThrow(TypeError);
  });
});

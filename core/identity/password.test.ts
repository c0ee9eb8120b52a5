import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.ts';
import {
  createPasswordHasher,
  DEFAULT_SCRYPT_PARAMS,
  parseScryptHash,
  type ScryptParams,
} from './password.ts';

// Cheap parameters keep the suite fast; the format and the checks are the same as in production.
const FAST: ScryptParams = { ln: 10, r: 8, p: 1, saltLength: 16, keyLength: 32 };
const hasher = createPasswordHasher(FAST);

const internalError = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) && error.code === 'internal';
  }
  return false;
};

describe('password hashing', () => {
  it('writes a PHC string with its parameters and verifies only the right password', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
    expect(await hasher.verify('correct horse battery stapl', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('agrees with scrypt computed independently from the PHC fields (N = 2^ln)', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync('口令-123', salt, 32, { N: 2 ** 11, r: 4, p: 2 });
    const stored = `$scrypt$ln=11,r=4,p=2$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
    expect(await hasher.verify('口令-123', stored)).toBe(true);
    expect(hasher.needsRehash(stored)).toBe(true);
  });

  it('compares passwords after Unicode NFC (RFC 8265 OpaqueString)', async () => {
    const stored = await hasher.hash('caf\u00e9');
    expect(await hasher.verify('cafe\u0301', stored)).toBe(true);
  });

  it('asks for a rehash when any parameter differs', async () => {
    const stored = await hasher.hash('pw');
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(createPasswordHasher({ ...FAST, ln: 11 }).needsRehash(stored)).toBe(true);
    expect(createPasswordHasher({ ...FAST, keyLength: 64 }).needsRehash(stored)).toBe(true);
    expect(createPasswordHasher({ ...FAST, saltLength: 32 }).needsRehash(stored)).toBe(true);
  });

  it('verifies unknown users against a dummy hash and always says no', async () => {
    expect(await hasher.verifyDummy('anything')).toBe(false);
    expect(await hasher.verifyDummy('')).toBe(false);
  });

  it('uses OWASP-strength defaults', () => {
    expect(DEFAULT_SCRYPT_PARAMS).toMatchObject({ ln: 17, r: 8, p: 1 });
  });

  it('refuses to be configured outside safe bounds', () => {
    expect(internalError(() => createPasswordHasher({ ...FAST, ln: 9 }))).toBe(true);
    expect(internalError(() => createPasswordHasher({ ...FAST, saltLength: 8 }))).toBe(true);
    expect(internalError(() => createPasswordHasher({ ...FAST, r: 1.5 }))).toBe(true);
  });
});

describe('malformed stored hashes', () => {
  const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
  const key = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const cases: [string, string][] = [
    ['empty', ''],
    ['plaintext', 'hunter2'],
    ['another algorithm', `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${key}`],
    ['missing hash', `$scrypt$ln=10,r=8,p=1$${salt}`],
    ['extra segment', `$scrypt$ln=10,r=8,p=1$${salt}$${key}$x`],
    ['parameters reordered', `$scrypt$r=8,ln=10,p=1$${salt}$${key}`],
    ['parameter missing', `$scrypt$ln=10,r=8$${salt}$${key}`],
    ['N too small', `$scrypt$ln=4,r=8,p=1$${salt}$${key}`],
    ['N too large (memory exhaustion)', `$scrypt$ln=30,r=8,p=1$${salt}$${key}`],
    ['r zero', `$scrypt$ln=10,r=0,p=1$${salt}$${key}`],
    ['p too large', `$scrypt$ln=10,r=8,p=99$${salt}$${key}`],
    ['negative', `$scrypt$ln=-1,r=8,p=1$${salt}$${key}`],
    ['padding', `$scrypt$ln=10,r=8,p=1$${salt}==$${key}=`],
    ['base64url alphabet', `$scrypt$ln=10,r=8,p=1$${salt.slice(1)}-$${key}`],
    ['non-canonical trailing bits', `$scrypt$ln=10,r=8,p=1$${salt.slice(1)}B$${key}`],
    ['salt too short', `$scrypt$ln=10,r=8,p=1$AAAAAAAAAAA$${key}`],
    ['hash too short', `$scrypt$ln=10,r=8,p=1$${salt}$AAAAAAAAAAA`],
    ['impossible base64 length', `$scrypt$ln=10,r=8,p=1$${salt}AAA$${key}`],
    ['whitespace', ` $scrypt$ln=10,r=8,p=1$${salt}$${key}`],
    ['trailing newline', `$scrypt$ln=10,r=8,p=1$${salt}$${key}\n`],
  ];

  it('accepts the well-formed baseline', () => {
    expect(parseScryptHash(`$scrypt$ln=10,r=8,p=1$${salt}$${key}`).params).toEqual(FAST);
  });

  it.each(cases)('%s: parse, verify and needsRehash throw AppError(internal)', async (_name, stored) => {
    expect(internalError(() => parseScryptHash(stored))).toBe(true);
    expect(internalError(() => hasher.needsRehash(stored))).toBe(true);
    await expect(hasher.verify('pw', stored)).rejects.toMatchObject({ name: 'AppError', code: 'internal' });
  });
});

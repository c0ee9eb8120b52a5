import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

/** scrypt cost parameters (RFC 7914 §2). `ln` is log2 of N, as in the PHC string. */
export interface ScryptParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
  readonly saltLength: number;
  readonly keyLength: number;
}

// OWASP Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1 (128 MiB, about 0.3 s on a server core).
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { ln: 17, r: 8, p: 1, saltLength: 16, keyLength: 32 };

// A stored hash is data, so its parameters are bounded before they reach scrypt: a corrupted or
// hostile row must not make one login allocate gigabytes.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16], saltLength: [16, 64], keyLength: [16, 64] } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time comparison. Throws `AppError('internal')` when the stored hash is malformed. */
  verify(password: string, stored: string): Promise<boolean>;
  /** True when `stored` was made with other parameters than this hasher's: rehash after login. */
  needsRehash(stored: string): boolean;
  /**
   * Spends the same work as `verify` against a hash nobody knows, and returns false. Call it for an
   * unknown user so that response time does not reveal which accounts exist.
   */
  verifyDummy(password: string): Promise<false>;
}

function checkParams(params: ScryptParams): ScryptParams {
  for (const [name, [min, max]] of Object.entries(LIMITS)) {
    const value = params[name as keyof ScryptParams];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new AppError('internal', `scrypt parameter ${name} must be an integer in [${min}, ${max}].`);
    }
  }
  return params;
}

// RFC 8265 §4.2.2 (OpaqueString): passwords are compared after NFC, so the same password typed
// through different input methods hashes alike.
const normalize = (password: string) => Buffer.from(password.normalize('NFC'), 'utf8');

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses work above `maxmem`; scrypt needs 128·N·r bytes (RFC 7914 §5), doubled for headroom.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(normalize(password), salt, params.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

// PHC string format, "B64" encoding: standard base64 alphabet without padding.
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
const B64 = /^[A-Za-z0-9+/]+$/;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([^$]+)\$([^$]+)$/;

export function formatScryptHash(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

export interface ParsedScryptHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

export function parseScryptHash(stored: string): ParsedScryptHash {
  const malformed = () => new AppError('internal', 'The stored password hash is malformed.');
  const match = PHC.exec(stored);
  if (!match) throw malformed();
  const [, ln, r, p, saltText, keyText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!B64.test(saltText) || !B64.test(keyText) || saltText.length % 4 === 1 || keyText.length % 4 === 1) {
    throw malformed();
  }
  const salt = Buffer.from(saltText, 'base64');
  const key = Buffer.from(keyText, 'base64');
  // Canonical encoding only: a string that does not round-trip was not written by us.
  if (b64(salt) !== saltText || b64(key) !== keyText) throw malformed();
  try {
    const params = checkParams({
      ln: Number(ln),
      r: Number(r),
      p: Number(p),
      saltLength: salt.length,
      keyLength: key.length,
    });
    return { params, salt, key };
  } catch (cause) {
    throw new AppError('internal', 'The stored password hash has parameters out of range.', { cause });
  }
}

export function createPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): PasswordHasher {
  checkParams(params);
  const hash = async (password: string) => {
    const salt = randomBytes(params.saltLength);
    return formatScryptHash(params, salt, await derive(password, salt, params));
  };
  // Made at once, so that the first unknown user does not pay for it (and stand out).
  const dummy = hash(randomBytes(32).toString('base64')).then(parseScryptHash);
  dummy.catch(() => {});
  const verifyParsed = async (password: string, parsed: ParsedScryptHash) => {
    const candidate = await derive(password, parsed.salt, parsed.params);
    return timingSafeEqual(candidate, parsed.key);
  };
  return {
    hash,
    async verify(password, stored) {
      return verifyParsed(password, parseScryptHash(stored));
    },
    needsRehash(stored) {
      const current = parseScryptHash(stored).params;
      return (Object.keys(params) as (keyof ScryptParams)[]).some((name) => current[name] !== params[name]);
    },
    async verifyDummy(password) {
      await verifyParsed(password, await dummy);
      return false;
    },
  };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { base32Encode } from './base32.ts';

/** RFC 6238 §1.2: HMAC-SHA-1 by default; SHA-256 and SHA-512 are allowed. */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  readonly algorithm?: TotpAlgorithm;
  readonly digits?: 6 | 8;
  /** X in RFC 6238 §4.1, seconds. */
  readonly period?: number;
}

export interface TotpCheck extends TotpOptions {
  readonly now: Date;
  /** The step of the last code this user had accepted, kept by the caller; undefined if none. */
  readonly lastUsedStep: number | undefined;
  /** Steps accepted either side of now (RFC 6238 §5.2 "at most one time step" of delay). */
  readonly window?: number;
}

export type TotpResult =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'replayed' };

const HMAC = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const;
// RFC 6238 §5.1: the key length should match the hash output (and never below RFC 4226 §4 R6's 128 bits).
const KEY_BYTES = { SHA1: 20, SHA256: 32, SHA512: 64 } as const;

/** HOTP (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter, dynamic truncation, mod 10^digits. */
export function hotp(
  key: Uint8Array,
  counter: number,
  algorithm: TotpAlgorithm = 'SHA1',
  digits = 6,
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(HMAC[algorithm], key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** T in RFC 6238 §4.2: floor((Unix time - T0) / X), with T0 = 0. */
export function totpStep(now: Date, period = 30): number {
  return Math.floor(now.getTime() / 1000 / period);
}

export function totp(key: Uint8Array, now: Date, options: TotpOptions = {}): string {
  return hotp(key, totpStep(now, options.period), options.algorithm, options.digits);
}

/**
 * Checks a code against the steps around now, comparing every candidate in constant time (no early
 * exit). A code whose step is not after `lastUsedStep` is refused: RFC 6238 §5.2 says the verifier
 * MUST NOT accept the second attempt of an OTP once one was validated. Store `step` when ok.
 */
export function verifyTotp(code: string, key: Uint8Array, check: TotpCheck): TotpResult {
  const digits = check.digits ?? 6;
  const window = check.window ?? 1;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return { ok: false, reason: 'invalid' };
  const current = totpStep(check.now, check.period);
  const presented = Buffer.from(code);
  let matched: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    const expected = Buffer.from(hotp(key, step, check.algorithm, digits));
    if (timingSafeEqual(expected, presented)) matched = step;
  }
  if (matched === undefined) return { ok: false, reason: 'invalid' };
  if (check.lastUsedStep !== undefined && matched <= check.lastUsedStep)
    return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

/** A fresh random secret, base32 encoded for the enrolment QR code. */
export function generateTotpSecret(algorithm: TotpAlgorithm = 'SHA1'): string {
  return base32Encode(randomBytes(KEY_BYTES[algorithm]));
}

export interface EnrolmentUri extends TotpOptions {
  readonly issuer: string;
  /** What the authenticator app shows under the issuer: a login name, never a national id. */
  readonly account: string;
  readonly secret: string;
}

/**
 * The Key Uri Format authenticator apps read from a QR code:
 * `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=…&digits=…&period=…`.
 */
export function totpUri(enrolment: EnrolmentUri): string {
  const { issuer, account, secret } = enrolment;
  if (issuer.includes(':') || account.includes(':')) {
    throw new AppError('validation_failed', 'Issuer and account must not contain ":" (the label separator).');
  }
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: enrolment.algorithm ?? 'SHA1',
    digits: String(enrolment.digits ?? 6),
    period: String(enrolment.period ?? 30),
  });
  return `otpauth://totp/${label}?${query.toString().replaceAll('+', '%20')}`;
}

import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of contact verification, derived from the root key with HKDF (RFC 5869) under info
 * strings of their own, as widget-token.ts derives its key: any process of the deployment computes
 * them, and none is stored.
 */
const CODE_INFO = 'custos/contact-verification-code/v1';
const IDENTIFIER_INFO = 'custos/contact-verification-identifier/v1';

/** Six digits, uniformly drawn (crypto.randomInt, no modulo bias). */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const CODE_PATTERN = /^\d{6}$/;

export interface VerificationSecrets {
  /** HMAC-SHA256 of a code, bound to its tenant and verification: what is stored instead of it. */
  codeMac(tenantId: string, verificationId: string, code: string): Buffer;
  /** Whether `code` is the one whose MAC is stored; constant time in the code. */
  codeMatches(stored: Uint8Array, tenantId: string, verificationId: string, code: string): boolean;
  /**
   * What failures against an identifier that matched nobody are counted under: a keyed digest
   * of the normalized value, truncated to 64 bits (a rate-limit key, not a lookup: collisions
   * only share a limit).
   */
  identifierKey(tenantId: string, kind: string, normalized: string): string;
}

export function verificationSecrets(rootKey: Uint8Array): VerificationSecrets {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', rootKey, new Uint8Array(0), info, 32));
  const codeKey = derive(CODE_INFO);
  const identifierKey = derive(IDENTIFIER_INFO);
  // Unit separators keep the fields apart: no tenant/verification pair can be spelled as another.
  const mac = (tenantId: string, verificationId: string, code: string) =>
    createHmac('sha256', codeKey).update(`${tenantId}\u001f${verificationId}\u001f${code}`).digest();
  return {
    codeMac: mac,
    codeMatches(stored, tenantId, verificationId, code) {
      const candidate = mac(tenantId, verificationId, code);
      return stored.length === candidate.length && timingSafeEqual(stored, candidate);
    },
    identifierKey(tenantId, kind, normalized) {
      const digest = createHmac('sha256', identifierKey)
        .update(`${tenantId}\u001f${kind}\u001f${normalized}`)
        .digest('hex');
      return `identifier:${digest.slice(0, 16)}`;
    },
  };
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}

import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AssertionRejection, verifyClientAssertion } from './oauth-assertion.ts';
import { type ClientJwks, parseClientJwks } from './service-client-jwk.ts';

const CLIENT = '6f1c1f52-5f0a-4c1e-9a51-0c8f0e7b2a10';
const AUD = 'https://custos.test/api/v1/tenants/clinic-a/oauth/token';
const now = new Date('2026-03-01T08:00:00Z');
const nowSeconds = now.getTime() / 1000;
const expected = { clientId: CLIENT, audience: AUD, now, clockToleranceSeconds: 5 };

let jwks: ClientJwks;
let key: CryptoKey;
let stranger: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  stranger = (await generateKeyPair('ES256')).privateKey;
  jwks = await parseClientJwks({ ...(await exportJWK(pair.publicKey)), kid: 'k1' });
});

const sign = (claims: Record<string, unknown>, signer = key, header: Record<string, unknown> = {}) =>
  new SignJWT({ iss: CLIENT, sub: CLIENT, aud: AUD, jti: randomUUID(), exp: nowSeconds + 60, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...header })
    .sign(signer);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function reason(assertion: string): Promise<AssertionRejection | 'accepted'> {
  try {
    await verifyClientAssertion(assertion, jwks, expected);
    return 'accepted';
  } catch (error) {
    return (error as { reason: AssertionRejection }).reason;
  }
}

describe('client assertions (RFC 7523 §3)', () => {
  it('accepts a well-formed assertion and says how long its jti must be kept', async () => {
    const result = await verifyClientAssertion(await sign({ jti: 'one' }), jwks, expected);
    expect(result).toEqual({ jti: 'one', replayableUntil: new Date((nowSeconds + 65) * 1000) });
  });

  it.each<[string, () => Promise<string>, AssertionRejection]>([
    ['wrong audience', () => sign({ aud: 'https://custos.test' }), 'audience'],
    ['an extra audience', () => sign({ aud: [AUD, 'https://other.example'] }), 'audience'],
    ['expired', () => sign({ exp: nowSeconds - 60 }), 'expired'],
    ['no exp', () => sign({ exp: undefined }), 'claims'],
    ['exp too far ahead', () => sign({ exp: nowSeconds + 3600 }), 'lifetime'],
    ['issued in the future', () => sign({ iat: nowSeconds + 600 }), 'not_yet_valid'],
    ['not yet valid', () => sign({ nbf: nowSeconds + 600 }), 'not_yet_valid'],
    ['no jti', () => sign({ jti: undefined }), 'claims'],
    ['an overlong jti', () => sign({ jti: 'x'.repeat(300) }), 'claims'],
    ['another issuer', () => sign({ iss: 'someone-else' }), 'claims'],
    ['sub not the client', () => sign({ sub: 'someone-else' }), 'claims'],
    ['a key that is not registered', () => sign({}, stranger), 'signature'],
    ['an unknown kid', () => sign({}, key, { kid: 'k2' }), 'signature'],
    ['alg none', async () => `${b64({ alg: 'none' })}.${b64({ iss: CLIENT })}.`, 'algorithm'],
    ['HS256', async () => `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ iss: CLIENT })}.c2ln`, 'algorithm'],
    ['garbage', async () => 'a.b.c', 'malformed'],
  ])('refuses %s', async (_name, make, why) => {
    expect(await reason(await make())).toBe(why);
  });
});

describe('registered client keys', () => {
  it('keeps public members only and names each key by its thumbprint when it has no kid', async () => {
    const { publicKey } = await generateKeyPair('EdDSA');
    const parsed = await parseClientJwks({ keys: [await exportJWK(publicKey)] });
    expect(parsed.keys).toHaveLength(1);
    expect(parsed.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig' });
    expect(parsed.keys[0]?.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    [
      'a private key',
      async () => exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey),
      /private member "d"/,
    ],
    ['a symmetric key', async () => ({ kty: 'oct', k: 'c2VjcmV0' }), /private member "k"/],
    [
      'a short RSA key',
      async () => ({ kty: 'RSA', n: Buffer.alloc(128, 1).toString('base64url'), e: 'AQAB' }),
      /2048 bits/,
    ],
    [
      'an alg that does not fit',
      async () => ({ ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), alg: 'RS256' }),
      /does not fit/,
    ],
    [
      'an encryption key',
      async () => ({ ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), use: 'enc' }),
      /signatures/,
    ],
    [
      'a point off the curve',
      async () => ({
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.alloc(32, 1).toString('base64url'),
        y: Buffer.alloc(32, 2).toString('base64url'),
      }),
      /not a valid public key/,
    ],
    ['no keys', async () => ({ keys: [] }), /at least one/],
    [
      'two keys with one kid',
      async () => {
        const a = await exportJWK((await generateKeyPair('ES256')).publicKey);
        const b = await exportJWK((await generateKeyPair('ES256')).publicKey);
        return {
          keys: [
            { ...a, kid: 'same' },
            { ...b, kid: 'same' },
          ],
        };
      },
      /own kid/,
    ],
  ])('refuses %s', async (_name, make, message) => {
    await expect(parseClientJwks(await make())).rejects.toThrow(message);
  });
});

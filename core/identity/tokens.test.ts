import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { CompactSign, type CryptoKey, exportSPKI, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.ts';
import {
  createKeySet,
  generateSigningKey,
  rotateSigningKeys,
  type SigningKey,
  type SigningKeySet,
} from './signing-keys.ts';
import {
  type AccessTokenConfig,
  issueAccessToken,
  type TokenRejection,
  verifyAccessToken,
} from './tokens.ts';

const now = new Date('2026-03-01T08:00:00Z');
const nowSeconds = now.getTime() / 1000;
const config: AccessTokenConfig = {
  issuer: 'https://custos.test',
  audience: 'custos-api',
  lifetimeSeconds: 300,
  clockToleranceSeconds: 5,
};
const claims = { subject: 'user-1', tenantId: 'tenant-a', roles: ['agent'], amr: ['pwd', 'otp'] };

let keys: SigningKeySet;
let retiredKeys: SigningKeySet;
let attacker: SigningKey;
let attackerEs: SigningKey;
let old: SigningKey;

beforeAll(async () => {
  old = await generateSigningKey('ES256', new Date(now.getTime() - 7200_000));
  const current = await generateSigningKey('EdDSA', new Date(now.getTime() - 60_000));
  // Rotated a minute ago with a 305 s overlap: `old` still verifies now.
  keys = rotateSigningKeys(createKeySet(old), current, new Date(now.getTime() - 60_000), 305);
  retiredKeys = rotateSigningKeys(createKeySet(old), current, new Date(now.getTime() - 600_000), 305);
  attacker = await generateSigningKey('EdDSA');
  attackerEs = await generateSigningKey('ES256');
});

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const payload = (overrides: Record<string, unknown> = {}): JWTPayload => ({
  iss: config.issuer,
  aud: config.audience,
  sub: 'user-1',
  jti: randomUUID(),
  tid: 'tenant-a',
  roles: ['agent'],
  amr: ['pwd'],
  iat: nowSeconds - 10,
  nbf: nowSeconds - 10,
  exp: nowSeconds + 290,
  ...overrides,
});

const header = (key: SigningKey, overrides: Record<string, unknown> = {}) => ({
  alg: key.alg,
  kid: key.kid,
  typ: 'at+jwt',
  ...overrides,
});

async function sign(
  key: CryptoKey,
  protectedHeader: Record<string, unknown>,
  body: JWTPayload,
): Promise<string> {
  // Declaring every custom critical header lets the signer produce what a verifier must refuse.
  const crit = Object.fromEntries(
    ((protectedHeader.crit as string[] | undefined) ?? []).map((name) => [name, true]),
  );
  return new CompactSign(Buffer.from(JSON.stringify(body)))
    .setProtectedHeader(protectedHeader as { alg: string })
    .sign(key, { crit });
}

function hs256(secret: string | Buffer, protectedHeader: Record<string, unknown>, body: JWTPayload): string {
  const input = `${b64(protectedHeader)}.${b64(body)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

interface AttackCase {
  readonly name: string;
  readonly reason: TokenRejection;
  readonly expectTenant?: string;
  readonly keySet?: () => SigningKeySet;
  build(): Promise<string> | string;
}

const attacks: AttackCase[] = [
  {
    name: 'alg: none, empty signature',
    reason: 'algorithm',
    build: () => `${b64({ alg: 'none', kid: keys.current.kid, typ: 'at+jwt' })}.${b64(payload())}.`,
  },
  {
    name: 'alg: NONE (case variant)',
    reason: 'algorithm',
    build: () => `${b64({ alg: 'NONE', kid: keys.current.kid, typ: 'at+jwt' })}.${b64(payload())}.`,
  },
  {
    name: 'HS256 signed with the public key as PEM (key confusion)',
    reason: 'algorithm',
    build: async () =>
      hs256(await exportSPKI(keys.current.publicKey), header(keys.current, { alg: 'HS256' }), payload()),
  },
  {
    name: 'HS256 signed with the public key as DER bytes',
    reason: 'algorithm',
    build: async () =>
      hs256(
        createPublicKey(await exportSPKI(keys.current.publicKey)).export({ type: 'spki', format: 'der' }),
        header(keys.current, { alg: 'HS256' }),
        payload(),
      ),
  },
  {
    name: 'HS256 signed with the JWKS entry',
    reason: 'algorithm',
    build: () =>
      hs256(JSON.stringify(keys.current.publicJwk), header(keys.current, { alg: 'HS256' }), payload()),
  },
  {
    name: 'unknown kid',
    reason: 'unknown_key',
    build: () => sign(attacker.privateKey, header(attacker), payload()),
  },
  {
    name: 'no kid',
    reason: 'unknown_key',
    build: () => sign(attacker.privateKey, header(attacker, { kid: undefined }), payload()),
  },
  {
    name: 'our kid, an attacker key',
    reason: 'signature',
    build: () => sign(attacker.privateKey, header(keys.current), payload()),
  },
  {
    name: 'our kid with an embedded attacker jwk header',
    reason: 'signature',
    build: () => sign(attacker.privateKey, header(keys.current, { jwk: attacker.publicJwk }), payload()),
  },
  {
    name: 'ES256 under the Ed25519 kid',
    reason: 'algorithm',
    build: () => sign(attackerEs.privateKey, header(keys.current, { alg: 'ES256' }), payload()),
  },
  {
    name: 'EdDSA under the ES256 kid of the previous key',
    reason: 'algorithm',
    build: () => sign(keys.current.privateKey, header(old, { alg: 'EdDSA' }), payload()),
  },
  {
    name: 'signed by a key retired beyond its overlap',
    reason: 'unknown_key',
    keySet: () => retiredKeys,
    build: () => sign(old.privateKey, header(old), payload()),
  },
  {
    name: 'expired',
    reason: 'expired',
    build: async () =>
      (await issueAccessToken(keys, config, claims, new Date(now.getTime() - 306_000))).token,
  },
  {
    name: 'lifetime longer than allowed (old iat, far exp)',
    reason: 'expired',
    build: () =>
      sign(
        keys.current.privateKey,
        header(keys.current),
        payload({ iat: nowSeconds - 3600, exp: nowSeconds + 86400 }),
      ),
  },
  {
    name: 'not yet valid (nbf in the future)',
    reason: 'not_yet_valid',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ nbf: nowSeconds + 60 })),
  },
  {
    name: 'issued in the future',
    reason: 'not_yet_valid',
    build: async () => (await issueAccessToken(keys, config, claims, new Date(now.getTime() + 60_000))).token,
  },
  {
    name: 'wrong audience',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ aud: 'another-api' })),
  },
  {
    name: 'no audience',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ aud: undefined })),
  },
  {
    name: 'wrong issuer',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ iss: 'https://evil.test' })),
  },
  {
    name: 'typ JWT instead of at+jwt (an ID token or assertion replayed)',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current, { typ: 'JWT' }), payload()),
  },
  {
    name: 'no typ',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current, { typ: undefined }), payload()),
  },
  {
    name: 'no tenant claim',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ tid: undefined })),
  },
  {
    name: 'roles not a list',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ roles: 'tenant_admin' })),
  },
  {
    name: 'queues not a list',
    reason: 'claims',
    build: () => sign(keys.current.privateKey, header(keys.current), payload({ queues: 'billing' })),
  },
  {
    name: 'a queue that is not a queue id',
    reason: 'claims',
    build: () =>
      sign(keys.current.privateKey, header(keys.current), payload({ queues: ['billing', 'Front Desk'] })),
  },
  {
    name: 'tampered payload (queues widened)',
    reason: 'signature',
    build: async () => {
      const [h, , s] = (
        await issueAccessToken(keys, config, { ...claims, queueIds: ['billing'] }, now)
      ).token.split('.');
      return `${h}.${b64(payload({ queues: ['billing', 'front-desk'] }))}.${s}`;
    },
  },
  {
    name: 'tenant claim not a string',
    reason: 'claims',
    build: () =>
      sign(keys.current.privateKey, header(keys.current), payload({ tid: ['tenant-a', 'tenant-b'] })),
  },
  {
    name: 'tampered payload (roles raised to tenant_admin)',
    reason: 'signature',
    build: async () => {
      const [h, , s] = (await issueAccessToken(keys, config, claims, now)).token.split('.');
      return `${h}.${b64(payload({ roles: ['tenant_admin'] }))}.${s}`;
    },
  },
  {
    name: 'tampered header (kid switched to the previous key)',
    reason: 'algorithm',
    build: async () => {
      const [, p, s] = (await issueAccessToken(keys, config, claims, now)).token.split('.');
      return `${b64(header(old, { alg: 'EdDSA' }))}.${p}.${s}`;
    },
  },
  {
    name: 'signature stripped',
    reason: 'signature',
    build: async () =>
      `${(await issueAccessToken(keys, config, claims, now)).token.split('.').slice(0, 2).join('.')}.`,
  },
  {
    name: 'unknown critical header',
    reason: 'malformed',
    build: () =>
      sign(keys.current.privateKey, header(keys.current, { crit: ['x-custos'], 'x-custos': 1 }), payload()),
  },
  {
    name: 'valid token of another tenant where tenant-b is expected',
    reason: 'wrong_tenant',
    expectTenant: 'tenant-b',
    build: async () => (await issueAccessToken(keys, config, claims, now)).token,
  },
  { name: 'not a JWT', reason: 'malformed', build: () => 'not-a-token' },
  {
    name: 'two segments',
    reason: 'malformed',
    build: () => `${b64(header(keys.current))}.${b64(payload())}`,
  },
  { name: 'JWE-shaped (five segments)', reason: 'malformed', build: () => 'a.b.c.d.e' },
  { name: 'header not JSON', reason: 'malformed', build: () => `${b64('{alg')}.${b64(payload())}.AAAA` },
];

describe('access token attack suite: every forgery is AppError(unauthenticated)', () => {
  it.each(attacks)('$name → $reason', async (attack) => {
    const token = await attack.build();
    const outcome = await verifyAccessToken(token, attack.keySet?.() ?? keys, config, {
      now,
      ...(attack.expectTenant ? { tenantId: attack.expectTenant } : {}),
    }).then(
      () => 'accepted',
      (error: unknown) => error,
    );
    expect(isAppError(outcome)).toBe(true);
    expect(outcome).toMatchObject({ code: 'unauthenticated', details: { reason: attack.reason } });
  });

  it('retired keys only fail once their overlap is over', async () => {
    const token = await sign(old.privateKey, header(old), payload());
    await expect(verifyAccessToken(token, keys, config, { now })).resolves.toMatchObject({ kid: old.kid });
    await expect(verifyAccessToken(token, retiredKeys, config, { now })).rejects.toMatchObject({
      details: { reason: 'unknown_key' },
    });
  });
});

describe('access tokens that must be accepted', () => {
  it('round-trips the claims and the signing kid', async () => {
    const { token, expiresAt } = await issueAccessToken(keys, config, claims, now);
    expect(expiresAt).toEqual(new Date(now.getTime() + 300_000));
    const verified = await verifyAccessToken(token, keys, config, { now: new Date(now.getTime() + 299_000) });
    expect(verified).toMatchObject({ ...claims, kid: keys.current.kid, issuedAt: now, expiresAt });
    expect(verified.tokenId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the queues as the `queues` claim; a token without one has none', async () => {
    const withQueues = { ...claims, queueIds: ['billing', 'front-desk'] };
    const { token } = await issueAccessToken(keys, config, withQueues, now);
    const body = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(body.queues).toEqual(['billing', 'front-desk']);
    await expect(verifyAccessToken(token, keys, config, { now })).resolves.toMatchObject({
      queueIds: ['billing', 'front-desk'],
    });
    const without = (await issueAccessToken(keys, config, claims, now)).token;
    expect(JSON.parse(Buffer.from(without.split('.')[1]!, 'base64url').toString())).not.toHaveProperty(
      'queues',
    );
    await expect(verifyAccessToken(without, keys, config, { now })).resolves.toMatchObject({ queueIds: [] });
  });

  it('accepts the expected tenant and tolerates a small clock skew', async () => {
    const { token } = await issueAccessToken(keys, config, claims, new Date(now.getTime() + 3_000));
    await expect(
      verifyAccessToken(token, keys, config, { now, tenantId: 'tenant-a' }),
    ).resolves.toMatchObject({
      tenantId: 'tenant-a',
    });
  });

  it('marks the header at+jwt with the current kid', async () => {
    const { token } = await issueAccessToken(keys, config, claims, now);
    const protectedHeader = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: keys.current.kid, typ: 'at+jwt' });
  });
});

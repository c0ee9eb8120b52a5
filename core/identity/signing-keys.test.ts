import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createKeySet,
  exportPrivateJwk,
  generateSigningKey,
  importSigningKey,
  jwks,
  rotateSigningKeys,
  verificationKey,
} from './signing-keys.ts';
import { issueAccessToken } from './tokens.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const config = {
  issuer: 'https://custos.test',
  audience: 'custos-api',
  lifetimeSeconds: 300,
  clockToleranceSeconds: 5,
};
const claims = { subject: 'user-1', tenantId: 'tenant-a', roles: ['agent'], amr: ['pwd'] };

describe('signing keys', () => {
  it.each(['EdDSA', 'ES256'] as const)(
    '%s: kid is the RFC 7638 thumbprint and the JWK is public only',
    async (alg) => {
      const key = await generateSigningKey(alg, t0);
      expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
      expect(key.publicJwk).not.toHaveProperty('d');
    },
  );

  it('survives export and import with the same kid', async () => {
    const key = await generateSigningKey('ES256', t0);
    const again = await importSigningKey({
      alg: 'ES256',
      privateJwk: await exportPrivateJwk(key),
      createdAt: t0,
    });
    expect(again.kid).toBe(key.kid);
    expect(again.publicJwk).toEqual(key.publicJwk);
  });

  it('refuses to import a key on the wrong curve', async () => {
    const key = await generateSigningKey('EdDSA', t0);
    await expect(
      importSigningKey({ alg: 'ES256', privateJwk: await exportPrivateJwk(key), createdAt: t0 }),
    ).rejects.toMatchObject({ code: 'internal' });
  });

  it('rotates: the new key signs, the old one verifies until its overlap ends, then disappears', async () => {
    const first = await generateSigningKey('EdDSA', t0);
    const second = await generateSigningKey('EdDSA', at(3600));
    const rotated = rotateSigningKeys(createKeySet(first), second, at(3600), 305);
    expect(rotated.current.kid).toBe(second.kid);
    expect(verificationKey(rotated, first.kid, at(3600 + 304))?.kid).toBe(first.kid);
    expect(verificationKey(rotated, first.kid, at(3600 + 305))).toBeUndefined();
    expect(jwks(rotated, at(3600 + 10)).keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    expect(jwks(rotated, at(3600 + 400)).keys.map((k) => k.kid)).toEqual([second.kid]);

    const third = await generateSigningKey('ES256', at(7200));
    expect(rotateSigningKeys(rotated, third, at(7200), 305).previous.map((k) => k.kid)).toEqual([second.kid]);
  });

  it('publishes a JWKS that a standard verifier accepts', async () => {
    const keys = createKeySet(await generateSigningKey('EdDSA', t0));
    const { token } = await issueAccessToken(keys, config, claims, t0);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks(keys, t0)), {
      issuer: config.issuer,
      audience: config.audience,
      currentDate: at(1),
    });
    expect(payload).toMatchObject({ sub: 'user-1', tid: 'tenant-a', roles: ['agent'] });
  });
});

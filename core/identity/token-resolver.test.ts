import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createKeySet, generateSigningKey, rotateSigningKeys, type SigningKeySet } from './signing-keys.ts';
import { accessTokenResolver } from './token-resolver.ts';
import { issueAccessToken } from './tokens.ts';

const claims = { subject: 'u-1', tenantId: 't-1', roles: ['agent'], amr: ['pwd'], sessionId: 's-1' };
const config = (lifetimeSeconds = 300) => ({
  issuer: 'https://custos.example',
  audience: 'https://custos.example/api',
  lifetimeSeconds,
  clockToleranceSeconds: 0,
});

describe('access-token resolver and its verification cache', () => {
  it('accepts a token presented again, and not a changed one', async () => {
    const keys = createKeySet(await generateSigningKey());
    const resolve = accessTokenResolver(async () => keys, config());
    const { token } = await issueAccessToken(keys, config(), claims);
    const first = await resolve(token);
    expect(first).toMatchObject({ kind: 'staff', id: 'u-1', tenantId: 't-1', sessionId: 's-1' });
    expect(await resolve(token)).toEqual(first);
    const [head, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await resolve(`${head}.${payload}.${flipped}`)).toBeUndefined();
  });

  it("puts the token's queues on the staff actor, and none when it carries none", async () => {
    const keys = createKeySet(await generateSigningKey());
    const resolve = accessTokenResolver(async () => keys, config());
    const queued = await issueAccessToken(keys, config(), { ...claims, queueIds: ['front-desk'] });
    expect(await resolve(queued.token)).toMatchObject({ kind: 'staff', queueIds: ['front-desk'] });
    const none = await issueAccessToken(keys, config(), { ...claims, queueIds: [] });
    expect(await resolve(none.token)).not.toHaveProperty('queueIds');
  });

  it('drops a cached token as soon as its key no longer verifies', async () => {
    const old = await generateSigningKey();
    let keys: SigningKeySet = createKeySet(old);
    const resolve = accessTokenResolver(async () => keys, config());
    const { token } = await issueAccessToken(keys, config(), claims);
    expect(await resolve(token)).toBeDefined();
    keys = rotateSigningKeys(keys, await generateSigningKey(), new Date(), 60);
    expect(await resolve(token)).toBeDefined(); // overlap: the old key still verifies
    keys = rotateSigningKeys(keys, await generateSigningKey(), new Date(), 0); // emergency: retire now
    keys = { current: keys.current, previous: keys.previous.filter((key) => key.kid !== old.kid) };
    expect(await resolve(token)).toBeUndefined();
  });

  it('drops a cached token when it expires', async () => {
    const keys = createKeySet(await generateSigningKey());
    const short = config(1);
    const resolve = accessTokenResolver(async () => keys, short);
    const { token } = await issueAccessToken(keys, short, claims);
    expect(await resolve(token)).toBeDefined();
    await sleep(2100);
    expect(await resolve(token)).toBeUndefined();
  });

  it('checks revocation on every presentation, cached or not', async () => {
    const keys = createKeySet(await generateSigningKey());
    const revoked = new Set<string>();
    const resolve = accessTokenResolver(async () => keys, config(), { isRevoked: (id) => revoked.has(id) });
    const { token } = await issueAccessToken(keys, config(), claims);
    expect(await resolve(token)).toBeDefined();
    revoked.add('s-1');
    expect(await resolve(token)).toBeUndefined();
  });
});

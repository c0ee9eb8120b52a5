import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createWidgetTokens } from './widget-token.ts';

const rootKey = randomBytes(32);
const tokens = createWidgetTokens({ rootKey, issuer: 'http://custos.test', lifetimeSeconds: 3600 });
const claims = { tenantId: randomUUID(), contactId: randomUUID(), conversationId: randomUUID() };

describe('widget tokens', () => {
  it('stand for the contact, tenant and conversation they were issued for', async () => {
    const { token, expiresAt } = await tokens.issue(claims);
    const actor = await tokens.verify(token);
    expect(actor).toMatchObject({
      kind: 'contact',
      id: claims.contactId,
      tenantId: claims.tenantId,
      conversationId: claims.conversationId,
      roles: ['contact'],
      verified: false,
    });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('are refused when expired, from another deployment, tampered with or not ours', async () => {
    const old = await tokens.issue(claims, new Date(Date.now() - 2 * 3600_000));
    expect(await tokens.verify(old.token)).toBeUndefined();
    const other = createWidgetTokens({
      rootKey: randomBytes(32),
      issuer: 'http://custos.test',
      lifetimeSeconds: 60,
    });
    expect(await tokens.verify((await other.issue(claims)).token)).toBeUndefined();
    const { token } = await tokens.issue(claims);
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), sub: randomUUID() }),
    ).toString('base64url');
    expect(await tokens.verify(`${h}.${forged}.${s}`)).toBeUndefined();
    expect(await tokens.verify('not a token')).toBeUndefined();
    expect(await tokens.verify('')).toBeUndefined();
  });

  it('refuse a token of the right key but another type (a staff token shape)', async () => {
    // Same HMAC key would be needed to forge; a token without the widget type is refused even so.
    const key = new Uint8Array(32);
    const stranger = await new SignJWT({ tid: claims.tenantId, cid: claims.conversationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.contactId)
      .setIssuer('http://custos.test')
      .setAudience('custos-widget')
      .setExpirationTime('1h')
      .sign(key);
    expect(await tokens.verify(stranger)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { hasSecondFactor, loginNameOf, mapRoles, sessionAmr } from './sso-claims.ts';
import { checkProviderSettings, issuerProblem } from './sso-provider.ts';

const provider = {
  loginClaim: 'preferred_username',
  rolesClaim: 'groups',
  roleMapping: [
    { value: 'staff', role: 'agent' },
    { value: 'nurses', role: 'clinician' },
    { value: 'it', role: 'tenant_admin' },
    { value: 'audit', role: 'auditor' },
  ],
  allowPrivileged: false,
  mfaAcrValues: ['urn:synthetic:loa:2'],
} as const;

describe('claims to a Custos user', () => {
  it.each([
    [{ preferred_username: 'Wang.Li' }, 'wang.li'],
    [{ preferred_username: 'someone@example.org' }, undefined],
    [{ preferred_username: 42 }, undefined],
    [{}, undefined],
  ])('login name of %j is %s', (claims, expected) => {
    expect(loginNameOf(claims, provider)).toBe(expected);
  });

  it('maps only the roles the provider may grant, and refuses impossible combinations', () => {
    expect(mapRoles({ groups: ['staff', 'it'] }, provider)).toEqual({ ok: true, roles: ['agent'] });
    expect(mapRoles({ groups: 'nurses' }, provider)).toEqual({ ok: true, roles: ['clinician'] });
    expect(mapRoles({ groups: ['it'] }, provider)).toMatchObject({ ok: false, reason: 'no_role' });
    expect(mapRoles({}, provider)).toMatchObject({ ok: false, reason: 'no_role' });
    const privileged = { ...provider, allowPrivileged: true };
    expect(mapRoles({ groups: ['it', 'staff'] }, privileged)).toEqual({
      ok: true,
      roles: ['agent', 'tenant_admin'],
    });
    expect(mapRoles({ groups: ['audit', 'staff'] }, privileged)).toMatchObject({
      ok: false,
      reason: 'separation_of_duties',
    });
  });

  it('accepts a second factor by amr or by a configured acr, and says so in the session amr', () => {
    expect(hasSecondFactor({ amr: ['pwd'] }, provider)).toBe(false);
    expect(hasSecondFactor({ amr: ['pwd', 'hwk'] }, provider)).toBe(true);
    expect(hasSecondFactor({ amr: 'mfa' }, provider)).toBe(true);
    expect(hasSecondFactor({ acr: 'urn:synthetic:loa:2' }, provider)).toBe(true);
    expect(hasSecondFactor({ acr: 'urn:synthetic:loa:1', amr: ['made-up'] }, provider)).toBe(false);
    expect(sessionAmr({ amr: ['pwd', 'otp', 'made-up'] }, true)).toEqual(['pwd', 'otp']);
    expect(sessionAmr({ acr: 'urn:synthetic:loa:2' }, true)).toEqual(['mfa']);
    expect(sessionAmr({ amr: ['pwd'] }, false)).toEqual(['pwd']);
  });
});

describe('provider settings', () => {
  it.each([
    ['https://idp.example.test/realms/a', undefined],
    ['http://127.0.0.1:8080', undefined],
    ['http://idp.example.test', 'https required (http only on a loopback host)'],
    ['https://idp.example.test/?x=1', 'no query, fragment or credentials'],
    ['not a url', 'not a URL'],
  ])('issuer %s', (issuer, problem) => {
    expect(issuerProblem(issuer)).toBe(problem);
  });

  it('bounds the role mapping and needs one to provision', () => {
    const base = { id: 'campus', issuer: 'https://idp.example.test', clientId: 'c', rolesClaim: 'groups' };
    expect(() =>
      checkProviderSettings({ ...base, roleMapping: [{ value: 'it', role: 'tenant_admin' }] }),
    ).toThrow(/invalid/);
    expect(() =>
      checkProviderSettings({
        ...base,
        allowPrivileged: true,
        roleMapping: [{ value: 'ops', role: 'platform_operator' }],
      }),
    ).toThrow(/invalid/);
    expect(() => checkProviderSettings({ ...base, firstSignIn: 'provision' })).toThrow(/invalid/);
    expect(
      checkProviderSettings({
        ...base,
        allowPrivileged: true,
        roleMapping: [{ value: 'it', role: 'tenant_admin' }],
      }),
    ).toMatchObject({ scopes: ['profile'], loginClaim: 'preferred_username', firstSignIn: 'link' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { base32Decode } from './base32.ts';
import {
  auditEvents,
  bearer,
  createStaff,
  createTenant,
  expectProblem,
  PASSWORD,
  post,
  signIn,
} from './identity.fixture.ts';
import { totp } from './totp.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
let adminKey: Uint8Array;
const SLUG = 'clinic-e';
const ENROL = `/api/v1/tenants/${SLUG}/auth/totp/enrolment`;
const CONFIRM = `/api/v1/tenants/${SLUG}/auth/totp/confirm`;
const LOGIN = `/api/v1/tenants/${SLUG}/auth/login`;
const codeAt = (key: Uint8Array, steps: number) => totp(key, new Date(Date.now() + steps * 30_000));

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  tenantId = await createTenant(t, SLUG);
  await createStaff(t, SLUG, 'agent.e', ['agent']);
  await createStaff(t, SLUG, 'agent.plain', ['agent']);
  await createStaff(t, SLUG, 'clinician.e', ['clinician']);
  adminKey = (await createStaff(t, SLUG, 'admin.e', ['tenant_admin'])).key as Uint8Array;
});
afterAll(() => db.destroy());

describe('TOTP enrolment of the signed-in user', () => {
  it('start → confirm activates the factor; the confirming code cannot be replayed to sign in', async () => {
    const session = await signIn(t, SLUG, 'agent.e');
    await expectProblem(
      await post(t, ENROL, { password: 'not the password' }, bearer(session.accessToken)),
      401,
    );

    const started = await post(t, ENROL, { password: PASSWORD }, bearer(session.accessToken));
    expect(started.status).toBe(200);
    expect(started.headers.get('cache-control')).toBe('no-store');
    const { secret, otpauthUri } = (await started.json()) as { secret: string; otpauthUri: string };
    expect(otpauthUri).toContain(`secret=${secret}`);
    const key = base32Decode(secret);

    const wrong = await post(t, CONFIRM, { code: codeAt(key, 10) }, bearer(session.accessToken));
    expect((await expectProblem(wrong, 422)).errors).toEqual([{ path: 'code', message: 'does not match' }]);
    const code = codeAt(key, 0);
    expect((await post(t, CONFIRM, { code }, bearer(session.accessToken))).status).toBe(204);
    // Nothing pending any more.
    await expectProblem(await post(t, CONFIRM, { code }, bearer(session.accessToken)), 422);

    // From now on the account signs in with a code, and never with the one that confirmed.
    const without = await post(t, LOGIN, { loginName: 'agent.e', password: PASSWORD });
    expect((await expectProblem(without, 401)).errors).toEqual([{ path: 'totp', message: 'required' }]);
    await expectProblem(await post(t, LOGIN, { loginName: 'agent.e', password: PASSWORD, totp: code }), 401);
    const next = await post(t, LOGIN, { loginName: 'agent.e', password: PASSWORD, totp: codeAt(key, 1) });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { amr: string[] }).amr).toEqual(['pwd', 'otp']);

    const events = await auditEvents(t, tenantId);
    const enrolled = events.filter((e) => e.action === 'key-operation' && e.resource?.id === session.userId);
    expect(enrolled).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('refuses bad input with 400 problem+json', async () => {
    const session = await signIn(t, SLUG, 'agent.plain');
    await expectProblem(await post(t, ENROL, {}, bearer(session.accessToken)), 400);
    await expectProblem(await post(t, CONFIRM, { code: '12345' }, bearer(session.accessToken)), 400);
    await expectProblem(
      await post(t, ENROL, { password: PASSWORD, loginName: 'agent.plain' }, bearer(session.accessToken)),
      400,
    );
  });
});

describe('reset by a tenant admin and enrolment before sign-in', () => {
  it('a reset forces re-enrolment; the account enrols with its password, then signs in with a code', async () => {
    const admin = await signIn(t, SLUG, 'admin.e', adminKey);
    const list = await t.app.request(`/api/v1/tenants/${SLUG}/users?limit=200`, {
      headers: bearer(admin.accessToken),
    });
    const users = ((await list.json()) as { items: { id: string; loginName: string }[] }).items;
    const target = users.find((u) => u.loginName === 'clinician.e') as { id: string };

    const reset = await t.app.request(`/api/v1/tenants/${SLUG}/users/${target.id}/totp`, {
      method: 'DELETE',
      headers: bearer(admin.accessToken),
    });
    expect(reset.status).toBe(204);
    const events = await auditEvents(t, tenantId);
    expect(events.some((e) => e.action === 'key-operation' && e.resource?.id === target.id)).toBe(true);

    const blocked = await post(t, LOGIN, { loginName: 'clinician.e', password: PASSWORD, totp: '000000' });
    expect((await expectProblem(blocked, 401)).errors).toEqual([{ path: 'totp', message: 'not enrolled' }]);

    // Without an access token: login name and password, only for an account that must enrol.
    await expectProblem(await post(t, ENROL, { loginName: 'clinician.e', password: 'wrong password!' }), 401);
    await expectProblem(await post(t, ENROL, { loginName: 'agent.plain', password: PASSWORD }), 401);
    await expectProblem(await post(t, ENROL, { loginName: 'admin.e', password: PASSWORD }), 401);
    const started = await post(t, ENROL, { loginName: 'clinician.e', password: PASSWORD });
    expect(started.status).toBe(200);
    const key = base32Decode(((await started.json()) as { secret: string }).secret);
    await expectProblem(await post(t, CONFIRM, { loginName: 'clinician.e', code: codeAt(key, 0) }), 401);
    const confirmed = await post(t, CONFIRM, {
      loginName: 'clinician.e',
      password: PASSWORD,
      code: codeAt(key, 0),
    });
    expect(confirmed.status).toBe(204);
    const signedIn = await post(t, LOGIN, {
      loginName: 'clinician.e',
      password: PASSWORD,
      totp: codeAt(key, 1),
    });
    expect(signedIn.status).toBe(200);
  });

  it('only a tenant admin resets, and not their own factor', async () => {
    const admin = await signIn(t, SLUG, 'admin.e', adminKey, 1);
    const agent = await signIn(t, SLUG, 'agent.plain');
    const resetOf = (id: string, token: string) =>
      t.app.request(`/api/v1/tenants/${SLUG}/users/${id}/totp`, { method: 'DELETE', headers: bearer(token) });
    await expectProblem(await resetOf(admin.userId, admin.accessToken), 403);
    await expectProblem(await resetOf(admin.userId, agent.accessToken), 403);
  });
});

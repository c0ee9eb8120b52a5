import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { isAppError } from '../errors/app-error.ts';
import { createTenantRepository } from '../tenancy/tenant.repository.ts';
import { createIdentity, type Identity } from './identity.ts';
import type { LoginResult } from './session.service.ts';

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
const PASSWORD = 'correct horse battery staple';
const SLUG = 'clinic-s';
const MINUTE = 60_000;

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
// The clock of sessions and revocation lists; tests move it instead of waiting.
let clock: Date;
let identity: Identity;

/** Another identity over the same database and signing keys: a second process, with its own clock. */
function processB(now: () => Date, revocationRefreshMs = 5_000): Identity {
  return createIdentity({
    db: db.db,
    tenants: createTenantRepository(db.db),
    audit: t.runtime.audit,
    keyring: t.runtime.keyring,
    publicUrl: t.config.publicUrl,
    signingKeys: identity.signingKeys,
    now,
    revocationRefreshMs,
  });
}

const login = (loginName: string) => identity.auth.login({ tenantSlug: SLUG, loginName, password: PASSWORD });
const refresh = (result: Pick<LoginResult, 'refreshToken'>) =>
  identity.auth.refresh({ tenantSlug: SLUG, refreshToken: result.refreshToken });
const refused = (promise: Promise<unknown>) =>
  expect(promise).rejects.toSatisfy((error) => isAppError(error) && error.code === 'unauthenticated');

async function familyOf(result: LoginResult) {
  const familyId = result.refreshToken.split('.')[0] as string;
  return db.db
    .selectFrom('refresh_families')
    .selectAll()
    .where('tenant_id', '=', result.tenantId)
    .where('family_id', '=', familyId)
    .executeTakeFirstOrThrow();
}

async function auditActions(tenantId: string, resourceId: string) {
  const rows = await db.db
    .selectFrom('audit_pending')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows
    .map((row) => JSON.parse(Buffer.from(row.body).toString('utf8')))
    .filter((event) => event.resource?.id === resourceId)
    .map((event) => `${event.action}:${event.outcome.result}`);
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  await t.runtime.tenants.create(SYSTEM, {
    slug: SLUG,
    name: 'Synthetic clinic',
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
  });
  for (const name of ['agent.s', 'agent.disabled', 'agent.promoted']) {
    await t.runtime.identity.users.create(SYSTEM, {
      tenantSlug: SLUG,
      loginName: name,
      roles: ['agent'],
      password: PASSWORD,
    });
  }
  clock = new Date();
  identity = createIdentity({
    db: db.db,
    tenants: createTenantRepository(db.db),
    audit: t.runtime.audit,
    keyring: t.runtime.keyring,
    publicUrl: t.config.publicUrl,
    now: () => clock,
  });
});
afterAll(() => db.destroy());
// Access tokens are checked against the real time, so every test starts from it.
beforeEach(() => {
  clock = new Date();
});

describe('refresh-token rotation', () => {
  it('stores only hashes, puts the family id in the access token as sid, and rotates on refresh', async () => {
    const first = await login('agent.s');
    const row = await familyOf(first);
    expect(row.current_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(first.refreshToken.split('.')[1]);
    const actor = await identity.resolver(first.accessToken);
    expect(actor).toMatchObject({ kind: 'staff', sessionId: row.family_id });

    const second = await refresh(first);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.refreshToken.split('.')[0]).toBe(row.family_id);
    expect(await identity.resolver(second.accessToken)).toMatchObject({ sessionId: row.family_id });
    expect((await familyOf(second)).used_hashes).toHaveLength(1);
  });

  it('lets exactly one of two concurrent refreshes of the same token rotate', async () => {
    const first = await login('agent.s');
    const outcomes = await Promise.allSettled([refresh(first), refresh(first)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(isAppError(rejected.reason) && rejected.reason.code).toBe('unauthenticated');
    // The loser presented a token the winner had rotated away: reuse, so the family is revoked.
    expect((await familyOf(first)).revoked_reason).toBe('reuse');
  });

  it('revokes the whole family when a rotated token is reused, and audits it', async () => {
    const first = await login('agent.s');
    const second = await refresh(first);
    await refused(refresh(first));
    const row = await familyOf(first);
    expect(row).toMatchObject({ revoked_reason: 'reuse' });
    // The current holder's tokens stop working too: the thief may be the one holding them.
    await refused(refresh(second));
    expect(await identity.resolver(second.accessToken)).toBeUndefined();
    expect(await auditActions(first.tenantId, row.family_id)).toEqual([
      'login:success',
      'login-failed:failure',
    ]);
  });

  it('refuses a refresh after the idle window (automatic logoff), not before', async () => {
    const first = await login('agent.s');
    clock = new Date(clock.getTime() + 29 * MINUTE);
    const second = await refresh(first);
    expect(second.refreshExpiresAt.getTime()).toBe(clock.getTime() + 30 * MINUTE);
    clock = new Date(clock.getTime() + 30 * MINUTE);
    await refused(refresh(second));
  });

  it('refuses a refresh after the absolute end, however active the session', async () => {
    let current = await login('agent.s');
    for (let hours = 0; hours < 12; hours += 0.25) {
      clock = new Date(clock.getTime() + 15 * MINUTE);
      if (hours < 11.75) current = await refresh(current);
    }
    await refused(refresh(current));
  });

  it('re-reads the account: a disabled user cannot refresh, changed roles take effect', async () => {
    const disabled = await login('agent.disabled');
    const promoted = await login('agent.promoted');
    await db.db
      .updateTable('users')
      .set({ disabled: true })
      .where('login_name', '=', 'agent.disabled')
      .execute();
    await db.db
      .updateTable('users')
      .set({ roles: JSON.stringify(['supervisor']) })
      .where('login_name', '=', 'agent.promoted')
      .execute();
    await refused(refresh(disabled));
    expect((await familyOf(disabled)).revoked_reason).toBe('admin');
    expect(await identity.resolver(disabled.accessToken)).toBeUndefined();
    const next = await refresh(promoted);
    expect(next.roles).toEqual(['supervisor']);
    expect(await identity.resolver(next.accessToken)).toMatchObject({ roles: ['supervisor'] });
  });

  it('answers every refusal alike: garbage, unknown family, wrong secret', async () => {
    const first = await login('agent.s');
    const [familyId] = first.refreshToken.split('.');
    for (const token of [
      'garbage',
      `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`,
      `${familyId}.${'A'.repeat(43)}`,
    ]) {
      await refused(identity.auth.refresh({ tenantSlug: SLUG, refreshToken: token }));
    }
    // A guessed secret does not revoke someone else's session.
    expect((await familyOf(first)).revoked_at).toBeNull();
    await refused(identity.auth.refresh({ tenantSlug: 'no-such-clinic', refreshToken: first.refreshToken }));
  });
});

describe('logout and revocation of access tokens', () => {
  it('logout revokes the family: its access and refresh tokens stop working at once', async () => {
    const session = await login('agent.s');
    const actor = await identity.resolver(session.accessToken);
    expect(actor).toBeDefined();
    await identity.auth.logout({
      tenantId: session.tenantId,
      userId: session.userId,
      role: 'agent',
      sessionId: (actor as { sessionId?: string }).sessionId,
    });
    expect(await identity.resolver(session.accessToken)).toBeUndefined();
    await refused(refresh(session));
    const row = await familyOf(session);
    expect(row.revoked_reason).toBe('logout');
    expect(await auditActions(session.tenantId, row.family_id)).toEqual(['login:success', 'logout:success']);
  });

  it('another process refuses the token once its revocation list is reloaded (the staleness bound)', async () => {
    let clockB = new Date();
    const b = processB(() => clockB, 5_000);
    const session = await login('agent.s');
    expect(await b.resolver(session.accessToken)).toBeDefined();
    const actor = await identity.resolver(session.accessToken);
    await identity.auth.logout({
      tenantId: session.tenantId,
      userId: session.userId,
      role: 'agent',
      sessionId: (actor as { sessionId?: string }).sessionId,
    });
    // Within the bound, B may still accept it: that is the documented price of a lookup-free check.
    await b.resolver(session.accessToken);
    clockB = new Date(clockB.getTime() + 5_000);
    expect(await b.resolver(session.accessToken)).toBeUndefined();
    // A session revoked by B is refused by A once A's list is reloaded.
    const other = await login('agent.s');
    const sid = ((await b.resolver(other.accessToken)) as { sessionId?: string }).sessionId;
    await b.auth.logout({ tenantId: other.tenantId, userId: other.userId, role: 'agent', sessionId: sid });
    expect(await b.resolver(other.accessToken)).toBeUndefined();
    await identity.revocations.refresh();
    expect(await identity.resolver(other.accessToken)).toBeUndefined();
  });

  it('refuses an access token that belongs to no session', async () => {
    const { issueAccessToken } = await import('./tokens.ts');
    const keys = await identity.signingKeys();
    const session = await login('agent.s');
    const { token } = await issueAccessToken(keys, identity.tokens, {
      subject: session.userId,
      tenantId: session.tenantId,
      roles: ['agent'],
      amr: ['pwd'],
    });
    expect(await identity.resolver(token)).toBeUndefined();
  });

  it('startSession opens an audited session for an already-authenticated user', async () => {
    const first = await login('agent.s');
    const started = await identity.auth.startSession({
      tenantId: first.tenantId,
      userId: first.userId,
      roles: ['agent'],
      amr: ['ext'],
      requestId: 'req-sso-1',
    });
    expect(started).toMatchObject({ userId: first.userId, amr: ['ext'] });
    expect(started.refreshExpiresAt.getTime()).toBeGreaterThan(clock.getTime());
    const row = await familyOf(started);
    expect(row.amr).toEqual(['ext']);
    expect(await auditActions(first.tenantId, row.family_id)).toEqual(['login:success']);
    expect((await refresh(started)).amr).toEqual(['ext']);
  });
});

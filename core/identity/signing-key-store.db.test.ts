import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalKeyProvider } from '../../compliance/index.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { isAppError } from '../errors/app-error.ts';
import type { TenantId } from '../tenancy/tenant.ts';
import { createSigningKeyService, signingKeyAuditId } from './signing-key.service.ts';
import { createStoredSigningKeys } from './signing-key-store.ts';
import { exportPrivateJwk, jwks } from './signing-keys.ts';
import { type AccessTokenConfig, issueAccessToken, verifyAccessToken } from './tokens.ts';

const OPERATOR = { kind: 'system', id: 'cli', role: 'platform_operator' } as const;
const config: AccessTokenConfig = {
  issuer: 'https://custos.test',
  audience: 'https://custos.test/api',
  lifetimeSeconds: 300,
  clockToleranceSeconds: 5,
};
const OVERLAP = 365;
const claims = { subject: 'user-1', tenantId: 'tenant-a', roles: ['agent'], amr: ['pwd'] };

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let clock = new Date('2026-03-01T08:00:00Z');
const now = () => clock;
const advance = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const provider = createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] });
// Two stores over one database: two processes of one deployment.
const processA = () => createStoredSigningKeys({ db: db.db, provider, now });
let tenantId: TenantId;

function service(onRotated?: () => void) {
  return createSigningKeyService({
    db: db.db,
    provider,
    audit: t.runtime.audit,
    tenants: async () => [{ id: tenantId, vertical: 'medical' }],
    overlapSeconds: OVERLAP,
    now,
    ...(onRotated ? { onRotated } : {}),
  });
}

async function verifies(token: string, keys: Awaited<ReturnType<ReturnType<typeof processA>['source']>>) {
  try {
    await verifyAccessToken(token, keys, config, { now: clock });
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') return false;
    throw error;
  }
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  const tenant = await t.runtime.tenants.create(OPERATOR, {
    slug: 'key-clinic',
    name: 'Synthetic key clinic',
    vertical: 'medical',
    locale: 'en',
    timeZone: 'UTC',
  });
  tenantId = tenant.id;
});
afterAll(() => db.destroy());

describe('stored signing keys', () => {
  it('creates one first key even when two processes start at once', async () => {
    const [a, b] = await Promise.all([processA().source(), processA().source()]);
    expect(a.current.kid).toBe(b.current.kid);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from signing_keys`.execute(db.db);
    expect(rows[0]?.n).toBe(1);
  });

  it('keeps the private key only wrapped by the root key', async () => {
    const keys = await processA().source();
    const { d } = await exportPrivateJwk(keys.current);
    const row = await db.db.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
    const stored = row.wrapped as Buffer;
    expect(stored.includes(Buffer.from(d as string, 'base64url'))).toBe(false);
    expect(stored.toString('latin1')).not.toContain(d);
    expect(stored.toString('base64url')).not.toContain(d);
    expect(row.root_key_id).toBe('local-v1');
    // Another deployment's root key cannot open it.
    const stranger = createLocalKeyProvider({ roots: [{ version: 1, key: randomBytes(32) }] });
    await expect(createStoredSigningKeys({ db: db.db, provider: stranger, now }).source()).rejects.toThrow();
  });

  it('verifies a token issued before a restart after it', async () => {
    const before = processA();
    const { token } = await issueAccessToken(await before.source(), config, claims, clock);
    const after = processA(); // a new process: nothing in memory, same table
    expect((await after.source()).current.kid).toBe((await before.source()).current.kid);
    expect(await verifies(token, await after.source())).toBe(true);
  });

  it('rotates: the newest key signs, the previous verifies until it retires, then stops', async () => {
    const here = processA();
    const elsewhere = processA();
    const first = (await here.source()).current;
    await elsewhere.source();
    const { token: old } = await issueAccessToken(await here.source(), config, claims, clock);

    const rotated = await service(() => here.invalidate()).rotate(OPERATOR);
    expect(rotated.retiring).toEqual([
      { kid: first.kid, retireAt: new Date(clock.getTime() + OVERLAP * 1000) },
    ]);
    const second = (await here.source()).current;
    expect(second.kid).toBe(rotated.activated.kid);
    expect(second.kid).not.toBe(first.kid);
    const { token: fresh } = await issueAccessToken(await here.source(), config, claims, clock);

    // The other process learns of the new key from a token naming it (after the miss interval).
    advance(2);
    const seen = await elsewhere.source({ kid: second.kid });
    expect(seen.current.kid).toBe(second.kid);
    expect(await verifies(fresh, seen)).toBe(true);
    expect(await verifies(old, seen)).toBe(true);
    expect(
      jwks(seen, clock)
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([first.kid, second.kid].sort());

    const states = Object.fromEntries((await service().list(OPERATOR)).map((k) => [k.kid, k.state]));
    expect(states).toEqual({ [first.kid]: 'retiring', [second.kid]: 'active' });

    // Past the overlap the old key is retired: its material deleted, its tokens refused.
    advance(OVERLAP);
    const later = await elsewhere.source();
    expect(await verifies(old, later)).toBe(false);
    expect(jwks(later, clock).keys.map((k) => k.kid)).toEqual([second.kid]);
    const row = await db.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('kid', '=', first.kid)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'retired', wrapped: null, root_key_id: null });
    expect(row.retired_at).not.toBeNull();
  });

  it('on an emergency rotation every older key stops verifying at once', async () => {
    const here = processA();
    const { token } = await issueAccessToken(await here.source(), config, claims, clock);
    const result = await service(() => here.invalidate()).rotate(OPERATOR, { retirePreviousNow: true });
    expect(result.retiring).toEqual([]);
    expect(result.retired).toHaveLength(1);
    const keys = await here.source();
    expect(keys.current.kid).toBe(result.activated.kid);
    expect(keys.previous).toEqual([]);
    expect(await verifies(token, keys)).toBe(false);
  });

  it('records every rotation in the tenant audit log and refuses anyone but the operator', async () => {
    await expect(
      service().rotate({ kind: 'staff', id: 'someone', role: 'tenant_admin' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service().list({ kind: 'service', id: 'client' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await t.runtime.audit.sequenceNow();
    const events = await db.db
      .selectFrom('audit_events')
      .select(['resource_id', 'actor_id', 'outcome'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'key-operation')
      .execute();
    const keys = await service().list(OPERATOR);
    // Two rotations: each names the new key and the keys it retired or set retiring.
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.every((e) => e.actor_id === 'cli')).toBe(true);
    for (const key of keys) expect(events.map((e) => e.resource_id)).toContain(signingKeyAuditId(key.kid));
  });
});

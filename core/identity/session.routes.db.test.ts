import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { bearer, createStaff, createTenant, expectProblem, post, signIn } from './identity.fixture.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
const SLUG = 'clinic-r';

const refresh = (refreshToken: unknown) => post(t, `/api/v1/tenants/${SLUG}/auth/refresh`, { refreshToken });
const me = (token: string) => t.app.request(`/api/v1/tenants/${SLUG}/auth/me`, { headers: bearer(token) });

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  await createTenant(t, SLUG);
  await createStaff(t, SLUG, 'agent.r', ['agent']);
});
afterAll(() => db.destroy());

describe('POST /api/v1/tenants/{slug}/auth/refresh', () => {
  it('login returns a refresh token; refresh rotates it and returns fresh, uncached tokens', async () => {
    const first = await signIn(t, SLUG, 'agent.r');
    expect(first).toMatchObject({ refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/) });
    expect((first as unknown as { refreshExpiresIn: number }).refreshExpiresIn).toBeGreaterThan(25 * 60);
    const response = await refresh(first.refreshToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const next = (await response.json()) as { accessToken: string; refreshToken: string };
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await me(next.accessToken)).status).toBe(200);
  });

  it('answers reuse, garbage and unknown tokens with one identical 401 problem', async () => {
    const first = await signIn(t, SLUG, 'agent.r');
    expect((await refresh(first.refreshToken)).status).toBe(200);
    const bodies = [];
    for (const token of [
      first.refreshToken,
      'not-a-token',
      `${first.refreshToken.slice(0, 37)}${'B'.repeat(43)}`,
    ]) {
      const { requestId: _ignored, ...problem } = await expectProblem(await refresh(token), 401);
      bodies.push(problem);
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('refuses malformed bodies with 400 problem+json', async () => {
    await expectProblem(await post(t, `/api/v1/tenants/${SLUG}/auth/refresh`, {}), 400);
    await expectProblem(await refresh(42), 400);
    await expectProblem(
      await post(t, `/api/v1/tenants/${SLUG}/auth/refresh`, { refreshToken: 'x', extra: 1 }),
      400,
    );
  });
});

describe('POST /api/v1/tenants/{slug}/auth/logout', () => {
  it('ends the session: the access token is refused with 401 at once, the refresh token too', async () => {
    const session = await signIn(t, SLUG, 'agent.r');
    expect((await me(session.accessToken)).status).toBe(200);
    const out = await post(t, `/api/v1/tenants/${SLUG}/auth/logout`, {}, bearer(session.accessToken));
    expect(out.status).toBe(204);
    await expectProblem(await me(session.accessToken), 401);
    await expectProblem(await refresh(session.refreshToken), 401);
  });

  it('requires an access token', async () => {
    await expectProblem(await post(t, `/api/v1/tenants/${SLUG}/auth/logout`, {}), 401);
    await expectProblem(await post(t, `/api/v1/tenants/${SLUG}/auth/logout`, {}, t.operator), 401);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../testing/test-db.ts';
import { testConversation } from '../testing/test-pack.ts';
import { seedDemoLogins } from './demo-logins.ts';
import { packs } from './packs.ts';

const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
const [medical, education] = packs as [(typeof packs)[number], (typeof packs)[number]];
// The medical pack with a bot that hands off to `front-desk`; the education pack without its bot.
const { conversation: _, ...botless } = education;
const served = [{ ...medical, conversation: { ...testConversation, defaultQueue: 'front-desk' } }, botless];

beforeAll(async () => {
  db = await createTestDb();
  // demo-logins.json goes into the data directory: a fresh one, so no earlier run is read.
  t = createTestApp(db, { env: { CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-demo-logins-')) } });
  for (const pack of served) await t.runtime.tenants.create(SYSTEM, pack.demoTenant);
});
afterAll(() => db.destroy());

/** Signs a demo account in and resolves its access token as the API does. */
async function actorOf(tenant: string, login: string, password: string) {
  const response = await t.app.request(`/api/v1/tenants/${tenant}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: login, password }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return t.runtime.identity.resolver(accessToken);
}

describe(`demo logins (${testDialect()})`, () => {
  it('gives the demo agent the queue its pack hands off to, for the packs served, and no queue otherwise', async () => {
    const logins = await seedDemoLogins(t.runtime, served);
    const common = ['demo-admin', 'demo-agent', 'demo-auditor', 'demo-supervisor'];
    expect(logins.map((l) => `${l.tenant}/${l.login}`).sort()).toEqual(
      [
        ...common.map((login) => `${medical.demoTenant.slug}/${login}`),
        `${medical.demoTenant.slug}/demo-clinician`,
        ...common.map((login) => `${education.demoTenant.slug}/${login}`),
        `${education.demoTenant.slug}/demo-admissions`,
      ].sort(),
    );
    const agentOf = (tenant: string) => {
      const login = logins.find((l) => l.tenant === tenant && l.login === 'demo-agent');
      if (!login) throw new Error(`no demo agent in ${tenant}`);
      return actorOf(tenant, login.login, login.password);
    };
    expect(await agentOf(medical.demoTenant.slug)).toMatchObject({
      roles: ['agent'],
      queueIds: ['front-desk'],
    });
    expect(await agentOf(education.demoTenant.slug)).not.toHaveProperty('queueIds');
    const admin = await db.db
      .selectFrom('users')
      .select('queue_ids')
      .where('login_name', '=', 'demo-admin')
      .execute();
    expect(admin.map((row) => row.queue_ids)).toEqual([[], []]);
    // Seeding again creates nothing and returns the same logins.
    expect(await seedDemoLogins(t.runtime, served)).toEqual(logins);
  });
});

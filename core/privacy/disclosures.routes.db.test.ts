import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { bearer, createStaff, createTenant, signIn } from '../identity/identity.fixture.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let auditor: string;
let agent: string;
let patient: string;
let other: string;
const url = (contactId: string) =>
  `/api/v1/tenants/disclosure-clinic/privacy/contacts/${contactId}/disclosures`;

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  const tenantId = await createTenant(t, 'disclosure-clinic');
  const a = await createStaff(t, 'disclosure-clinic', 'auditor.one', ['auditor']);
  auditor = (await signIn(t, 'disclosure-clinic', 'auditor.one', a.key)).accessToken;
  await createStaff(t, 'disclosure-clinic', 'agent.one', ['agent']);
  agent = (await signIn(t, 'disclosure-clinic', 'agent.one')).accessToken;
  const access = {
    actor: { kind: 'staff', id: 'u-clerk-7', role: 'clerk' },
    tenantId,
    purpose: 'PATADMIN',
  } as const;
  patient = (await t.runtime.contacts.create(access, { kind: 'patient', displayName: '测试患者丁' })).id;
  other = (await t.runtime.contacts.create(access, { kind: 'patient', displayName: '测试患者戊' })).id;
  await t.runtime.audit.sequenceNow();
});
afterAll(async () => {
  await db?.destroy();
});

describe(`accounting of disclosures over HTTP on ${testDialect()}`, () => {
  it("lists who touched one person's data, to the auditor only, and records the request", async () => {
    const response = await t.app.request(url(patient), { headers: bearer(auditor) });
    expect(response.status).toBe(200);
    const account = (await response.json()) as {
      contactId: string;
      entries: { action: string; actor: { id: string } }[];
    };
    expect(account.contactId).toBe(patient);
    expect(
      account.entries.filter((e) => e.action !== 'key-operation').map((e) => [e.action, e.actor.id]),
    ).toEqual([['create', 'u-clerk-7']]);
    expect(JSON.stringify(account)).not.toMatch(/测试患者/);

    // Another person's account does not show this one's events, and the first request is on record.
    await t.runtime.audit.sequenceNow();
    const second = (await (await t.app.request(url(patient), { headers: bearer(auditor) })).json()) as {
      entries: { action: string }[];
    };
    expect(second.entries.map((e) => e.action)).toContain('export');
    const otherAccount = (await (await t.app.request(url(other), { headers: bearer(auditor) })).json()) as {
      entries: { action: string }[];
    };
    expect(otherAccount.entries.filter((e) => e.action === 'export')).toEqual([]);

    expect((await t.app.request(url(patient), { headers: bearer(agent) })).status).toBe(403);
    expect((await t.app.request(url(patient), { headers: t.operator })).status).toBe(403);
    expect((await t.app.request(url('not-a-uuid'), { headers: bearer(auditor) })).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { bearer, createStaff, createTenant, post, signIn } from '../identity/identity.fixture.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let clinician: string;
let auditor: string;
let patient: string;
const BASE = '/api/v1/tenants/bg-clinic/break-glass';
const reason = 'Unconscious on arrival; care team not reachable by phone.';

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db);
  const tenantId = await createTenant(t, 'bg-clinic');
  const c = await createStaff(t, 'bg-clinic', 'clinician.one', ['clinician']);
  clinician = (await signIn(t, 'bg-clinic', 'clinician.one', c.key)).accessToken;
  const a = await createStaff(t, 'bg-clinic', 'auditor.one', ['auditor']);
  auditor = (await signIn(t, 'bg-clinic', 'auditor.one', a.key)).accessToken;
  patient = (
    await t.runtime.contacts.create(
      { actor: { kind: 'staff', id: 'u-clerk-1', role: 'clerk' }, tenantId, purpose: 'PATADMIN' },
      { kind: 'patient', displayName: '测试患者丙' },
    )
  ).id;
});
afterAll(async () => {
  await db?.destroy();
});

describe(`break-glass over HTTP on ${testDialect()}`, () => {
  it('opens, refuses a second, stops, and goes through review', async () => {
    expect((await post(t, BASE, { subjectId: patient, reason: 'short' }, bearer(clinician))).status).toBe(
      400,
    );
    expect((await post(t, BASE, { subjectId: patient, reason }, bearer(auditor))).status).toBe(403);
    const opened = await post(t, BASE, { subjectId: patient, reason, minutes: 15 }, bearer(clinician));
    expect(opened.status).toBe(201);
    const window = (await opened.json()) as { id: string };
    expect(window).toMatchObject({ subjectId: patient, purpose: 'ETREAT', closedAt: null });
    expect(JSON.stringify(window)).not.toContain('Unconscious');
    expect((await post(t, BASE, { subjectId: patient, reason }, bearer(clinician))).status).toBe(409);

    const stopped = await post(t, `${BASE}/${window.id}/stop`, {}, bearer(clinician));
    expect(stopped.status).toBe(200);
    expect(((await stopped.json()) as { closeReason: string }).closeReason).toBe('stopped');

    const queue = await t.app.request(`${BASE}/review-queue`, { headers: bearer(auditor) });
    expect(queue.status).toBe(200);
    const { items } = (await queue.json()) as { items: { id: string }[] };
    expect(items.map((w) => w.id)).toEqual([window.id]);
    expect((await t.app.request(`${BASE}/review-queue`, { headers: bearer(clinician) })).status).toBe(403);
    const reviewed = await post(t, `${BASE}/${window.id}/review`, { outcome: 'justified' }, bearer(auditor));
    expect(reviewed.status).toBe(200);
    expect(((await reviewed.json()) as { reviewOutcome: string }).reviewOutcome).toBe('justified');
    expect((await post(t, BASE, { subjectId: patient, reason }, bearer(clinician))).status).toBe(201);
  });
});

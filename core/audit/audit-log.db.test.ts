import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, parseVerifierKey } from '../../compliance/index.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { generateAuditSigningKey, generateExportSigner } from './audit-secrets.ts';

let db: TestDb;
const env = {
  CUSTOS_AUDIT_SIGNING_KEY: generateAuditSigningKey(),
  CUSTOS_AUDIT_EXPORT_SIGNER: generateExportSigner(),
};
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.destroy();
});

async function createTenant(
  app: ReturnType<typeof createTestApp>['app'],
  operator: Record<string, string>,
  slug: string,
) {
  const response = await app.request('/api/v1/tenants', {
    method: 'POST',
    headers: { ...operator, 'content-type': 'application/json' },
    body: JSON.stringify({ slug, name: 'Audit test clinic', vertical: 'medical' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const event = (tenantId: string, i: number) => ({
  tenantId,
  actor: { id: `u-agent-${i}`, role: 'agent', kind: 'staff' as const },
  action: 'read' as const,
  purpose: 'TREAT' as const,
  resource: { type: 'conversation', id: `conv-${i}` },
  outcome: { result: 'success' as const },
});

describe(`the audit log in the running application (${testDialect()})`, () => {
  it('publishes the verifier key that opens the checkpoints it signs', async () => {
    const { app, operator, runtime } = createTestApp(db, { env });
    const response = await app.request('/.well-known/custos/audit-log-key');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^localhost\/custos\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    const verifier = parseVerifierKey(text.trim());

    const tenantId = await createTenant(app, operator, 'audit-key-clinic');
    await db.db.transaction().execute((trx) => runtime.audit.record(trx, event(tenantId, 1)));
    expect(await runtime.audit.sequenceNow()).toBe(1);
    const { note } = await db.db
      .selectFrom('audit_checkpoints')
      .select('note')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const { checkpoint } = openCheckpoint(note, [verifier], { origin: `localhost/custos/audit/${tenantId}` });
    expect(checkpoint.size).toBe(1);
    expect(await runtime.audit.verify(tenantId)).toMatchObject({ ok: true, size: 1, checkpointsVerified: 1 });
  });

  it('sequences in the background until stopped', async () => {
    const { app, operator, runtime } = createTestApp(db, { env });
    const tenantId = await createTenant(app, operator, 'audit-loop-clinic');
    const loop = runtime.audit.startSequencer();
    try {
      for (let i = 0; i < 5; i++) await runtime.audit.recordOutsideTransaction(event(tenantId, i));
      loop.wake();
      await expect.poll(async () => (await runtime.audit.verify(tenantId)).size, { timeout: 10_000 }).toBe(5);
    } finally {
      await loop.stop();
    }
    expect(await runtime.audit.verify(tenantId)).toMatchObject({ ok: true, size: 5 });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openCheckpoint,
  parseVerifierKey,
  pseudonymize,
  verifierKeyFor,
  verifyConsistency,
  verifyExportDirectory,
  verifyInclusion,
} from '../../compliance/index.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { generateAuditSigningKey, generateExportSigner, loadExportSigner } from './audit-secrets.ts';

let db: TestDb;
let t: ReturnType<typeof createTestApp>;
let tenantId: string;
const slug = 'audit-api-hospital';
const env = {
  CUSTOS_AUDIT_SIGNING_KEY: generateAuditSigningKey(),
  CUSTOS_AUDIT_EXPORT_SIGNER: generateExportSigner(),
};
const agentToken = 'agent-token-for-tests';
const auditorToken = 'auditor-token-for-tests';
const auditor = { authorization: `Bearer ${auditorToken}` };
const subjectOf = (i: number) => pseudonymize(Buffer.alloc(32, 5), 'patient', `p-${i % 4}`);
const read = async (response: Response): Promise<any> => response.json();
const get = (path: string, headers: Record<string, string> = auditor) =>
  t.app.request(`/api/v1/tenants/${slug}/audit${path}`, { headers });

async function recordEvents(from: number, to: number) {
  for (let i = from; i < to; i++) {
    await db.db.transaction().execute((trx) =>
      t.runtime.audit.record(trx, {
        tenantId,
        time: new Date(Date.UTC(2026, 2, 1, 8, i)).toISOString(),
        actor: { id: `u-agent-${i % 3}`, role: 'agent', kind: 'staff' },
        action: i % 5 === 0 ? 'update' : 'read',
        purpose: 'TREAT',
        resource: { type: 'Patient', id: `pat-${i % 4}` },
        subject: { type: 'patient', pseudonym: subjectOf(i) },
        outcome: i % 7 === 0 ? { result: 'failure', reason: 'denied' } : { result: 'success' },
      }),
    );
  }
  await t.runtime.audit.sequenceNow();
}

beforeAll(async () => {
  db = await createTestDb();
  t = createTestApp(db, {
    env,
    credentials: [
      (token) =>
        token === agentToken
          ? { kind: 'staff', id: 'u-agent-9', role: 'agent', tenantId, roles: ['agent'], mfa: false }
          : undefined,
      // A signed-in auditor of this tenant, as the staff token resolver would yield one.
      (token) =>
        token === auditorToken
          ? { kind: 'staff', id: 'u-auditor-1', role: 'auditor', tenantId, roles: ['auditor'], mfa: true }
          : undefined,
    ],
  });
  const created = await t.app.request('/api/v1/tenants', {
    method: 'POST',
    headers: { ...t.operator, 'content-type': 'application/json' },
    body: JSON.stringify({ slug, name: 'Audit API hospital', vertical: 'medical' }),
  });
  tenantId = (await read(created)).id;
  await recordEvents(0, 10);
  await recordEvents(10, 30);
});
afterAll(async () => {
  await db?.destroy();
});

async function allPages(query: string, limit = 7): Promise<number[]> {
  const seqs: number[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/events?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const body = await read(response);
    seqs.push(...body.items.map((item: any) => item.event.seq));
    cursor = body.nextCursor;
  } while (cursor);
  return seqs;
}

const range = (n: number, keep: (i: number) => boolean) => [...Array(n).keys()].filter(keep);

describe(`auditor API on ${testDialect()}`, () => {
  it('searches by actor, subject, resource, action, outcome and time, page by page', async () => {
    expect(await allPages('')).toEqual(range(30, () => true));
    expect(await allPages('actor=u-agent-1')).toEqual(range(30, (i) => i % 3 === 1));
    expect(await allPages(`subject=${subjectOf(2)}`)).toEqual(range(30, (i) => i % 4 === 2));
    expect(await allPages('resourceType=Patient&resourceId=pat-3')).toEqual(range(30, (i) => i % 4 === 3));
    expect(await allPages('action=update', 2)).toEqual(range(30, (i) => i % 5 === 0));
    expect(await allPages('outcome=failure')).toEqual(range(30, (i) => i % 7 === 0));
    const window = 'from=2026-03-01T08:05:00Z&to=2026-03-01T16:12:00%2B08:00';
    expect(await allPages(window)).toEqual(range(30, (i) => i >= 5 && i < 12));
    const page = await read(await get('/events?limit=1&actor=u-agent-0'));
    expect(page.items[0]).toEqual({
      event: expect.objectContaining({ seq: 0, tenantId }),
      leafHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('serves a checkpoint and proofs that verify against the published key', async () => {
    const key = parseVerifierKey(
      (await (await t.app.request('/.well-known/custos/audit-log-key')).text()).trim(),
    );
    const { size, note } = await read(await get('/checkpoint'));
    const origin = `localhost/custos/audit/${tenantId}`;
    const { checkpoint } = openCheckpoint(note, [key], { origin });
    expect(checkpoint.size).toBe(size);
    expect(size).toBeGreaterThanOrEqual(30);

    const inclusion = await read(await get(`/proofs/inclusion?seq=17&size=${size}`));
    const proof = inclusion.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyInclusion(Buffer.from(inclusion.leafHash, 'base64'), 17, size, proof, checkpoint.root)).toBe(
      true,
    );
    expect((await read(await get('/proofs/inclusion?seq=3'))).size).toBe(size);

    const first = await db.db
      .selectFrom('audit_checkpoints')
      .select('note')
      .where('tenant_id', '=', tenantId)
      .where('tree_size', '=', 10)
      .executeTakeFirstOrThrow();
    const earlier = openCheckpoint(first.note, [key], { origin }).checkpoint;
    const consistency = await read(await get(`/proofs/consistency?from=10&to=${size}`));
    const path = consistency.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyConsistency(10, size, path, earlier.root, checkpoint.root)).toBe(true);
  });

  it('lets the platform operator verify the log but not read or export it (separation of duties)', async () => {
    expect((await get('/checkpoint', t.operator)).status).toBe(200);
    expect((await get('/proofs/consistency?from=10&to=30', t.operator)).status).toBe(200);
    expect((await get('/events?limit=1', t.operator)).status).toBe(403);
    expect((await get('/export', t.operator)).status).toBe(403);
  });

  it('audits its own reads, and records refused ones as denied', async () => {
    expect((await get('/events?limit=1', { authorization: `Bearer ${agentToken}` })).status).toBe(403);
    await t.runtime.audit.sequenceNow();
    const reads = (await read(await get('/events?action=audit-read&limit=500'))).items.map(
      (i: any) => i.event,
    );
    expect(reads.length).toBeGreaterThan(10);
    expect(reads[0]).toMatchObject({
      actor: { id: 'u-auditor-1', role: 'auditor', kind: 'staff' },
      purpose: 'HCOMPL',
      outcome: { result: 'success' },
      requestId: expect.any(String),
    });
    expect(reads).toContainEqual(
      expect.objectContaining({
        actor: { id: 'u-agent-9', role: 'agent', kind: 'staff' },
        outcome: { result: 'failure', reason: 'denied' },
      }),
    );
    expect(await t.runtime.audit.verify(tenantId)).toMatchObject({ ok: true });
  });

  it.each([
    ['/events?limit=0', 'query.limit'],
    ['/events?limit=ten', 'query.limit'],
    ['/events?cursor=-1', 'query.cursor'],
    ['/events?cursor=99999999999999999', 'query.cursor'],
    ['/events?subject=Jane%20Roe', 'query.subject'],
    ['/events?from=yesterday', 'query.from'],
    ['/events?action=peek', 'query.action'],
    ['/events?outcome=maybe', 'query.outcome'],
    ['/events?actor=someone%40example.org', 'query.actor'],
    ['/events?sort=desc', 'query'],
    ['/proofs/inclusion', 'query.seq'],
    ['/proofs/inclusion?seq=1.5', 'query.seq'],
    ['/proofs/consistency?from=1', 'query.to'],
  ])('400 for %s, naming %s and never echoing the value', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    const body = await read(response);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: any) => e.path)).toContainEqual(expect.stringContaining(field));
    expect(JSON.stringify(body)).not.toMatch(/Jane|someone@/);
  });

  it.each([
    ['/proofs/inclusion?seq=40&size=30', /inside the tree/],
    ['/proofs/inclusion?seq=3&size=100000', /fewer than 100000/],
    ['/proofs/consistency?from=20&to=10', /must not exceed/],
  ])('422 for %s', async (path, detail) => {
    const response = await get(path);
    expect(response.status).toBe(422);
    expect((await read(response)).detail).toMatch(detail);
  });

  it('exports a tar archive that verifies with tar, openssl and the offline verifier', async () => {
    const response = await get('/export?sinceSize=10');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-audit-api-hospital-\d+\.tar"$/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'custos-http-export-'));
    writeFileSync(join(dir, 'export.tar'), Buffer.from(await response.arrayBuffer()));
    execFileSync('tar', ['-xf', 'export.tar'], { cwd: dir });
    execFileSync('rm', ['export.tar'], { cwd: dir });
    const cms = [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'PEM',
      '-in',
      'manifest.sig.pem',
      '-content',
      'manifest.sha256',
      '-CAfile',
      'export-signer.pem',
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ];
    execFileSync('openssl', cms, { cwd: dir, stdio: 'pipe' });
    const pinned = {
      verifierKey: verifierKeyFor(env.CUSTOS_AUDIT_SIGNING_KEY),
      certificatePem: loadExportSigner(env.CUSTOS_AUDIT_EXPORT_SIGNER).certificatePem,
    };
    const report = await verifyExportDirectory(dir, pinned);
    expect(report).toMatchObject({ ok: true, origin: `localhost/custos/audit/${tenantId}` });
    expect(report.size).toBeGreaterThanOrEqual(30);
    expect(report.notes).toEqual([
      'consistent with the checkpoint of size 10 (compare it with the one you hold)',
    ]);
    expect((await get('/export?sinceSize=11')).status).toBe(422);
    expect((await get('/export?sinceSize=ten')).status).toBe(400);
    expect((await get('/export', { authorization: `Bearer ${agentToken}` })).status).toBe(403);
    await t.runtime.audit.sequenceNow();
    const exports = (await read(await get('/events?action=export&limit=500'))).items
      .filter((i: any) => i.event.actor.id !== 'platform-operator')
      .map((i: any) => i.event.outcome);
    expect(exports).toEqual([
      { result: 'success' },
      { result: 'failure', reason: 'invalid' },
      { result: 'failure', reason: 'denied' },
    ]);
  });

  it('401 without a token or with a bad one, 404 for an unknown tenant', async () => {
    expect((await get('/events', {})).status).toBe(401);
    expect((await get('/checkpoint', { authorization: 'Bearer nope' })).status).toBe(401);
    expect(
      (await t.app.request('/api/v1/tenants/no-such-tenant/audit/checkpoint', { headers: t.operator }))
        .status,
    ).toBe(404);
  });
});

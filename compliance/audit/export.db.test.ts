import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDialect } from '../../testing/test-db.ts';
import { type AuditDatabase, auditDb } from './audit.table.ts';
import { insertTestTenant, sampleEvent, testLogKeys } from './audit-log.fixture.ts';
import { createExportSigningCertificate, signManifest } from './cms.ts';
import { ExportRefused, writeExport } from './export.ts';
import { verifyExportDirectory } from './export-verify.ts';
import { recordOutsideTransaction } from './recorder.ts';
import { sequenceBatch } from './sequencer.ts';

let handle: TestDb;
let db: Kysely<AuditDatabase>;
let tenantId: string;
const keys = testLogKeys();
const signer = createExportSigningCertificate({ commonName: 'Custos audit export signer (test)' });
const options = { keyName: keys.signer.name, verifier: keys.verifier, verifierKey: keys.verifierKey, signer };
const pinned = { verifierKey: keys.verifierKey, certificatePem: signer.certificatePem };
const freshDir = () => mkdtempSync(join(tmpdir(), 'custos-export-'));

beforeAll(async () => {
  handle = await createTestDb();
  db = auditDb(handle.db);
  tenantId = await insertTestTenant(db);
  for (let i = 0; i < 50; i++) await recordOutsideTransaction(db, sampleEvent(tenantId, i));
  while ((await sequenceBatch(db, tenantId, { keys, batchSize: 20 })).status === 'sequenced');
});
afterAll(async () => {
  await handle?.destroy();
});

async function exported(sinceSize?: number) {
  const dir = freshDir();
  const summary = await writeExport(db, tenantId, dir, { ...options, ...(sinceSize ? { sinceSize } : {}) });
  return { dir, summary };
}

describe(`audit export on ${testDialect()}`, () => {
  it('writes a signed export that stock OpenSSL and sha256sum accept', async () => {
    const { dir, summary } = await exported(20);
    expect(summary.size).toBe(50);
    expect(summary.files).toEqual([
      'README.txt',
      'checkpoint.txt',
      'entries.ndjson',
      'export-signer.pem',
      'log-key.txt',
      'proofs/consistency-20-50.json',
      'manifest.sha256',
      'manifest.sig.pem',
    ]);
    const cms = execFileSync(
      'openssl',
      [
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
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(cms.toString()).toBe('');
    expect(execFileSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: dir }).toString()).toMatch(
      /entries\.ndjson: OK/,
    );
    expect(readFileSync(join(dir, 'entries.ndjson'), 'utf8').split('\n')).toHaveLength(51);
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toMatch(/openssl cms -verify/);
  });

  it('verifies offline with the pinned keys, including consistency with an earlier checkpoint', async () => {
    const { dir } = await exported(20);
    const report = await verifyExportDirectory(dir, pinned);
    expect(report).toMatchObject({
      ok: true,
      size: 50,
      origin: `${keys.signer.name}/${tenantId}`,
      problems: [],
    });
    expect(report.notes).toEqual([
      'consistent with the checkpoint of size 20 (compare it with the one you hold)',
    ]);
    expect((await verifyExportDirectory(dir)).notes).toContain(
      'the log key was taken from the export, not pinned',
    );
  });

  it('rejects a changed entry, a changed manifest, an extra file, and another key', async () => {
    const { dir } = await exported();
    const entries = join(dir, 'entries.ndjson');
    const original = readFileSync(entries, 'utf8');
    writeFileSync(entries, original.replace('"seq":17,', '"seq":71,'));
    expect(await verifyExportDirectory(dir, pinned)).toMatchObject({
      ok: false,
      problems: ['entries.ndjson does not match the manifest (changed)'],
    });

    // An attacker holding the export key re-signs the manifest: the entries still fail.
    const manifest = readFileSync(join(dir, 'manifest.sha256'), 'utf8');
    const hash = execFileSync('sha256sum', ['entries.ndjson'], { cwd: dir }).toString().slice(0, 64);
    const resigned = manifest.replace(/^[0-9a-f]{64}(?= {2}entries\.ndjson)/m, hash);
    writeFileSync(join(dir, 'manifest.sha256'), resigned);
    expect(await verifyExportDirectory(dir, pinned)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/manifest signature: the signed digest does not match/)],
    });
    writeFileSync(join(dir, 'manifest.sig.pem'), signManifest(Buffer.from(resigned), signer).pem);
    expect(await verifyExportDirectory(dir, pinned)).toMatchObject({
      ok: false,
      firstBadSequence: 17,
      problems: [expect.stringMatching(/^entry 17: event carries sequence number 71/)],
    });

    writeFileSync(entries, original);
    writeFileSync(join(dir, 'manifest.sha256'), manifest);
    writeFileSync(join(dir, 'manifest.sig.pem'), signManifest(Buffer.from(manifest), signer).pem);
    expect((await verifyExportDirectory(dir, pinned)).ok).toBe(true);
    expect(
      await verifyExportDirectory(dir, { ...pinned, verifierKey: testLogKeys(keys.signer.name).verifierKey }),
    ).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^checkpoint: no signature by a trusted key/)],
    });
    const other = createExportSigningCertificate({ commonName: 'Someone else' });
    expect(
      await verifyExportDirectory(dir, { ...pinned, certificatePem: other.certificatePem }),
    ).toMatchObject({ ok: false, problems: [expect.stringMatching(/not by the given certificate/)] });
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(await verifyExportDirectory(dir, pinned)).toMatchObject({
      ok: false,
      problems: ['notes.txt is not in the manifest'],
    });
  });

  it.each([
    ['an empty directory', {}, /^manifest: ENOENT/],
    ['a garbage manifest', { 'manifest.sha256': 'hello\n' }, /malformed or repeated line/],
    ['a path that climbs out', { 'manifest.sha256': `${'0'.repeat(64)}  ../etc/passwd\n` }, /malformed/],
    [
      'a manifest without entries',
      { 'manifest.sha256': `${'0'.repeat(64)}  checkpoint.txt\n` },
      /does not list entries\.ndjson/,
    ],
    [
      'a garbage signature',
      {
        'manifest.sha256': `${'0'.repeat(64)}  checkpoint.txt\n${'0'.repeat(64)}  entries.ndjson\n`,
        'manifest.sig.pem': 'junk',
        'export-signer.pem': signer.certificatePem,
      },
      /manifest signature: not a CMS signature/,
    ],
  ])('rejects %s with a clear error', async (_, files, message) => {
    const dir = freshDir();
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const report = await verifyExportDirectory(dir, pinned);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(message);
  });

  it('refuses a non-empty directory, an unsigned size and a log without checkpoint', async () => {
    const { dir } = await exported();
    await expect(writeExport(db, tenantId, dir, options)).rejects.toThrow(/is not empty/);
    await expect(writeExport(db, tenantId, freshDir(), { ...options, sinceSize: 21 })).rejects.toThrow(
      ExportRefused,
    );
    const empty = await insertTestTenant(db);
    await expect(writeExport(db, empty, freshDir(), options)).rejects.toThrow(/no signed checkpoint/);
  });
});

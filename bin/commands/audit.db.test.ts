import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignerKey, parseVerifierKey, verifierKeyFor } from '../../compliance/index.ts';
import { loadConfig, loadExportSigner } from '../../core/index.ts';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';
import { silentLogger, testDialect } from '../../testing/test-db.ts';
import { openRuntime } from '../runtime.ts';

const env: Record<string, string> = {
  CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-audit-cli-')),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 3).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'a'.repeat(40),
};
let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
});
afterAll(() => dropDatabase());

async function withRuntime(work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<void>) {
  const runtime = await openRuntime(loadConfig(env), silentLogger, { migrate: true, sequencer: false });
  try {
    await work(runtime);
  } finally {
    await runtime.close();
  }
}

describe('custos audit: arguments', () => {
  it('prints help, and one line for an unknown sub-command or option', async () => {
    expect(await runCli(['audit', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos audit verify/),
    });
    expect(await runCli(['audit', 'shred'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^custos: unknown audit command "shred" \(expected verify, export, keygen\)\n$/,
      ),
    });
    expect(await runCli(['audit', 'verify', '--since', 'x'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^custos: .*--since.*\n$/),
    });
  });

  it('generates a signing key, refusing a missing or malformed name', async () => {
    expect(await runCli(['audit', 'keygen'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/needs --name/),
    });
    expect(await runCli(['audit', 'keygen', '--name', 'a b'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/without spaces/),
    });
    const result = await runCli(['audit', 'keygen', '--name', 'audit.hospital.example'], env);
    expect(result.code).toBe(0);
    const [signer, verifier] = /^CUSTOS_AUDIT_SIGNING_KEY=(\S+)\n# verifier key, to publish: (\S+)\n$/
      .exec(result.stdout)!
      .slice(1);
    expect(parseSignerKey(signer!).keyId).toBe(parseVerifierKey(verifier!).keyId);
  });
});

describe(`custos audit verify on ${testDialect()}`, () => {
  it('passes an intact log, then names the first tampered sequence number', async () => {
    expect(
      (
        await runCli(
          ['tenant', 'create', '--slug', 'audit-cli-clinic', '--name', 'Clinic', '--vertical', 'medical'],
          env,
        )
      ).code,
    ).toBe(0);
    let tenantId = '';
    await withRuntime(async (runtime) => {
      tenantId = (
        await runtime.tenants.get(
          { kind: 'system', id: 'test', role: 'platform_operator' },
          'audit-cli-clinic',
        )
      ).id;
      for (let i = 0; i < 30; i++) {
        await runtime.audit.recordOutsideTransaction({
          tenantId,
          actor: { id: `u-agent-${i % 3}`, role: 'agent', kind: 'staff' },
          action: 'read',
          purpose: 'TREAT',
          resource: { type: 'conversation', id: `conv-${i}` },
          outcome: { result: 'success' },
        });
      }
      await runtime.audit.sequenceNow();
    });
    const intact = await runCli(['audit', 'verify', '--strict'], env);
    expect(intact).toMatchObject({ code: 0, stdout: 'ok\taudit-cli-clinic\t30 entries\t1 checkpoints\n' });

    // Export, then verify offline with the pinned key and certificate.
    const out = join(mkdtempSync(join(tmpdir(), 'custos-audit-cli-export-')), 'export');
    const exported = await runCli(['audit', 'export', '--tenant', 'audit-cli-clinic', '--out', out], env);
    expect(exported).toMatchObject({ code: 0, stdout: `exported\taudit-cli-clinic\t30 entries\t${out}\n` });
    const config = loadConfig(env);
    const pins = mkdtempSync(join(tmpdir(), 'custos-audit-pins-'));
    writeFileSync(join(pins, 'log.key'), verifierKeyFor(config.secrets.auditSigningKey));
    writeFileSync(
      join(pins, 'signer.pem'),
      loadExportSigner(config.secrets.auditExportSigner).certificatePem,
    );
    const offline = await runCli(
      [
        'audit',
        'verify',
        '--export',
        out,
        '--key',
        join(pins, 'log.key'),
        '--certificate',
        join(pins, 'signer.pem'),
      ],
      {},
    );
    expect(offline).toEqual({
      code: 0,
      stdout: `ok\tlocalhost/custos/audit/${tenantId}\t30 entries\n`,
      stderr: '',
    });
    const unpinned = await runCli(['audit', 'verify', '--export', out], {});
    expect(unpinned.stdout).toMatch(/^note\tthe log key was taken from the export, not pinned$/m);
    const entries = join(out, 'entries.ndjson');
    writeFileSync(entries, readFileSync(entries, 'utf8').replace('conv-3"', 'conv-4"'));
    expect(await runCli(['audit', 'verify', '--export', out, '--json'], {})).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/"ok":false.*entries\.ndjson does not match the manifest/),
    });

    await withRuntime(async ({ database }) => {
      await database.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`update audit_events set leaf = convert_to(replace(convert_from(leaf, 'UTF8'), 'conv-17', 'conv-71'), 'UTF8')
          where tenant_id = ${tenantId} and seq = 17`.execute(trx);
      });
    });
    const tampered = await runCli(['audit', 'verify', '--tenant', 'audit-cli-clinic'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(
      /^FAILED\taudit-cli-clinic\tfirst bad seq 17\tseq 17: leaf does not match its stored hash\n$/,
    );
    const json = JSON.parse((await runCli(['audit', 'verify', '--json'], env)).stdout);
    expect(json).toMatchObject({ tenant: 'audit-cli-clinic', ok: false, firstBadSequence: 17 });
    const refused = await runCli(
      ['audit', 'export', '--tenant', 'audit-cli-clinic', '--out', join(pins, 'again')],
      env,
    );
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^custos: the stored entries do not give the root.*\n$/),
    });
  });

  it.each([
    [['audit', 'export', '--tenant', 'x'], /needs --tenant SLUG and --out DIR/],
    [['audit', 'export', '--tenant', 'x', '--out', '/tmp/x', '--since-size', 'ten'], /--since-size must be/],
    [['audit', 'verify', '--export', '/no/such/export'], /no such directory/],
    [['audit', 'verify', '--export', '.', '--key', '/no/such/key'], /--key: no such file/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await runCli(args, env);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect(result.stderr).toMatch(/^custos: .+\n$/);
  });

  it('reports an unknown tenant in one line', async () => {
    expect(await runCli(['audit', 'verify', '--tenant', 'no-such-clinic'], env)).toMatchObject({
      code: 1,
      stderr: 'custos: No tenant "no-such-clinic".\n',
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contact, loadConfig } from '../../core/index.ts';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';
import { silentLogger } from '../../testing/test-db.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-privacy-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: dir,
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 5).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'p'.repeat(40),
};
let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
});
afterAll(() => dropDatabase());

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig(env), silentLogger, { migrate: true, sequencer: false });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

const ID = '3f2b8c1e-5a47-4d2e-9b1a-0c6d7e8f9a0b';
const usageError = (pattern: RegExp) => ({
  code: 2,
  stdout: '',
  stderr: expect.stringMatching(new RegExp(`^custos: ${pattern.source}.*\\n$`)),
});

describe('custos privacy: arguments', () => {
  it('prints help', async () => {
    expect(await runCli(['privacy'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: /),
    });
    expect(await runCli(['privacy', 'erase', '--help'], env)).toMatchObject({ code: 0 });
  });

  it.each([
    [
      ['privacy', 'forget'],
      /unknown privacy command "forget" \(expected erase, export, disclosures, ledger, replay-shreds\)/,
    ],
    [
      ['privacy', 'erase', '--contact', ID, '--reason', 'request'],
      /erase needs --tenant SLUG and --contact ID/,
    ],
    [
      ['privacy', 'erase', '--tenant', 'x', '--reason', 'request'],
      /erase needs --tenant SLUG and --contact ID/,
    ],
    [
      ['privacy', 'erase', '--tenant', 'x', '--contact', 'nobody', '--reason', 'r'],
      /--contact must be a contact id/,
    ],
    [['privacy', 'erase', '--tenant', 'x', '--contact', ID], /erase needs --reason TEXT/],
    [['privacy', 'erase', '--tenant', 'x', '--contact', ID, '--reason', ' '], /erase needs --reason TEXT/],
    [['privacy', 'export', '--tenant', 'x'], /export needs --tenant SLUG and --contact ID/],
    [['privacy', 'disclosures', '--contact', ID], /disclosures needs --tenant SLUG and --contact ID/],
    [['privacy', 'export', '--tenant', 'x', '--contact', '12'], /--contact must be a contact id/],
    [
      ['privacy', 'export', '--tenant', 'x', '--contact', ID, '--ledger', 'f'],
      /--ledger is for replay-shreds/,
    ],
    [['privacy', 'replay-shreds', '--contact', ID], /replay-shreds takes no --contact or --reason/],
    [['privacy', 'replay-shreds', '--ledger', join(dir, 'missing.jsonl')], /--ledger: no such file/],
    [['privacy', 'ledger', '--since', '1'], /.*--since/],
  ])('%j is a usage error', async (args, message) => {
    expect(await runCli(args, env)).toMatchObject(usageError(message));
  });

  it('rejects a malformed ledger file by line', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"tenantId":"t","keyId":"not-a-key","erasedAt":"2026-01-01T00:00:00.000Z"}\n');
    expect(await runCli(['privacy', 'replay-shreds', '--ledger', file], env)).toMatchObject(
      usageError(/--ledger: shred ledger line 1 is not an entry/),
    );
  });
});

describe('custos privacy: erase, export, ledger, replay', () => {
  it('exports, erases, lists the ledger and replays it idempotently', async () => {
    expect(
      await runCli(
        ['tenant', 'create', '--slug', 'drill-clinic', '--name', 'Drill clinic', '--vertical', 'medical'],
        env,
      ),
    ).toMatchObject({ code: 0 });
    const contact = await withRuntime(async (runtime) => {
      const tenant = await runtime.tenants.get(
        { kind: 'system', id: 'cli', role: 'platform_operator' },
        'drill-clinic',
      );
      return runtime.contacts.create(
        {
          actor: { kind: 'staff', id: 'u-clerk-1', role: 'clerk' },
          tenantId: tenant.id,
          purpose: 'PATADMIN',
        },
        { kind: 'patient', displayName: '测试患者九', mobilePhone: '13800139009' },
      );
    });
    const subject = ['--tenant', 'drill-clinic', '--contact', contact.id];

    const exported = await runCli(['privacy', 'export', ...subject], env);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.stdout) as { status: string; contact: Contact };
    expect(data).toMatchObject({ format: 'custos-subject-access/1', status: 'found' });
    expect(data.contact).toMatchObject({
      id: contact.id,
      displayName: '测试患者九',
      mobilePhone: '13800139009',
    });

    const erased = await runCli(['privacy', 'erase', ...subject, '--reason', 'subject request #1'], env);
    expect(erased).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^erased\tdrill-clinic\t.*1 keys destroyed\ndestroyed key\t[0-9a-f]{32}\n$/,
      ),
    });
    const keyId = erased.stdout.split('\t').at(-1)!.trim();
    expect(await runCli(['privacy', 'erase', ...subject, '--reason', 'again'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^already erased\t/),
    });

    // The accounting of disclosures: every event naming the person, from the log, even after erasure.
    const account = await runCli(['privacy', 'disclosures', ...subject], env);
    expect(account.code).toBe(0);
    const { format, entries } = JSON.parse(account.stdout) as {
      format: string;
      entries: { action: string; actor: { id: string }; purpose: string }[];
    };
    expect(format).toBe('custos-disclosures/1');
    const seen = entries
      .filter((e) => e.action !== 'key-operation')
      .map((e) => [e.action, e.actor.id, e.purpose]);
    expect(seen).toEqual([
      ['create', 'u-clerk-1', 'PATADMIN'],
      ['export', 'cli', 'PATRQT'],
      ['erase', 'cli', 'PATRQT'],
    ]);
    expect(account.stdout).not.toMatch(/测试患者|13800139009/);

    const after = await runCli(['privacy', 'export', ...subject], env);
    expect(JSON.parse(after.stdout)).toMatchObject({ status: 'erased', contactId: contact.id });
    expect(after.stdout).not.toContain('13800139009');

    const ledger = await runCli(['privacy', 'ledger', '--tenant', 'drill-clinic'], env);
    expect(ledger).toMatchObject({ code: 0, stdout: expect.stringContaining(`"keyId":"${keyId}"`) });
    const file = join(dir, 'ledger.jsonl');
    writeFileSync(file, ledger.stdout);
    expect(await runCli(['privacy', 'replay-shreds', '--ledger', file], env)).toMatchObject({
      code: 0,
      stdout:
        'replayed\t1 listed\t0 destroyed\t1 already destroyed\t0 not in this database\t0 contacts erased\n',
    });
    expect(await runCli(['privacy', 'replay-shreds', '--tenant', 'drill-clinic'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^replayed\t1 listed\t0 destroyed/),
    });
    expect(
      await runCli(['privacy', 'export', '--tenant', 'drill-clinic', '--contact', ID], env),
    ).toMatchObject({
      code: 1,
      stderr: 'custos: No such contact.\n',
    });
    const actions = await withRuntime(async (runtime) => {
      await runtime.audit.sequenceNow();
      const tenant = await runtime.tenants.get(
        { kind: 'system', id: 'cli', role: 'platform_operator' },
        'drill-clinic',
      );
      expect(await runtime.audit.verify(tenant.id, { strict: true })).toMatchObject({ ok: true });
      const rows = await runtime.database.db
        .selectFrom('audit_events')
        .select('action')
        .where('tenant_id', '=', tenant.id)
        .where('action', '<>', 'key-operation') // key creations and unwraps are audited too
        .orderBy('seq')
        .execute();
      return rows.map((r) => r.action);
    });
    // The second export is the accounting of disclosures, itself recorded.
    expect(actions).toEqual(['create', 'export', 'erase', 'export', 'export']);
    expect(await runCli(['audit', 'verify', '--tenant', 'drill-clinic'], env)).toMatchObject({ code: 0 });
    // Eleven CLI processes, each opening the database: on a busy 2-core machine over the default limit.
  }, 120_000);
});

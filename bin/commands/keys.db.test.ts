import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/index.ts';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';
import { silentLogger } from '../../testing/test-db.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-keys-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: dir,
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 9).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'k'.repeat(40),
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

const usageError = (pattern: RegExp) => ({
  code: 2,
  stdout: '',
  stderr: expect.stringMatching(new RegExp(`^custos: ${pattern.source}.*\\n$`)),
});

describe('custos keys: arguments', () => {
  it('prints help', async () => {
    expect(await runCli(['keys'], env)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: /) });
    expect(await runCli(['keys', 'rotate', '--help'], env)).toMatchObject({ code: 0 });
  });

  it.each([
    [['keys', 'spin'], /unknown keys command "spin" \(expected status, rotate\)/],
    [['keys', 'rotate'], /rotate needs --tenant SLUG/],
    [
      ['keys', 'rotate', '--tenant', 'x', '--scope', 'everything'],
      /--scope must be one of tenant, subjects, all/,
    ],
    [
      ['keys', 'rotate', '--tenant', 'x', '--grace-seconds', 'soon'],
      /--grace-seconds must be a whole number/,
    ],
    [['keys', 'status', '--scope', 'all'], /status takes only --tenant/],
    [['keys', 'status', '--colour'], /.*--colour/],
  ])('%j is a usage error', async (args, message) => {
    expect(await runCli(args, env)).toMatchObject(usageError(message));
  });

  it('names an unknown tenant in one line and exits non-zero', async () => {
    const result = await runCli(['keys', 'rotate', '--tenant', 'nowhere', '--grace-seconds', '0'], env);
    expect(result).toMatchObject({ code: 1, stderr: 'custos: No tenant "nowhere".\n' });
  });
});

describe('custos keys: status and rotate', () => {
  it('rotates a tenant while its contacts stay readable, and reports versions, rows and the job', async () => {
    expect(
      await runCli(
        ['tenant', 'create', '--slug', 'keys-clinic', '--name', 'Keys clinic', '--vertical', 'medical'],
        env,
      ),
    ).toMatchObject({ code: 0 });
    const access = await withRuntime(async (runtime) => {
      const tenant = await runtime.tenants.get(
        { kind: 'system', id: 'cli', role: 'platform_operator' },
        'keys-clinic',
      );
      const access = {
        actor: { kind: 'staff', id: 'u-clerk-2', role: 'clerk' },
        tenantId: tenant.id,
        purpose: 'PATADMIN',
      } as const;
      const ids = [];
      for (const n of [1, 2, 3])
        ids.push(
          (await runtime.contacts.create(access, { kind: 'patient', displayName: `测试患者${n}` })).id,
        );
      return { ...access, ids };
    });

    const before = await runCli(['keys', 'status', '--tenant', 'keys-clinic'], env);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/subject keys active\t3 keys\trows 3/);
    expect(before.stdout).toMatch(/no rotation yet/);

    const rotated = await runCli(
      ['keys', 'rotate', '--tenant', 'keys-clinic', '--scope', 'all', '--grace-seconds', '0'],
      env,
    );
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    expect(rotated.stdout).toMatch(/^started\tjob /);
    expect(rotated.stdout).toMatch(
      /\nfinished\tjob [^\n]*phase finished\t[^\n]*rows 3\/3\tkeys rotated 4\tkeys destroyed 4/,
    );

    const after = await runCli(['keys', 'status'], env);
    expect(after.stdout).toMatch(
      /subject keys active\t3 keys\trows 3\n {2}subject keys retired\t0 keys\trows 0\n {2}subject keys destroyed\t3 keys/,
    );
    expect(after.stdout).toMatch(/tenant key [0-9a-f]{32}\tdestroyed/);
    expect(after.stdout).toMatch(/phase finished/);

    await withRuntime(async (runtime) => {
      for (const [i, id] of access.ids.entries())
        expect(await runtime.contacts.get(access, id)).toMatchObject({
          status: 'found',
          contact: { displayName: `测试患者${i + 1}` },
        });
      // The rotation's key operations are in the audit log with the operator as actor.
      const { rows } = await runtime.database.db
        .selectFrom('audit_pending')
        .select('body')
        .where('tenant_id', '=', access.tenantId)
        .execute()
        .then((r) => ({ rows: r.map((x) => JSON.parse(x.body.toString('utf8'))) }));
      const destroys = rows.filter((e) => e.resource?.type === 'crypto-key-destroy');
      expect(destroys).toHaveLength(4); // three subject keys and the old tenant key
      expect(destroys[0]).toMatchObject({ action: 'key-operation', actor: { id: 'cli', kind: 'system' } });
    });
  });
});

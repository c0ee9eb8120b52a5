import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, provideCliDatabase, runCli, spawnCli } from '../testing/cli.ts';
import { testDialect } from '../testing/test-db.ts';

const secrets = {
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 1).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 't'.repeat(40),
};

function expectOneLineError(result: { code: number; stderr: string }, code: number, pattern: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(/^custos: .+\n$/);
  expect(result.stderr).toMatch(pattern);
}

describe('custos CLI: arguments and configuration', () => {
  const env = { CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-cli-')), ...secrets };

  it('prints an overview with --help and exits 0', async () => {
    const result = await runCli(['--help'], env);
    expect(result.code).toBe(0);
    for (const name of ['serve', 'demo', 'migrate', 'tenant'])
      expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('prints each command help with --help', async () => {
    for (const command of ['serve', 'demo', 'migrate', 'tenant']) {
      const result = await runCli([command, '--help'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: custos ${command}`);
    }
  });

  it('exits 2 with the overview when given no command', async () => {
    expect((await runCli([], env)).code).toBe(2);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['migrate', 'extra'], /Unexpected argument 'extra'/],
    [['tenant', 'rename'], /unknown tenant command "rename"/],
    [['tenant', 'create', '--slug', 'ok-slug'], /--name: .*; --vertical: /],
    [['tenant', 'create', '--slug', 'Bad Slug', '--name', 'N', '--vertical', 'medical'], /--slug: lowercase/],
    [
      ['tenant', 'create', '--slug', 's', '--name', 'N', '--vertical', 'medical', '--time-zone', 'Nowhere'],
      /--time-zone: an IANA/,
    ],
    [
      [
        'tenant',
        'create',
        '--slug',
        's',
        '--name',
        'N',
        '--vertical',
        'medical',
        '--display-name',
        'english',
      ],
      /LOCALE=NAME/,
    ],
  ])('rejects %j with one line and exit 2', async (args, pattern) => {
    expectOneLineError(await runCli(args, env), 2, pattern);
  });

  it('exits 2 naming a bad configuration variable', async () => {
    expectOneLineError(
      await runCli(['migrate'], { ...env, CUSTOS_PORT: 'abc' }),
      2,
      /CUSTOS_PORT expected an integer/,
    );
  });

  it('refuses to serve in production mode without secrets', async () => {
    const result = await runCli(['serve'], {
      CUSTOS_DATA_DIR: env.CUSTOS_DATA_DIR,
      CUSTOS_ENV: 'production',
    });
    expectOneLineError(
      result,
      2,
      /CUSTOS_ROOT_KEY is required when CUSTOS_ENV=production.*CUSTOS_OPERATOR_TOKEN/,
    );
  });

  it('works as an executable in a child process', async () => {
    const result = await collect(spawnCli(['--version'], {}));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const bad = await collect(spawnCli(['nope'], {}));
    expectOneLineError(bad, 2, /unknown command "nope"/);
  });
});

describe(`custos CLI on ${testDialect()}: migrate and tenants`, () => {
  const env: Record<string, string> = {
    CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-cli-')),
    ...secrets,
  };
  let dropDatabase = async () => {};
  beforeAll(async () => {
    dropDatabase = await provideCliDatabase(env);
  });
  afterAll(() => dropDatabase());

  it('reports pending migrations, applies them, then reports none', async () => {
    const before = await runCli(['migrate', '--status'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/^pending {2}2026_11_23_0001_core_create_tenants$/m);
    const applied = await runCli(['migrate'], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^applied {2}2026_11_23_0001_core_create_tenants$/m);
    expect(await runCli(['migrate', '--status'], env)).toMatchObject({ code: 0, stdout: 'up to date\n' });
  });

  it('creates and lists tenants; a duplicate fails with one line and exit 1', async () => {
    const args = ['tenant', 'create', '--slug', 'cli-clinic', '--name', '示例诊所', '--vertical', 'medical'];
    const created = await runCli(
      [...args, '--display-name', 'en=Demo Clinic', '--time-zone', 'America/New_York'],
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(
      'created\tcli-clinic\t示例诊所 / Demo Clinic\tmedical\tzh-CN\tAmerica/New_York\n',
    );
    expectOneLineError(await runCli(args, env), 1, /already exists/);
    expectOneLineError(
      await runCli(['tenant', 'create', '--slug', 'law', '--name', 'Law', '--vertical', 'legal'], env),
      1,
      /Unknown vertical "legal"/,
    );
    const listed = await runCli(['tenant', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ slug: 'cli-clinic', timeZone: 'America/New_York' }),
    ]);
  });
});

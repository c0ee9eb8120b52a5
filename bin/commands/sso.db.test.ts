import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const env: Record<string, string> = {
  CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-sso-cli-')),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 6).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 's'.repeat(40),
  CUSTOS_PUBLIC_URL: 'https://custos.example.test',
};
const SECRET = 'synthetic-cli-client-secret';
let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
  const created = await runCli(
    ['tenant', 'create', '--slug', 'sso-cli', '--name', 'Synthetic school', '--vertical', 'education'],
    env,
  );
  expect(created.code).toBe(0);
});
afterAll(() => dropDatabase());

const add = (...extra: string[]) =>
  runCli(
    [
      'sso',
      'add',
      '--tenant',
      'sso-cli',
      '--issuer',
      'https://idp.example.test/realms/school',
      '--client-id',
      'custos',
      '--client-secret-stdin',
      ...extra,
    ],
    env,
    `${SECRET}\n`,
  );

describe('custos sso', () => {
  it('prints help and refuses missing arguments with one line', async () => {
    expect(await runCli(['sso', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos sso add/),
    });
    expect(await runCli(['sso', 'list'], env)).toMatchObject({
      code: 2,
      stderr: 'custos: --tenant is required\n',
    });
    const noSecret = await runCli(
      ['sso', 'add', '--tenant', 'sso-cli', '--id', 'x', '--issuer', 'https://a.test', '--client-id', 'c'],
      env,
    );
    expect(noSecret.code).toBe(2);
    expect((await add('--id', 'bad-map', '--map', 'noequals')).code).toBe(2);
  });

  it('adds a provider with its secret from stdin, lists it and disables it', async () => {
    const created = await add(
      '--id',
      'campus',
      '--scope',
      'profile',
      '--scope',
      'groups',
      '--roles-claim',
      'groups',
      '--map',
      'admissions=admissions_officer',
      '--provision',
      '--json',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout);
    expect(out).toMatchObject({
      id: 'campus',
      firstSignIn: 'provision',
      enabled: true,
      redirectUri: 'https://custos.example.test/api/v1/tenants/sso-cli/auth/sso/campus/callback',
    });
    expect(created.stdout).not.toContain(SECRET);

    const listed = await runCli(['sso', 'list', '--tenant', 'sso-cli'], env);
    expect(listed.stdout).toBe(
      'campus\tenabled\thttps://idp.example.test/realms/school\tprovision\tadmissions=admissions_officer\n',
    );
    expect(await runCli(['sso', 'disable', '--tenant', 'sso-cli', '--id', 'campus'], env)).toMatchObject({
      code: 0,
    });
    const after = await runCli(['sso', 'list', '--tenant', 'sso-cli', '--json'], env);
    expect(JSON.parse(after.stdout)).toMatchObject([{ id: 'campus', enabled: false }]);
    expect(after.stdout).not.toContain(SECRET);
  });

  it('refuses privileged roles unless allowed, plain http issuers and a taken id', async () => {
    const privileged = await add('--id', 'admins', '--roles-claim', 'groups', '--map', 'it=tenant_admin');
    expect(privileged).toMatchObject({ code: 1, stderr: expect.stringMatching(/^custos: /) });
    expect(
      (
        await add(
          '--id',
          'admins',
          '--roles-claim',
          'groups',
          '--map',
          'it=tenant_admin',
          '--allow-privileged-roles',
        )
      ).code,
    ).toBe(0);
    const http = await runCli(
      [
        'sso',
        'add',
        '--tenant',
        'sso-cli',
        '--id',
        'plain',
        '--issuer',
        'http://idp.example.test',
        '--client-id',
        'c',
        '--client-secret-stdin',
      ],
      env,
      'x\n',
    );
    expect(http.code).toBe(1);
    expect((await add('--id', 'admins')).code).toBe(1);
    expect((await runCli(['sso', 'disable', '--tenant', 'sso-cli', '--id', 'nowhere'], env)).code).toBe(1);
  });
});

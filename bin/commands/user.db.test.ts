import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const env: Record<string, string> = {
  CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-user-cli-')),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 5).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'u'.repeat(40),
};
let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
  const created = await runCli(
    ['tenant', 'create', '--slug', 'cli-clinic', '--name', 'Synthetic clinic', '--vertical', 'medical'],
    env,
  );
  expect(created.code).toBe(0);
});
afterAll(() => dropDatabase());

describe('custos user', () => {
  it('prints help and refuses missing or conflicting arguments with one line', async () => {
    expect(await runCli(['user', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos user create/),
    });
    const noPassword = await runCli(
      ['user', 'create', '--tenant', 'cli-clinic', '--login', 'x1', '--role', 'agent'],
      env,
    );
    expect(noPassword).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^custos: a password is required/),
    });
    const both = await runCli(
      [
        'user',
        'create',
        '--tenant',
        'cli-clinic',
        '--login',
        'x1',
        '--role',
        'agent',
        '--password',
        'p',
        '--password-stdin',
      ],
      env,
    );
    expect(both.code).toBe(2);
  });

  it('creates the first tenant admin from a password on stdin and prints its TOTP enrolment', async () => {
    const result = await runCli(
      [
        'user',
        'create',
        '--tenant',
        'cli-clinic',
        '--login',
        'Admin',
        '--role',
        'tenant_admin',
        '--password-stdin',
        '--json',
      ],
      env,
      'a long enough passphrase\n',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ loginName: 'admin', roles: ['tenant_admin'] });
    expect(out.totpUri).toMatch(/^otpauth:\/\/totp\/Custos:admin%40cli-clinic\?secret=[A-Z2-7]+/);
    expect(result.stdout).not.toContain('a long enough passphrase');
  });

  it('gives the account the queues of every --queue, sorted and distinct, and refuses a bad queue id', async () => {
    const create = (login: string, ...queues: string[]) =>
      runCli(
        [
          'user',
          'create',
          '--tenant',
          'cli-clinic',
          '--login',
          login,
          '--role',
          'agent',
          ...queues.flatMap((queue) => ['--queue', queue]),
          '--password',
          'twelve chars ok',
          '--json',
        ],
        env,
      );
    const created = await create('desk1', 'front-desk', 'billing', 'front-desk');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(created.stdout)).toMatchObject({
      loginName: 'desk1',
      queueIds: ['billing', 'front-desk'],
    });
    expect(JSON.parse((await create('desk2')).stdout)).toMatchObject({ queueIds: [] });
    expect(await create('desk3', 'Front Desk')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^custos: --queue "Front Desk" is not a queue id/),
    });
  });

  it('refuses a taken login name, an unknown role and a short password', async () => {
    const args = (login: string, role: string, password: string) =>
      runCli(
        [
          'user',
          'create',
          '--tenant',
          'cli-clinic',
          '--login',
          login,
          '--role',
          role,
          '--password',
          password,
        ],
        env,
      );
    expect(await args('agent1', 'agent', 'twelve chars ok')).toMatchObject({ code: 0 });
    expect(await args('agent1', 'agent', 'twelve chars ok')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/taken/),
    });
    expect((await args('agent2', 'platform_operator', 'twelve chars ok')).code).toBe(1);
    expect((await args('agent3', 'agent', 'short')).code).toBe(1);
  });
});

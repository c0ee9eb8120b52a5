import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-booking-settings-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: join(dir, 'data'),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 9).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'c'.repeat(40),
};

function json(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const settings = (...args: string[]) => runCli(['booking', 'settings', ...args], env);

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

describe('custos booking settings', () => {
  it('prints help and refuses bad arguments with exit code 2', async () => {
    expect(await settings('--help')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos booking settings get/),
    });
    expect((await runCli(['booking', '--help'], env)).stdout).toContain('custos booking settings set');
    expect(await settings('show')).toMatchObject({ code: 2 });
    expect(await settings('get')).toMatchObject({ code: 2, stderr: 'custos: --tenant is required\n' });
    expect(await settings('set', '--tenant', 'cli-clinic')).toMatchObject({
      code: 2,
      stderr: 'custos: --file is required\n',
    });
  });

  it('sets from a file and gets back what is stored; a bad file changes nothing and names the field', async () => {
    const file = json('settings.json', {
      rules: { maxPerDay: { perDay: 1 }, cancellation: false },
      templates: { reminder: { en: 'See you {when} for {serviceName}.' } },
    });
    const set = await settings('set', '--tenant', 'cli-clinic', '--file', file);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      rules: { maxPerDay: { perDay: 1, perService: true }, cancellation: false },
      templates: { reminder: { en: 'See you {when} for {serviceName}.' } },
    });

    const bad = json('bad.json', { templates: { reminder: { en: 'Dear {patientName}' } } });
    const refused = await settings('set', '--tenant', 'cli-clinic', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('  templates.reminder.en: ');
    expect(refused.stderr).toContain('{patientName}');
    expect((await settings('set', '--tenant', 'cli-clinic', '--file', json('x.json', '{'))).code).toBe(1);
    expect((await settings('get', '--tenant', 'no-such-clinic')).code).toBe(1);

    const got = await settings('get', '--tenant', 'cli-clinic');
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual(JSON.parse(set.stdout));
  });
});

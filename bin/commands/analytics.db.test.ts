import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-analytics-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: join(dir, 'data'),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'a'.repeat(40),
};

const analytics = (...args: string[]) => runCli(['analytics', ...args], env);
// Every count zero; the last column, top intents, empty.
const ZERO_ROW = ',0,0,,0,0,0,0,0,0,0,,,0,,,0,0,0,,,0,0,0,0,0,0,';

let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
  const created = await runCli(
    ['tenant', 'create', '--slug', 'cli-metrics', '--name', 'Synthetic clinic', '--vertical', 'medical'],
    env,
  );
  expect(created.code).toBe(0);
});
afterAll(() => dropDatabase());

describe('custos analytics daily', () => {
  it('prints CSV (the default) and JSON, one entry per day', async () => {
    const csv = await analytics(
      'daily',
      '--tenant',
      'cli-metrics',
      '--from',
      '2026-11-23',
      '--to',
      '2026-11-24',
    );
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^date,conversations_started,bot_contained,containment_rate,handoffs,/);
    expect(lines.slice(1)).toEqual([`2026-11-23${ZERO_ROW}`, `2026-11-24${ZERO_ROW}`, '']);

    const json = await analytics(
      'daily',
      '--tenant',
      'cli-metrics',
      '--from',
      '2026-11-24',
      '--to',
      '2026-11-24',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { days: { date: string; conversationsStarted: number }[] };
    expect(report.days).toEqual([expect.objectContaining({ date: '2026-11-24', conversationsStarted: 0 })]);
  });

  it('refuses bad input with one line and a non-zero exit code', async () => {
    expect(await analytics('--help')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos analytics daily/),
    });
    expect(await analytics('weekly')).toMatchObject({ code: 2 });
    expect(await analytics('daily', '--from', '2026-11-24', '--to', '2026-11-24')).toMatchObject({
      code: 2,
      stderr: 'custos: --tenant is required\n',
    });
    expect(
      await analytics('daily', '--tenant', 'cli-metrics', '--from', '24/11/2026', '--to', '2026-11-24'),
    ).toMatchObject({
      code: 2,
      stderr: 'custos: --from must be a date YYYY-MM-DD\n',
    });
    const format = ['--from', '2026-11-24', '--to', '2026-11-24', '--format', 'xml'];
    expect(await analytics('daily', '--tenant', 'cli-metrics', ...format)).toMatchObject({ code: 2 });
    for (const bad of [
      ['--tenant', 'cli-metrics', '--from', '2026-11-25', '--to', '2026-11-24'],
      ['--tenant', 'cli-metrics', '--from', '2026-02-30', '--to', '2026-03-01'],
      ['--tenant', 'no-such-tenant', '--from', '2026-11-24', '--to', '2026-11-24'],
    ]) {
      const result = await analytics('daily', ...bad);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

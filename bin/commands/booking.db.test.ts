import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-booking-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: join(dir, 'data'),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'b'.repeat(40),
};
const HEADER = 'service,resource,weekdays,start,end,slot_minutes,capacity,valid_from,valid_to,time_zone';

function csv(name: string, ...lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const good = csv(
  'good.csv',
  HEADER,
  'cardiology,dr-wang,Mon-Fri,08:00,12:00,30,1,,,Asia/Shanghai',
  'campus-tour,,Sat,09:00,11:00,60,20,,,Asia/Shanghai',
);

const importing = (...args: string[]) =>
  runCli(['booking', 'import', '--tenant', 'csv-clinic', ...args], env);

let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
  const created = await runCli(
    ['tenant', 'create', '--slug', 'csv-clinic', '--name', 'Synthetic clinic', '--vertical', 'medical'],
    env,
  );
  expect(created.code).toBe(0);
});
afterAll(() => dropDatabase());

interface Summary {
  services: string[];
  resources: string[];
  schedules: { service: string; resource: string | null; created: boolean }[];
  slots: { created: number; existing: number } | null;
}

describe('custos booking import', () => {
  it('prints help and refuses bad arguments with one line and exit code 2', async () => {
    expect(await runCli(['booking', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos booking import/),
    });
    expect(await runCli(['booking', 'export'], env)).toMatchObject({ code: 2 });
    expect(await runCli(['booking', 'import', good], env)).toMatchObject({
      code: 2,
      stderr: 'custos: --tenant is required\n',
    });
    expect(await importing()).toMatchObject({ code: 2, stderr: 'custos: expected one CSV file\n' });
    for (const weeks of ['0', '53', 'two']) {
      const result = await importing(good, '--generate-weeks', weeks);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^custos: --generate-weeks expects a whole number from 1 to 52/);
    }
  });

  it('creates services, resources and schedules, generates slots, and keeps them on a second import', async () => {
    const first = await importing(good, '--generate-weeks', '2', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as Summary;
    expect(summary.services.sort()).toEqual(['campus-tour', 'cardiology']);
    expect(summary.resources).toEqual(['dr-wang']);
    expect(summary.schedules.map((s) => [s.service, s.resource, s.created])).toEqual([
      ['cardiology', 'dr-wang', true],
      ['campus-tour', null, true],
    ]);
    // Any 14 days hold each weekday twice: 10 weekdays × 8 morning slots, 2 Saturdays × 2 tours.
    expect(summary.slots).toMatchObject({ created: 84, existing: 0 });

    const again = await importing(good, '--generate-weeks', '2');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^schedule\tkept\t[0-9a-f-]{36}\tcardiology\/dr-wang$/m);
    expect(again.stdout).toMatch(/^slots\t0 created, 84 kept\t/m);
    expect(again.stdout).not.toMatch(/^service\tcreated/m);
  });

  it('names the CSV line of a bad row and exits 1, creating nothing', async () => {
    const bad = csv(
      'bad.csv',
      HEADER,
      'dermatology,dr-zhao,Mon-Fri,08:00,12:00,30,1,,,Asia/Shanghai',
      'dermatology,dr-zhao,Mon-Fri,25:00,12:00,30,1,,,Asia/Shanghai',
    );
    const result = await importing(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`custos: ${bad} line 3: start 25:00 is not a time HH:MM\n`);
    const zone = csv('zone.csv', HEADER, 'dermatology,,1-5,08:00,12:00,30,1,,,Mars/Olympus');
    expect((await importing(zone)).stderr).toMatch(/^custos: .*zone\.csv line 2: /);
    const listed = await importing(good, '--json');
    expect((JSON.parse(listed.stdout) as Summary).services).toEqual([]);
  });

  it('refuses an unknown tenant, an unreadable file and a resource of another service', async () => {
    const unknown = await runCli(['booking', 'import', '--tenant', 'no-such-clinic', good], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'custos: no tenant "no-such-clinic"\n' });
    const missing = await importing(join(dir, 'missing.csv'));
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot read .*missing\.csv \(ENOENT\)\n$/),
    });
    const directory = await importing(dir);
    expect(directory.code).toBe(1);
    expect(directory.stderr).toMatch(/^custos: cannot read /);
    const stolen = csv('stolen.csv', HEADER, 'neurology,dr-wang,Mon,08:00,09:00,30,1,,,Asia/Shanghai');
    const result = await importing(stolen);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'custos: resource dr-wang belongs to another service than neurology\n',
    });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const env: Record<string, string> = {
  CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-signing-key-cli-')),
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 's'.repeat(40),
};
let dropDatabase = async () => {};
beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
});
afterAll(() => dropDatabase());

interface Listed {
  readonly kid: string;
  readonly state: string;
}

const list = async (): Promise<Listed[]> => {
  const result = await runCli(['signing-key', 'list', '--json'], env);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Listed[];
};

describe('custos signing-key', () => {
  it('prints help and refuses an unknown sub-command', async () => {
    expect(await runCli(['signing-key', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos signing-key rotate/),
    });
    expect((await runCli(['signing-key', 'destroy'], env)).code).toBe(2);
  });

  it('rotates: the new key is active, the previous one retiring', async () => {
    const first = await runCli(['signing-key', 'rotate'], env);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^active\t\S+\tEdDSA\n$/) });
    const firstKid = first.stdout.split('\t')[1];
    const second = await runCli(['signing-key', 'rotate', '--json'], env);
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as { activated: Listed; retiring: { kid: string }[] };
    expect(result.retiring.map((k) => k.kid)).toEqual([firstKid]);
    const states = Object.fromEntries((await list()).map((k) => [k.kid, k.state]));
    expect(states).toEqual({ [result.activated.kid]: 'active', [firstKid as string]: 'retiring' });
  });

  it('retires every older key at once on request', async () => {
    const result = await runCli(['signing-key', 'rotate', '--retire-previous-now'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^retired\t/m);
    const states = (await list()).map((k) => k.state).sort();
    expect(states).toEqual(['active', 'retired', 'retired']);
    const text = await runCli(['signing-key', 'list'], env);
    expect(text.stdout.split('\n').filter(Boolean)).toHaveLength(3);
  });
});

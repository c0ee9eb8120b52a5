import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideCliDatabase, runCli } from '../../testing/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'custos-client-cli-'));
const env: Record<string, string> = {
  CUSTOS_DATA_DIR: dir,
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 9).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'c'.repeat(40),
  CUSTOS_PUBLIC_URL: 'https://custos.example.test',
};
const publicFile = join(dir, 'client.pub.jwk');
const privateFile = join(dir, 'client.private.jwk');
let dropDatabase = async () => {};

beforeAll(async () => {
  dropDatabase = await provideCliDatabase(env);
  const pair = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(publicFile, JSON.stringify(await exportJWK(pair.publicKey)));
  writeFileSync(privateFile, JSON.stringify(await exportJWK(pair.privateKey)));
  const created = await runCli(
    ['tenant', 'create', '--slug', 'cli-school', '--name', 'Synthetic school', '--vertical', 'education'],
    env,
  );
  expect(created.code).toBe(0);
});
afterAll(() => dropDatabase());

const create = (...extra: string[]) =>
  runCli(['client', 'create', '--tenant', 'cli-school', '--name', 'SIS roster sync', ...extra], env);

describe('custos client', () => {
  it('prints help and names a missing argument', async () => {
    expect(await runCli(['client', '--help'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: custos client create/),
    });
    expect(await create('--jwk', publicFile)).toMatchObject({
      code: 2,
      stderr: 'custos: --scope is required\n',
    });
    expect(await runCli(['client', 'list'], env)).toMatchObject({
      code: 2,
      stderr: 'custos: --tenant is required\n',
    });
  });

  it('registers a client with its public key and prints its id and token endpoint', async () => {
    const result = await create(
      '--jwk',
      publicFile,
      '--scope',
      'roster:read',
      '--scope',
      'appointments:read',
      '--json',
    );
    expect(result.code).toBe(0);
    const client = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(client).toMatchObject({
      displayName: 'SIS roster sync',
      scopes: ['appointments:read', 'roster:read'],
      disabled: false,
      tokenEndpoint: 'https://custos.example.test/api/v1/tenants/cli-school/oauth/token',
    });
    const listed = await runCli(['client', 'list', '--tenant', 'cli-school'], env);
    expect(listed.stdout).toContain(
      `${client.clientId}\tSIS roster sync\tappointments:read roster:read\tenabled`,
    );

    const disabled = await runCli(
      ['client', 'disable', '--tenant', 'cli-school', '--client', client.clientId as string],
      env,
    );
    expect(disabled).toMatchObject({ code: 0, stdout: `disabled\t${client.clientId}\n` });
    expect((await runCli(['client', 'list', '--tenant', 'cli-school'], env)).stdout).toContain(
      '\tdisabled\t',
    );
  });

  it('refuses a private key, a malformed scope and an unknown client', async () => {
    expect(await create('--jwk', privateFile, '--scope', 'roster:read')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/private member "d"/),
    });
    expect(await create('--jwk', publicFile, '--scope', 'Everything')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/area:verb/),
    });
    expect(await create('--jwk', join(dir, 'missing.jwk'), '--scope', 'roster:read')).toMatchObject({
      code: 2,
    });
    const unknown = await runCli(
      ['client', 'disable', '--tenant', 'cli-school', '--client', '00000000-0000-4000-8000-000000000000'],
      env,
    );
    expect(unknown.code).toBe(1);
  });
});

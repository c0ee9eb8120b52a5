import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'custos-config-'));
const secrets = {
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'o'.repeat(40),
};

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig({ CUSTOS_DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has safe defaults for everything but secrets', () => {
    const config = loadConfig({ ...secrets, CUSTOS_DATA_DIR: '/srv/custos' });
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/custos',
      databaseUrl: undefined,
      logLevel: 'info',
      corsOrigins: [],
      bodyLimitBytes: 1024 * 1024,
      publicUrl: 'http://127.0.0.1:8080',
      generatedSecrets: [],
    });
    expect(config.secrets.rootKey).toHaveLength(32);
  });

  it('resolves the default data directory against the working directory', () => {
    expect(loadConfig(secrets, '/opt/app').dataDir).toBe('/opt/app/.custos');
  });

  it('ignores unrelated and empty variables', () => {
    expect(loadConfig({ ...secrets, PORT: 'abc', CUSTOS_PORT: '', CUSTOS_DATA_DIR: dataDir() }).port).toBe(
      8080,
    );
  });

  it.each([
    ['CUSTOS_PORT', 'eighty', /integer between 0 and 65535.*"eighty"/],
    ['CUSTOS_PORT', '70000', /at most 65535/],
    ['CUSTOS_ENV', 'staging', /development.*production/],
    ['CUSTOS_DATABASE_URL', 'mysql://root@db/custos', /postgres:\/\//],
    ['CUSTOS_LOG_LEVEL', 'verbose', /info/],
    ['CUSTOS_CORS_ORIGINS', 'https://ok.example.org, not a url', /origins like/],
    ['CUSTOS_BODY_LIMIT', '10', /at least 1024/],
    ['CUSTOS_TRUST_PROXY', 'maybe', /true or false/],
    ['CUSTOS_PUBLIC_URL', 'ftp://files.example.org', /http\(s\) URL/],
  ])('names %s when it is %j', (variable, value, message) => {
    const problems = problemsOf({ ...secrets, [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(variable);
    expect(problems[0]?.message).toMatch(message);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ ...secrets, CUSTOS_PORT: 'x', CUSTOS_LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['CUSTOS_LOG_LEVEL', 'CUSTOS_PORT']);
  });

  it('never echoes a secret value', () => {
    const token = 'short-but-secret';
    const url = 'db-secret-host:5432';
    for (const env of [{ CUSTOS_OPERATOR_TOKEN: token }, { CUSTOS_DATABASE_URL: url }]) {
      try {
        loadConfig({ ...secrets, CUSTOS_DATA_DIR: dataDir(), ...env });
        throw new Error('expected a ConfigError');
      } catch (error) {
        expect((error as Error).message).not.toContain(Object.values(env)[0]);
        expect((error as Error).message).toMatch(/CUSTOS_(OPERATOR_TOKEN|DATABASE_URL)/);
      }
    }
  });

  it('rejects a root key that is not 32 bytes of base64', () => {
    const problems = problemsOf({ ...secrets, CUSTOS_ROOT_KEY: Buffer.alloc(16).toString('base64') });
    expect(problems[0]).toMatchObject({
      variable: 'CUSTOS_ROOT_KEY',
      message: expect.stringMatching(/32 bytes/),
    });
  });

  it('refuses to start in production without every secret, naming each', () => {
    const problems = problemsOf({ CUSTOS_ENV: 'production' });
    expect(problems.map((p) => p.variable)).toEqual(['CUSTOS_ROOT_KEY', 'CUSTOS_OPERATOR_TOKEN']);
    expect(problems[0]?.message).toMatch(/required when CUSTOS_ENV=production/);
    const partial = problemsOf({ CUSTOS_ENV: 'production', CUSTOS_ROOT_KEY: secrets.CUSTOS_ROOT_KEY });
    expect(partial.map((p) => p.variable)).toEqual(['CUSTOS_OPERATOR_TOKEN']);
  });

  it('does not write secrets in production, even when a development file exists', () => {
    const dir = dataDir();
    loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(() => loadConfig({ CUSTOS_DATA_DIR: dir, CUSTOS_ENV: 'production' })).toThrow(ConfigError);
  });

  it('in development, generates missing secrets once into the data directory and reuses them', () => {
    const dir = dataDir();
    const first = loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(first.generatedSecrets).toEqual(['CUSTOS_ROOT_KEY', 'CUSTOS_OPERATOR_TOKEN']);
    const file = join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(second.generatedSecrets).toEqual([]);
    expect(second.secrets.rootKey.equals(first.secrets.rootKey)).toBe(true);
    expect(second.secrets.operatorToken).toBe(first.secrets.operatorToken);
    const fromEnv = loadConfig({ CUSTOS_DATA_DIR: dir, CUSTOS_OPERATOR_TOKEN: 'e'.repeat(32) });
    expect(fromEnv.secrets.operatorToken).toBe('e'.repeat(32));
    expect(JSON.parse(readFileSync(file, 'utf8')).CUSTOS_OPERATOR_TOKEN).toBe(first.secrets.operatorToken);
  });

  it('names the data directory when its secrets file is corrupt', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'secrets.json'), '{not json');
    expect(() => loadConfig({ CUSTOS_DATA_DIR: dir })).toThrow(
      /CUSTOS_DATA_DIR .*secrets\.json is unreadable/,
    );
  });
});

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAuditSigningKey, generateExportSigner } from '../audit/audit-secrets.ts';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'custos-config-'));
const secrets = {
  CUSTOS_ROOT_KEY: Buffer.alloc(32, 7).toString('base64'),
  CUSTOS_OPERATOR_TOKEN: 'o'.repeat(40),
  CUSTOS_AUDIT_SIGNING_KEY: generateAuditSigningKey(),
  CUSTOS_AUDIT_EXPORT_SIGNER: generateExportSigner(),
};
const ALL_SECRETS = [
  'CUSTOS_ROOT_KEY',
  'CUSTOS_OPERATOR_TOKEN',
  'CUSTOS_AUDIT_SIGNING_KEY',
  'CUSTOS_AUDIT_EXPORT_SIGNER',
];

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
    expect(problems.map((p) => p.variable)).toEqual(ALL_SECRETS);
    expect(problems[0]?.message).toMatch(/required when CUSTOS_ENV=production/);
    const partial = problemsOf({ CUSTOS_ENV: 'production', CUSTOS_ROOT_KEY: secrets.CUSTOS_ROOT_KEY });
    expect(partial.map((p) => p.variable)).toEqual(ALL_SECRETS.slice(1));
    expect(() =>
      loadConfig({ ...secrets, CUSTOS_ENV: 'production', CUSTOS_DATA_DIR: dataDir() }),
    ).not.toThrow();
  });

  it('does not write secrets in production, even when a development file exists', () => {
    const dir = dataDir();
    loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(() => loadConfig({ CUSTOS_DATA_DIR: dir, CUSTOS_ENV: 'production' })).toThrow(ConfigError);
  });

  it('in development, generates missing secrets once into the data directory and reuses them', () => {
    const dir = dataDir();
    const first = loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(first.generatedSecrets).toEqual(ALL_SECRETS);
    const file = join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ CUSTOS_DATA_DIR: dir });
    expect(second.generatedSecrets).toEqual([]);
    expect(second.secrets.rootKey.equals(first.secrets.rootKey)).toBe(true);
    expect(second.secrets.operatorToken).toBe(first.secrets.operatorToken);
    expect(second.secrets.auditSigningKey).toBe(first.secrets.auditSigningKey);
    expect(second.secrets.auditExportSigner).toBe(first.secrets.auditExportSigner);
    expect(first.secrets.auditSigningKey).toMatch(/^PRIVATE\+KEY\+localhost\/custos\/audit\+[0-9a-f]{8}\+/);
    const fromEnv = loadConfig({ CUSTOS_DATA_DIR: dir, CUSTOS_OPERATOR_TOKEN: 'e'.repeat(32) });
    expect(fromEnv.secrets.operatorToken).toBe('e'.repeat(32));
    expect(JSON.parse(readFileSync(file, 'utf8')).CUSTOS_OPERATOR_TOKEN).toBe(first.secrets.operatorToken);
  });

  it.each([
    ['CUSTOS_AUDIT_SIGNING_KEY', 'not-a-key', /Ed25519 note signer key/],
    ['CUSTOS_AUDIT_SIGNING_KEY', 'PRIVATE+KEY+log+00000000+AAAA', /Ed25519 note signer key/],
    ['CUSTOS_AUDIT_EXPORT_SIGNER', 'garbage', /X\.509 certificate and its PKCS #8 RSA key/],
    ['CUSTOS_AUDIT_EXPORT_SIGNER', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', /X\.509/],
  ])('rejects a malformed %s without echoing it', (variable, value, message) => {
    const problems = problemsOf({ ...secrets, [variable]: value });
    expect(problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
    expect(problems[0]?.message).not.toContain(value);
  });

  it('rejects an export certificate that belongs to another key', () => {
    const [a, b] = [secrets.CUSTOS_AUDIT_EXPORT_SIGNER, generateExportSigner()];
    const mixed = `${a.slice(0, a.indexOf('-----BEGIN PRIVATE KEY'))}${b.slice(b.indexOf('-----BEGIN PRIVATE KEY'))}`;
    const problems = problemsOf({ ...secrets, CUSTOS_AUDIT_EXPORT_SIGNER: mixed });
    expect(problems[0]?.message).toMatch(/not for this private key/);
    const base64 = Buffer.from(a).toString('base64');
    expect(loadConfig({ ...secrets, CUSTOS_AUDIT_EXPORT_SIGNER: base64 }).secrets.auditExportSigner).toBe(
      base64,
    );
  });

  it('names the data directory when its secrets file is corrupt', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'secrets.json'), '{not json');
    expect(() => loadConfig({ CUSTOS_DATA_DIR: dir })).toThrow(
      /CUSTOS_DATA_DIR .*secrets\.json is unreadable/,
    );
  });
});

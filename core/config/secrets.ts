import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateAuditSigningKey,
  generateExportSigner,
  parseAuditSigningKey,
  parseExportSigner,
} from '../audit/audit-secrets.ts';
import { ConfigError } from './config-error.ts';

export interface Secrets {
  /** The root key-encryption key: 32 bytes. Wraps every tenant key. */
  readonly rootKey: Buffer;
  /** Bearer token for platform-operator endpoints until staff identity exists. */
  readonly operatorToken: string;
  /** Signs every tenant's audit checkpoints: a C2SP signed-note Ed25519 signer key. */
  readonly auditSigningKey: string;
  /** Signs audit exports: PEM of an X.509 certificate and its RSA private key (PKCS #8). */
  readonly auditExportSigner: string;
}

interface SecretSpec {
  readonly variable:
    | 'CUSTOS_ROOT_KEY'
    | 'CUSTOS_OPERATOR_TOKEN'
    | 'CUSTOS_AUDIT_SIGNING_KEY'
    | 'CUSTOS_AUDIT_EXPORT_SIGNER';
  readonly field: keyof Secrets;
  readonly generate: () => string;
  readonly parse: (value: string) => Buffer | string;
}

export const SECRET_SPECS: readonly SecretSpec[] = [
  {
    variable: 'CUSTOS_ROOT_KEY',
    field: 'rootKey',
    generate: () => randomBytes(32).toString('base64'),
    parse: (value) => {
      const key = Buffer.from(value, /[-_]/.test(value) ? 'base64url' : 'base64');
      if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+=*$/.test(value)) {
        throw new Error('expected 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)');
      }
      return key;
    },
  },
  {
    variable: 'CUSTOS_OPERATOR_TOKEN',
    field: 'operatorToken',
    generate: () => randomBytes(32).toString('base64url'),
    parse: (value) => {
      if (value.length < 32) throw new Error('expected at least 32 characters');
      return value;
    },
  },
  {
    variable: 'CUSTOS_AUDIT_SIGNING_KEY',
    field: 'auditSigningKey',
    generate: generateAuditSigningKey,
    parse: parseAuditSigningKey,
  },
  {
    variable: 'CUSTOS_AUDIT_EXPORT_SIGNER',
    field: 'auditExportSigner',
    generate: generateExportSigner,
    parse: parseExportSigner,
  },
];

export const SECRETS_FILE = 'secrets.json';

export interface ResolvedSecrets {
  readonly secrets: Secrets;
  /** Variables that were missing and have just been generated into the data directory. */
  readonly generated: readonly string[];
  /** Variables read from the data directory's secrets file. */
  readonly fromFile: readonly string[];
}

/**
 * Production: every secret must come from the environment. Development: a missing secret is
 * taken from `<dataDir>/secrets.json`, generating it there once (mode 0600) if absent, so that a
 * demo starts with no setup and keeps its keys across restarts.
 */
export function resolveSecrets(
  env: 'development' | 'production',
  provided: Partial<Record<SecretSpec['variable'], string>>,
  dataDir: string,
): ResolvedSecrets {
  const missing = SECRET_SPECS.filter((spec) => !provided[spec.variable]);
  if (env === 'production' && missing.length > 0) {
    throw new ConfigError(
      missing.map((spec) => ({
        variable: spec.variable,
        message: 'is required when CUSTOS_ENV=production (no secret has a default)',
      })),
    );
  }
  const file = join(dataDir, SECRETS_FILE);
  const stored = missing.length > 0 ? readSecretsFile(file) : {};
  const generated: string[] = [];
  const fromFile: string[] = [];
  for (const spec of missing) {
    if (stored[spec.variable]) {
      fromFile.push(spec.variable);
    } else {
      stored[spec.variable] = spec.generate();
      generated.push(spec.variable);
    }
  }
  if (generated.length > 0) writeSecretsFile(dataDir, file, stored);

  const values: Record<string, Buffer | string> = {};
  const problems: { variable: string; message: string }[] = [];
  for (const spec of SECRET_SPECS) {
    const raw = provided[spec.variable] || stored[spec.variable];
    try {
      values[spec.field] = spec.parse(raw ?? '');
    } catch (error) {
      const where = provided[spec.variable] ? '' : ` (in ${file})`;
      problems.push({ variable: spec.variable, message: `${(error as Error).message}${where}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { secrets: values as unknown as Secrets, generated, fromFile };
}

function readSecretsFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
  } catch (error) {
    throw new ConfigError([
      { variable: 'CUSTOS_DATA_DIR', message: `${file} is unreadable: ${(error as Error).message}` },
    ]);
  }
}

function writeSecretsFile(dataDir: string, file: string, values: Record<string, string>): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

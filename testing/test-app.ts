import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Logger } from 'pino';
import { createHttpApp, type Runtime, wireRuntime } from '../bin/runtime.ts';
import {
  type Config,
  type CredentialResolver,
  generateAuditSigningKey,
  generateExportSigner,
  loadConfig,
} from '../core/index.ts';
import { silentLogger, type TestDb } from './test-db.ts';

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly logger?: Logger;
  /** Extra bearer-token resolvers, e.g. one that yields a staff actor of some role. */
  readonly credentials?: readonly CredentialResolver[];
  /** Services to serve instead of the runtime's, built from it (one with a clock the test sets). */
  readonly replace?: (runtime: Runtime) => Partial<Runtime>;
}

// Key generation (an RSA certificate above all) is slow: once per test file is enough.
let auditSecrets: Record<string, string> | undefined;

/** A test configuration: every secret given explicitly, so nothing is written to disk. */
export function testConfig(env: Record<string, string> = {}): Config {
  auditSecrets ??= {
    CUSTOS_AUDIT_SIGNING_KEY: generateAuditSigningKey(),
    CUSTOS_AUDIT_EXPORT_SIGNER: generateExportSigner(),
  };
  return loadConfig({
    CUSTOS_DATA_DIR: tmpdir(),
    CUSTOS_LOG_LEVEL: 'silent',
    CUSTOS_ROOT_KEY: randomBytes(32).toString('base64'),
    CUSTOS_OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
    ...auditSecrets,
    ...env,
  });
}

/** The real application over a test database, for `app.request()` tests. */
export function createTestApp(db: TestDb, options: TestAppOptions = {}) {
  const config = testConfig(options.env);
  const runtime = wireRuntime(config, options.logger ?? silentLogger, db);
  const app = createHttpApp({ ...runtime, ...options.replace?.(runtime) }, options.credentials);
  const operator = { authorization: `Bearer ${config.secrets.operatorToken}` };
  return { app, config, runtime, operator };
}

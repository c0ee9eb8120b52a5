import { resolve } from 'node:path';
import type { LogLevel } from '../logging/logger.ts';
import { configSchema, SECRET_VARIABLES } from './config.schema.ts';
import { ConfigError } from './config-error.ts';
import { resolveSecrets, type Secrets } from './secrets.ts';

export interface Config {
  readonly env: 'development' | 'production';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  /** Absolute path. */
  readonly dataDir: string;
  /** Unset: embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly logLevel: LogLevel;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Requests per minute per client address; 0 turns the limiter off. */
  readonly rateLimitPerMinute: number;
  readonly trustProxy: boolean;
  readonly shutdownTimeoutMs: number;
  /** From an agent's last staff socket closing to their going offline (core/routing/staff-presence.ts). */
  readonly agentDisconnectGraceMs: number;
  /** Where contact verification's one-time codes go; unset: nowhere (the development outbox in development). */
  readonly smsGateway: { readonly url: string; readonly secret: string } | undefined;
  /** How long a contact's verification lasts. */
  readonly contactAssuranceMinutes: number;
  readonly secrets: Secrets;
  /** Secrets generated on this start (development only); the caller warns loudly. */
  readonly generatedSecrets: readonly string[];
}

/**
 * Parses the `CUSTOS_*` environment once. Fails fast with a `ConfigError` that names each bad
 * variable; secret values are never echoed.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('CUSTOS_') && value !== ''),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const value = relevant[variable];
        const shown =
          value === undefined || (SECRET_VARIABLES as readonly string[]).includes(variable)
            ? ''
            : ` (got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
        return { variable, message: `${issue.message}${shown}` };
      }),
    );
  }
  const raw = parsed.data;
  if (raw.CUSTOS_SMS_GATEWAY_URL && !raw.CUSTOS_SMS_GATEWAY_SECRET) {
    throw new ConfigError([
      { variable: 'CUSTOS_SMS_GATEWAY_SECRET', message: 'required when CUSTOS_SMS_GATEWAY_URL is set' },
    ]);
  }
  const dataDir = resolve(cwd, raw.CUSTOS_DATA_DIR);
  const { secrets, generated } = resolveSecrets(
    raw.CUSTOS_ENV,
    {
      CUSTOS_ROOT_KEY: raw.CUSTOS_ROOT_KEY,
      CUSTOS_OPERATOR_TOKEN: raw.CUSTOS_OPERATOR_TOKEN,
      CUSTOS_AUDIT_SIGNING_KEY: raw.CUSTOS_AUDIT_SIGNING_KEY,
      CUSTOS_AUDIT_EXPORT_SIGNER: raw.CUSTOS_AUDIT_EXPORT_SIGNER,
    },
    dataDir,
  );
  const shownHost = raw.CUSTOS_HOST.includes(':') ? `[${raw.CUSTOS_HOST}]` : raw.CUSTOS_HOST;
  return {
    env: raw.CUSTOS_ENV,
    host: raw.CUSTOS_HOST,
    port: raw.CUSTOS_PORT,
    publicUrl: (raw.CUSTOS_PUBLIC_URL ?? `http://${shownHost}:${raw.CUSTOS_PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: raw.CUSTOS_DATABASE_URL,
    databasePoolSize: raw.CUSTOS_DATABASE_POOL_SIZE,
    logLevel: raw.CUSTOS_LOG_LEVEL,
    corsOrigins: raw.CUSTOS_CORS_ORIGINS,
    bodyLimitBytes: raw.CUSTOS_BODY_LIMIT,
    rateLimitPerMinute: raw.CUSTOS_RATE_LIMIT,
    trustProxy: raw.CUSTOS_TRUST_PROXY,
    shutdownTimeoutMs: raw.CUSTOS_SHUTDOWN_TIMEOUT_MS,
    agentDisconnectGraceMs: raw.CUSTOS_AGENT_DISCONNECT_GRACE_MS,
    smsGateway:
      raw.CUSTOS_SMS_GATEWAY_URL && raw.CUSTOS_SMS_GATEWAY_SECRET
        ? { url: raw.CUSTOS_SMS_GATEWAY_URL, secret: raw.CUSTOS_SMS_GATEWAY_SECRET }
        : undefined,
    contactAssuranceMinutes: raw.CUSTOS_CONTACT_ASSURANCE_MINUTES,
    secrets,
    generatedSecrets: generated,
  };
}

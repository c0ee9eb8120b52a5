import type { Kysely } from 'kysely';
import type { AuditDatabase } from './audit.table.ts';
import { type SequencerOptions, sequenceAll } from './sequencer.ts';

/**
 * Runs the sequencer in the background: every `intervalMs`, or at once after `wake()`. Several
 * processes may each run one; the per-tenant advisory lock lets one batch through at a time.
 */
export interface SequencerLoop {
  /** Sequence now instead of at the next tick. */
  wake(): void;
  /** Runs one pass to completion (tests, CLI commands). */
  runOnce(): Promise<number>;
  /** Stops after the batch in flight, if any. */
  stop(): Promise<void>;
}

export interface SequencerLoopOptions extends SequencerOptions {
  readonly intervalMs?: number;
  /** Called with a failed pass's error; the loop carries on at the next tick. */
  readonly onError: (error: unknown) => void;
}

export function startSequencerLoop<DB extends AuditDatabase>(
  db: Kysely<DB>,
  options: SequencerLoopOptions,
): SequencerLoop {
  const intervalMs = options.intervalMs ?? 200;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  let again = false;

  const pass = (): Promise<number> => {
    running = running.then(
      () => sequenceAll(db, options),
      () => sequenceAll(db, options),
    );
    return running;
  };

  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      do {
        again = false;
        await pass();
      } while (again && !stopped);
    } catch (error) {
      options.onError(error);
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);

  return {
    wake() {
      again = true;
      if (timer && !stopped) {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      }
    },
    runOnce: pass,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

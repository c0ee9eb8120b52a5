import { AppError } from '../errors/app-error.ts';
import { addBusinessSeconds, type BusinessHours } from './business-hours.ts';

export type SlaStatus = 'ok' | 'near-breach' | 'breached';

/** The targets of a queue; a missing one is not tracked. */
export interface SlaTargets {
  readonly firstResponseSeconds: number | null;
  readonly resolutionSeconds: number | null;
}

export interface SlaDue {
  readonly firstResponseDue: Date | null;
  readonly resolutionDue: Date | null;
}

/**
 * When a conversation queued at `queuedAt` is due: the targets count open time only when the
 * queue has business hours, and elapsed time when it has none (open around the clock).
 */
export function slaDue(hours: BusinessHours | null, targets: SlaTargets, queuedAt: Date): SlaDue {
  const due = (seconds: number | null) => {
    if (seconds === null) return null;
    return hours
      ? addBusinessSeconds(hours, queuedAt, seconds)
      : new Date(queuedAt.getTime() + seconds * 1000);
  };
  return {
    firstResponseDue: due(targets.firstResponseSeconds),
    resolutionDue: due(targets.resolutionSeconds),
  };
}

/**
 * `breached` once `now` reaches `due`; `near-breach` in the last `warnFraction` of the time
 * between `startedAt` (when the clock started, e.g. queued_at) and `due`. Without `startedAt` the
 * fraction has nothing to be a fraction of, and only `ok` and `breached` are told apart.
 */
export function slaStatus(due: Date, now: Date, warnFraction = 0.2, startedAt?: Date): SlaStatus {
  if (!(warnFraction >= 0 && warnFraction <= 1))
    throw new AppError('validation_failed', 'warnFraction must be between 0 and 1');
  const left = due.getTime() - now.getTime();
  if (left <= 0) return 'breached';
  if (!startedAt) return 'ok';
  const total = due.getTime() - startedAt.getTime();
  return left <= total * warnFraction ? 'near-breach' : 'ok';
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** Who is acting. Background jobs run with an explicit system actor. */
export interface Actor {
  readonly kind: 'anonymous' | 'staff' | 'contact' | 'service' | 'system';
  readonly id: string;
  readonly role?: string;
}

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous', id: 'anonymous' });

export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  actor: Actor;
  tenantId: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` visible to everything it calls, synchronously or not. */
export function runWithContext<A extends unknown[], T>(
  context: RequestContext,
  fn: (...args: A) => T,
  ...args: A
): T {
  return storage.run(context, fn, ...args);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** A system context for background work and CLI commands, which have no request. */
export function systemContext(logger: Logger, job: string, requestId: string): RequestContext {
  return {
    requestId,
    logger: logger.child({ job, requestId }),
    actor: { kind: 'system', id: job },
    tenantId: undefined,
  };
}

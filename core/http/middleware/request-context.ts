import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { ANONYMOUS, runWithContext } from '../../context/request-context.ts';
import type { HttpEnv } from '../http-env.ts';
import { clientAddress } from './client-address.ts';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Opens the request: a request id (the caller's if well-formed, else a new one), a child logger,
 * the AsyncLocalStorage context, and one access-log line at the end. The line names the matched
 * route pattern, never the raw path or query string, so identifiers in URLs stay out of logs.
 */
export function requestContext(logger: Logger, trustProxy: boolean): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const context = { requestId, logger: logger.child({ requestId }), actor: ANONYMOUS, tenantId: undefined };
    c.set('context', context);
    c.set('clientAddress', clientAddress(c, trustProxy));
    c.header('x-request-id', requestId);
    await runWithContext(context, next);
    context.logger.info(
      {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        actor: context.actor.kind === 'anonymous' ? undefined : `${context.actor.kind}:${context.actor.id}`,
      },
      'request',
    );
  };
}

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { ANONYMOUS, type RequestContext, runWithContext } from '../../context/request-context.ts';
import type { HttpEnv } from '../http-env.ts';
import { setResponseHeader } from '../response-headers.ts';
import { clientAddress } from './client-address.ts';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Opens the request: a request id (the caller's if well-formed, else a new one), the
 * AsyncLocalStorage context with a lazily built child logger, and one access-log line when the
 * response is done. The line names the matched route pattern, never the raw path or query string,
 * so identifiers in URLs stay out of logs.
 *
 * Under @hono/node-server the line is written from the socket's `close` event, so it also covers
 * requests the client abandoned (`aborted: true`) and the middleware itself stays synchronous:
 * an `async` middleware costs a promise and a tick per request on the hottest path.
 */
export function requestContext(logger: Logger, trustProxy: boolean): MiddlewareHandler<HttpEnv> {
  return (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const context = lazyContext(logger, requestId);
    c.set('context', context);
    c.set('clientAddress', clientAddress(c, trustProxy));
    setResponseHeader(c, 'x-request-id', requestId);
    const log = (status: number, aborted: boolean) =>
      logger.info(
        {
          requestId,
          method: c.req.method,
          route: c.req.routePath,
          status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          actor: context.actor.kind === 'anonymous' ? undefined : `${context.actor.kind}:${context.actor.id}`,
          aborted: aborted || undefined,
        },
        'request',
      );
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing) {
      outgoing.once('close', () => log(outgoing.statusCode, !outgoing.writableFinished));
      return runWithContext(context, next);
    }
    return runWithContext(context, next).then(() => log(c.res.status, false));
  };
}

/** The child logger is built on first use: most requests never log anything but the access line. */
function lazyContext(base: Logger, requestId: string): RequestContext {
  let child: Logger | undefined;
  return {
    requestId,
    actor: ANONYMOUS,
    tenantId: undefined,
    get logger() {
      child ??= base.child({ requestId });
      return child;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { type Actor, ANONYMOUS, type RequestContext, runWithContext } from '../context/request-context.ts';
import type { HttpBindings } from './http-env.ts';
import { routePatternFinder } from './route-pattern.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

export interface EdgeOptions {
  readonly logger: Logger;
  /** Believe `X-Forwarded-For` (its right-most entry) for the client address. */
  readonly trustProxy: boolean;
  /** Custos is reached over HTTPS: send HSTS. */
  readonly https: boolean;
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HSTS: readonly [string, string] = ['strict-transport-security', 'max-age=31536000; includeSubDomains'];

/** What @hono/node-server passes as the environment of each request. */
interface NodeEnv {
  readonly incoming: IncomingMessage;
  readonly outgoing: ServerResponse;
}

/**
 * The outermost layer of every request, wrapped around the application's `fetch` rather than
 * registered as Hono middleware: it opens the request (a request id, the caller's address, the
 * AsyncLocalStorage context), puts the security headers on the response and writes one access-log
 * line when the response is done.
 *
 * Being outside Hono keeps a route without middleware of its own (health probes, pages) on
 * Hono's synchronous path, where a request costs no promise at all. With AsyncLocalStorage
 * enabled, Node 20 runs a hook for every promise created, so each one avoided is paid back on
 * every request (measured in bench/http-overhead.ts).
 *
 * Under @hono/node-server headers go straight onto Node's ServerResponse and the log line is
 * written from its `close` event, which also covers requests the client abandoned. Elsewhere
 * (`app.request()` in tests) they are applied to the returned Response.
 */
export function installEdge<E extends { Bindings: HttpBindings }>(app: Hono<E>, options: EdgeOptions): void {
  const inner = app.fetch;
  const headers = options.https ? [...API_SECURITY_HEADERS, HSTS] : API_SECURITY_HEADERS;
  const routeOf = routePatternFinder(app.router);
  const { logger, trustProxy } = options;

  const accessLog = (context: HttpContext, method: string, path: string, status: number, aborted: boolean) =>
    logger.info(
      {
        requestId: context.requestId,
        method,
        route: routeOf(method, path),
        status,
        durationMs: Math.round((performance.now() - context.started) * 10) / 10,
        actor: actorLabel(context.actor),
        aborted: aborted || undefined,
      },
      'request',
    );

  app.fetch = (request, env, executionCtx) => {
    const node = env as NodeEnv | undefined;
    if (node?.outgoing) {
      const { incoming, outgoing } = node;
      const context = new HttpContext(logger, requestIdOf(incoming.headers['x-request-id']));
      outgoing.setHeader('x-request-id', context.requestId);
      for (const [name, value] of headers) outgoing.setHeader(name, value);
      const method = incoming.method ?? 'GET';
      const path = pathOf(incoming.url);
      outgoing.once('close', () =>
        accessLog(context, method, path, outgoing.statusCode, !outgoing.writableFinished),
      );
      const bindings = {
        incoming,
        outgoing,
        context,
        clientAddress: addressOf(
          incoming.headers['x-forwarded-for'],
          incoming.socket.remoteAddress,
          trustProxy,
        ),
      };
      return runWithContext(context, inner, request, bindings as never, executionCtx);
    }

    // Without Node's response (tests through app.request(), other runtimes).
    const context = new HttpContext(logger, requestIdOf(request.headers.get('x-request-id') ?? undefined));
    const forwarded = request.headers.get('x-forwarded-for') ?? undefined;
    const bindings = {
      ...(env as object | undefined),
      context,
      clientAddress: addressOf(forwarded, undefined, trustProxy),
    };
    const finish = (response: Response) => {
      // A copy: headers of a Response from fetch() or Response.redirect() are immutable.
      const withHeaders = new Response(response.body, response);
      const set = (name: string, value: string) => {
        if (!withHeaders.headers.has(name)) withHeaders.headers.set(name, value);
      };
      set('x-request-id', context.requestId);
      for (const [name, value] of headers) set(name, value);
      accessLog(context, request.method, new URL(request.url).pathname, withHeaders.status, false);
      return withHeaders;
    };
    const response = runWithContext(context, inner, request, bindings as never, executionCtx);
    return response instanceof Promise ? response.then(finish) : finish(response);
  };
}

/**
 * The request context of an HTTP request. A class rather than an object literal with closures:
 * its getter lives on the prototype, so opening a request allocates one small object.
 */
class HttpContext implements RequestContext {
  actor: Actor = ANONYMOUS;
  tenantId: string | undefined = undefined;
  readonly started = performance.now();
  #logger: Logger | undefined;

  constructor(
    readonly base: Logger,
    readonly requestId: string,
  ) {}

  /** Built on first use: most requests never log anything but the access line. */
  get logger(): Logger {
    this.#logger ??= this.base.child({ requestId: this.requestId });
    return this.#logger;
  }
}

function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The caller's network address. `X-Forwarded-For` is believed only behind a trusted proxy
 * (CUSTOS_TRUST_PROXY), and then its right-most entry: the one the proxy itself appended.
 */
function addressOf(
  forwarded: string | string[] | undefined,
  socket: string | undefined,
  trustProxy: boolean,
) {
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
    if (last) return last;
  }
  return socket ?? 'unknown';
}

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const actorLabel = (actor: Actor) => (actor.kind === 'anonymous' ? undefined : `${actor.kind}:${actor.id}`);

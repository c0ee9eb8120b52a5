import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';

export interface RunningServer {
  /** The address actually bound (the port may have been 0). */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (closing idle
   * keep-alive sockets at once), and cut what is still open after `timeoutMs`.
   */
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly fetch: (request: Request) => Response | Promise<Response>;
  readonly host: string;
  readonly port: number;
  readonly shutdownTimeoutMs: number;
  readonly logger: Logger;
}

export function startServer(options: ServeOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: options.fetch, hostname: options.host, port: options.port }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      server.on('error', (error) => options.logger.error({ err: error }, 'server error'));
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({ url: `http://${host}:${port}`, port, close: () => drain(server, options) });
    });
  });
}

function drain(server: Server, { shutdownTimeoutMs, logger }: ServeOptions): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs: shutdownTimeoutMs }, 'shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, shutdownTimeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

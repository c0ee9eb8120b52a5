import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
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
  /** WebSocket upgrades (core/channels/socket-server.ts), closed first on shutdown. */
  readonly upgrades?: {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
    close(): Promise<void>;
  };
}

export function startServer(options: ServeOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: options.fetch, hostname: options.host, port: options.port }) as Server;
    const { upgrades } = options;
    if (upgrades)
      server.on('upgrade', (request, socket, head) => upgrades.handleUpgrade(request, socket, head));
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

async function drain(server: Server, { shutdownTimeoutMs, logger, upgrades }: ServeOptions): Promise<void> {
  await upgrades?.close();
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

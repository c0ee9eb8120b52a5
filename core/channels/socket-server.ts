import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Actor } from '../context/request-context.ts';
import type { StaffPresence } from '../routing/staff-presence.ts';
import type { ChatGateway } from './chat-gateway.ts';
import { CLOSE, DEFAULT_SOCKET_LIMITS, handleConnection, type SocketLimits } from './socket-connection.ts';

/** Where browsers and apps open the chat socket. */
export const SOCKET_PATH = '/api/v1/socket';

/** Largest frame accepted; a bigger one closes the connection with 1009 (RFC 6455 §7.4.1). */
export const MAX_FRAME_BYTES = 64 * 1024;

export interface SocketServer {
  /** For the HTTP server's `upgrade` event; answers 404 for any other path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly connections: () => number;
  /** Closes every socket with 1001 (going away); clients reconnect to another process and resume. */
  close(): Promise<void>;
}

export function createSocketServer(deps: {
  readonly gateway: ChatGateway;
  readonly resolve: (token: string) => Promise<Actor | undefined>;
  readonly logger: Logger;
  readonly limits?: Partial<SocketLimits>;
  /** Staff sockets keep their agent's presence; closed with the server. */
  readonly presence?: StaffPresence;
}): SocketServer {
  const limits = { ...DEFAULT_SOCKET_LIMITS, ...deps.limits };
  // No per-message compression: a chat line is short, and deflate costs memory per socket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  wss.on('connection', (ws) =>
    handleConnection(ws, {
      gateway: deps.gateway,
      resolve: deps.resolve,
      limits,
      logger: deps.logger,
      ...(deps.presence ? { presence: deps.presence } : {}),
    }),
  );
  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '').split('?')[0];
      if (path !== SOCKET_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    },
    connections: () => wss.clients.size,
    async close() {
      // First, so that the sockets closing below start no grace period: their clients reconnect
      // to another process, and an agent who does not is taken offline by the stale sweep.
      await deps.presence?.close();
      for (const ws of wss.clients) ws.close(CLOSE.goingAway, 'server shutting down');
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * A server for bench/http-overhead.ts, run in its own process so it has a core to itself.
 * `bare`: a Hono handler on @hono/node-server, nothing else. `full`: the Custos application as
 * `custos serve` runs it (startServer, default configuration): request id, AsyncLocalStorage
 * context, access log line to stdout, security headers, problem+json handling, over an in-memory
 * embedded database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createHttpApp, wireRuntime } from '../bin/runtime.ts';
import { createLogger, loadConfig, openPGlite, startServer } from '../core/index.ts';

const mode = process.argv[2];
if (mode === 'bare') {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
    process.send?.({ port: info.port }),
  );
  process.on('disconnect', () => server.close(() => process.exit(0)));
} else if (mode === 'full') {
  const config = loadConfig({
    CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-bench-')),
    CUSTOS_ROOT_KEY: Buffer.alloc(32, 9).toString('base64'),
    CUSTOS_OPERATOR_TOKEN: 'b'.repeat(40),
  });
  const logger = createLogger('info');
  const database = await openPGlite(undefined, logger);
  const app = createHttpApp(wireRuntime(config, logger, database));
  const server = await startServer({
    fetch: app.fetch,
    host: '127.0.0.1',
    port: 0,
    shutdownTimeoutMs: 1000,
    logger,
  });
  process.send?.({ port: server.port });
  process.on('disconnect', () => server.close().then(() => process.exit(0)));
} else {
  throw new Error('usage: http-overhead.server.ts bare|full');
}

import type { Logger } from 'pino';
import { packs } from '../bin/packs.ts';
import { createHttpApp, createSocketsFor, type Runtime, wireRuntime } from '../bin/runtime.ts';
import { type DatabaseHandle, startServer, type Tenant } from '../core/index.ts';
import { testConfig } from './test-app.ts';
import { silentLogger } from './test-db.ts';
import { testPack } from './test-pack.ts';

const SEEDER = { kind: 'system', id: 'test-seed', role: 'platform_operator' } as const;

export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly runtime: Runtime;
  /** The test pack's tenant, its knowledge base seeded. */
  readonly tenant: Tenant;
  close(): Promise<void>;
}

/**
 * A real Custos server on a loopback port, over the given database, serving the build's packs and
 * the test pack: HTTP and the chat socket, as `custos serve` runs them. Give `tenant` to reuse a
 * tenant another server on the same database already created.
 */
export async function startTestServer(
  database: DatabaseHandle,
  options: { env?: Record<string, string>; logger?: Logger; tenant?: Tenant; closeDatabase?: boolean } = {},
): Promise<TestServer> {
  const config = testConfig({ CUSTOS_RATE_LIMIT: '0', ...options.env });
  const runtime = wireRuntime(config, options.logger ?? silentLogger, database, {
    packs: [...packs, testPack],
  });
  await runtime.bus.ready;
  const app = createHttpApp(runtime);
  const upgrades = createSocketsFor(runtime);
  const server = await startServer({
    fetch: app.fetch,
    host: '127.0.0.1',
    port: 0,
    shutdownTimeoutMs: 2000,
    logger: runtime.logger,
    upgrades,
  });
  let tenant = options.tenant;
  if (!tenant) {
    tenant = await runtime.tenants.create(SEEDER, testPack.demoTenant);
    await runtime.chat.seedTenant(tenant);
  }
  return {
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/api/v1/socket`,
    runtime,
    tenant,
    async close() {
      await server.close();
      await runtime.chat.assistant.idle();
      await runtime.bus.close();
      if (options.closeDatabase) await database.close();
    },
  };
}

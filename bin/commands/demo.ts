import { type AppError, currentDataScope, isAppError, loadConfig } from '../../core/index.ts';
import { testPack } from '../../testing/test-pack.ts';
import { parse } from '../args.ts';
import type { Command } from '../command.ts';
import { seedDemoCatalogue } from '../demo-booking.ts';
import { type DemoLogin, seedDemoLogins } from '../demo-logins.ts';
import { packs } from '../packs.ts';
import { createProcessLogger, openRuntime, type Runtime } from '../runtime.ts';
import { help, serveUntilSignal } from './serve.ts';

const SEEDER = { kind: 'system', id: 'demo-seed', role: 'platform_operator' } as const;

/**
 * The demo serves the build's packs and the test pack (testing/test-pack.ts), the one pack that
 * has a conversation yet: its tenant is where the demo chat page talks to the assistant.
 */
const DEMO_PACKS = [...packs, testPack];

/**
 * Creates each pack's demo tenant unless it exists, and seeds its knowledge base with the pack's
 * FAQ; running the demo twice changes nothing.
 */
async function seedDemoTenants(runtime: Runtime): Promise<void> {
  for (const pack of runtime.packs) {
    try {
      await runtime.tenants.create(SEEDER, pack.demoTenant);
      runtime.logger.info({ tenant: pack.demoTenant.slug }, 'demo tenant created');
    } catch (error) {
      if (!(isAppError(error) && (error as AppError).code === 'conflict')) throw error;
    }
    const tenant = await runtime.tenantCache.bySlug(pack.demoTenant.slug);
    if (tenant) {
      await runtime.chat.seedTenant(tenant);
      const slots = await seedDemoCatalogue(runtime, pack, tenant.id);
      await pack.seedDemo?.(
        {
          db: runtime.database.rowSecured(currentDataScope),
          contacts: runtime.contactRepository,
          contactService: runtime.contacts,
          audit: runtime.audit,
          pseudonymKey: runtime.pseudonymKey,
        },
        tenant.id,
      );
      if (slots > 0) runtime.logger.info({ tenant: tenant.slug, slots }, 'demo booking slots generated');
    }
  }
}

function staffLogins(logins: readonly DemoLogin[], url: string): string {
  if (logins.length === 0) return '';
  const rows = logins.map(
    (l) =>
      `  ${l.tenant.padEnd(16)}${l.login.padEnd(12)}${l.password.padEnd(18)}${l.role}${l.totpUri ? `  (TOTP: ${l.totpUri})` : ''}`,
  );
  return `\n  staff (POST ${url}/api/v1/tenants/<tenant>/auth/login {"loginName", "password", "totp"?})\n${rows.join('\n')}\n`;
}

function banner(runtime: Runtime, url: string, logins: readonly DemoLogin[]): string {
  const { config, database } = runtime;
  const where =
    database.dialect === 'pglite'
      ? `embedded PostgreSQL (PGlite) in ${config.dataDir}`
      : 'PostgreSQL at CUSTOS_DATABASE_URL';
  const tenants = runtime.packs
    .map((p) => {
      const t = p.demoTenant;
      return `  ${t.slug.padEnd(16)}${t.name} / ${t.displayNames?.en ?? ''} (${p.id}, ${t.timeZone})`;
    })
    .join('\n');
  const chats = runtime.packs
    .filter((p) => p.conversation)
    .map((p) => `  Chat (${p.demoTenant.slug})`.padEnd(19) + `${url}/chat/${p.demoTenant.slug}`)
    .join('\n');
  return `
Custos demo is running — ${config.env} mode, ${where}

  Home             ${url}/
${chats}
  API reference    ${url}/docs
  OpenAPI          ${url}/openapi.json
  Liveness         ${url}/healthz
  Readiness        ${url}/readyz

Demo tenants
${tenants}

Demo logins
${
  config.env === 'development'
    ? `  platform operator   curl -H "Authorization: Bearer ${config.secrets.operatorToken}" ${url}/api/v1/tenants
${staffLogins(logins, url)}
  verify a visitor    demo-hospital: ask "我的预约" / "my appointments", record number MRN-900001, then the code logged here
                      demo-school: student number A2027000001 + born 2024-03-12, or a code to 138-0000-0001 (logged here)
  WARNING: development mode. Secrets were generated into ${config.dataDir}/secrets.json;
  never use them in production (set CUSTOS_ENV=production and provide CUSTOS_* secrets).\n`
    : '  platform operator   the bearer token in CUSTOS_OPERATOR_TOKEN (not printed in production mode)\n'
}
Stop with Ctrl-C.
`;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the server with the seeded demo hospital and school',
  usage: `Usage: custos demo

Applies migrations, creates the demo tenants (one hospital, one school) and, in development
mode, their demo staff accounts (an agent, and a tenant admin with TOTP) if they do not exist,
then serves like \`custos serve\` and prints the URLs and demo logins. Data persists in
CUSTOS_DATA_DIR (default ./.custos), so a second start is fast and keeps what you did.`,
  async run(args, io) {
    const { values } = parse(args, {});
    if (values.help) return help(io, demoCommand.usage);
    const config = loadConfig(io.env);
    const logger = createProcessLogger(config);
    const runtime = await openRuntime(config, logger, { migrate: true, packs: DEMO_PACKS });
    let logins: DemoLogin[] = [];
    try {
      await seedDemoTenants(runtime);
      // Accounts with printed passwords belong to a development demo only.
      if (config.env === 'development') logins = await seedDemoLogins(runtime, runtime.packs);
    } catch (error) {
      await runtime.close();
      throw error;
    }
    const url = await serveUntilSignal(runtime);
    io.stdout.write(banner(runtime, url, logins));
    return 0;
  },
};

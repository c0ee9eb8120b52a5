import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppError, isAppError, type VerticalPack } from '../core/index.ts';
import { CLI_OPERATOR } from './cli-actor.ts';
import { packs } from './packs.ts';
import type { Runtime } from './runtime.ts';

export interface DemoLogin {
  readonly tenant: string;
  readonly login: string;
  readonly role: string;
  readonly password: string;
  /** For roles that require a second factor: the enrolment URI, to add to an authenticator app. */
  readonly totpUri?: string;
}

/**
 * Staff accounts each demo tenant gets: one that works without MFA, one that needs it. The agent
 * works the queue its pack hands conversations off to, so a handoff shows up in its inbox.
 */
const DEMO_STAFF: readonly { login: string; role: string; worksHandoffQueue: boolean; vertical?: string }[] =
  [
    { login: 'demo-agent', role: 'agent', worksHandoffQueue: true },
    { login: 'demo-admin', role: 'tenant_admin', worksHandoffQueue: false },
    { login: 'demo-supervisor', role: 'supervisor', worksHandoffQueue: true },
    { login: 'demo-auditor', role: 'auditor', worksHandoffQueue: false },
    { login: 'demo-clinician', role: 'clinician', worksHandoffQueue: false, vertical: 'medical' },
    { login: 'demo-admissions', role: 'admissions_officer', worksHandoffQueue: true, vertical: 'education' },
  ];

const FILE = 'demo-logins.json';

/**
 * Creates the demo staff accounts once, with random passwords, and keeps what is needed to print
 * them again in `<data dir>/demo-logins.json` (mode 0600), beside the development secrets. An
 * account that exists without a recorded password (made by hand) is left alone and not printed.
 * `servedPacks`: the packs whose demo tenants are served (by default every pack of this build).
 */
export async function seedDemoLogins(
  runtime: Runtime,
  servedPacks: readonly VerticalPack[] = packs,
): Promise<DemoLogin[]> {
  const file = join(runtime.config.dataDir, FILE);
  const known: DemoLogin[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const logins = [...known];
  for (const pack of servedPacks) {
    const handoffQueue = pack.conversation?.defaultQueue;
    for (const staff of DEMO_STAFF) {
      if (staff.vertical !== undefined && staff.vertical !== pack.id) continue;
      const tenant = pack.demoTenant.slug;
      if (logins.some((l) => l.tenant === tenant && l.login === staff.login)) continue;
      const password = randomBytes(12).toString('base64url');
      try {
        const { totpUri } = await runtime.identity.users.create(CLI_OPERATOR, {
          tenantSlug: tenant,
          loginName: staff.login,
          roles: [staff.role],
          ...(staff.worksHandoffQueue && handoffQueue ? { queueIds: [handoffQueue] } : {}),
          password,
        });
        logins.push({
          tenant,
          login: staff.login,
          role: staff.role,
          password,
          ...(totpUri ? { totpUri } : {}),
        });
      } catch (error) {
        if (!(isAppError(error) && (error as AppError).code === 'conflict')) throw error;
      }
    }
  }
  if (logins.length > known.length)
    writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  return logins;
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { ServiceClientRepository } from './service-client.repository.ts';
import { isScope, type ServiceClient } from './service-client.ts';
import { serviceClientEvent } from './service-client-audit.ts';
import { parseClientJwks } from './service-client-jwk.ts';

export interface ServiceClientServiceDeps {
  readonly db: Kysely<Database>;
  readonly clients: ServiceClientRepository;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly audit: Pick<AuditLog, 'record'>;
}

export interface NewServiceClient {
  readonly tenantSlug: string;
  readonly displayName: string;
  /** One public JWK or a JWK Set, as parsed from JSON. */
  readonly jwks: unknown;
  readonly scopes: readonly string[];
  readonly requestId?: string;
}

// Registering a machine principal for a tenant is a privileged grant: the platform operator's,
// like the grant of a tenant's first admin (docs/compliance/access-control.md).
function requireOperator(actor: Actor): void {
  if (actor.role !== 'platform_operator') {
    throw new AppError('forbidden', 'Only the platform operator manages service clients.');
  }
}

const MAX_SCOPES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  if (unique.length === 0) throw new AppError('validation_failed', 'a client needs at least one scope');
  if (unique.length > MAX_SCOPES) throw new AppError('validation_failed', `at most ${MAX_SCOPES} scopes`);
  const bad = unique.find((scope) => !isScope(scope));
  if (bad !== undefined) {
    throw new AppError('validation_failed', `scope "${bad}" is not of the form area:verb (lower case)`);
  }
  return unique.sort();
}

/** Registration, listing and disabling of a tenant's service clients; every change audited. */
export function createServiceClientService(deps: ServiceClientServiceDeps) {
  const { db, clients, audit } = deps;

  async function tenantOf(slug: string): Promise<Tenant> {
    const tenant = await deps.tenants.findBySlug(slug);
    if (!tenant) throw new AppError('not_found', `No tenant "${slug}".`);
    return tenant;
  }

  return {
    async create(actor: Actor, input: NewServiceClient): Promise<ServiceClient> {
      requireOperator(actor);
      const displayName = input.displayName.trim();
      if (displayName.length < 1 || displayName.length > 100) {
        throw new AppError('validation_failed', 'the display name has 1 to 100 characters');
      }
      const scopes = checkScopes(input.scopes);
      const jwks = await parseClientJwks(input.jwks);
      const tenant = await tenantOf(input.tenantSlug);
      const clientId = randomUUID();
      return db.transaction().execute(async (trx) => {
        const client = await clients.insert(trx, {
          tenantId: tenant.id,
          clientId,
          displayName,
          jwks,
          scopes,
        });
        await audit.record(
          trx,
          serviceClientEvent({
            tenantId: tenant.id,
            vertical: tenant.vertical,
            actor,
            action: 'permission-change',
            clientId,
            requestId: input.requestId,
          }),
        );
        return client;
      });
    },

    async list(actor: Actor, tenantSlug: string): Promise<ServiceClient[]> {
      requireOperator(actor);
      return clients.list((await tenantOf(tenantSlug)).id);
    },

    /** A disabled client gets no new tokens; tokens it holds die within their lifetime. */
    async disable(actor: Actor, tenantSlug: string, clientId: string, requestId?: string): Promise<void> {
      requireOperator(actor);
      const tenant = await tenantOf(tenantSlug);
      const missing = () =>
        new AppError('not_found', `No service client ${clientId} in tenant "${tenantSlug}".`);
      if (!UUID.test(clientId)) throw missing();
      await db.transaction().execute(async (trx) => {
        if (!(await clients.setDisabled(trx, tenant.id, clientId, true))) throw missing();
        await audit.record(
          trx,
          serviceClientEvent({
            tenantId: tenant.id,
            vertical: tenant.vertical,
            actor,
            action: 'permission-change',
            clientId,
            requestId,
          }),
        );
      });
    },
  };
}

export type ServiceClientService = ReturnType<typeof createServiceClientService>;

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ServiceClientTable } from './service-client.table.ts';
import type { ServiceClient } from './service-client.ts';
import type { ClientJwks } from './service-client-jwk.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** What the token endpoint needs besides the public view: the keys themselves. */
export interface ServiceClientCredentials {
  readonly client: ServiceClient;
  readonly jwks: ClientJwks;
}

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function toCredentials(row: Selectable<ServiceClientTable>): ServiceClientCredentials {
  const keys = Array.isArray(row.jwks?.keys) ? row.jwks.keys : [];
  return {
    client: {
      tenantId: row.tenant_id,
      clientId: row.client_id,
      displayName: row.display_name,
      keyIds: keys.map((k) => String(k.kid ?? '')),
      scopes: stringsOf(row.scopes),
      disabled: row.disabled,
      createdAt: row.created_at,
    },
    jwks: { keys },
  };
}

export interface NewServiceClientRow {
  readonly tenantId: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly jwks: ClientJwks;
  readonly scopes: readonly string[];
}

export function createServiceClientRepository(db: Kysely<Database>) {
  return {
    async insert(trx: Executor, client: NewServiceClientRow): Promise<ServiceClient> {
      const row = await trx
        .insertInto('service_clients')
        .values({
          tenant_id: client.tenantId,
          client_id: client.clientId,
          display_name: client.displayName,
          jwks: JSON.stringify(client.jwks),
          scopes: JSON.stringify(client.scopes),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCredentials(row).client;
    },

    async find(tenantId: string, clientId: string): Promise<ServiceClientCredentials | undefined> {
      const row = await db
        .selectFrom('service_clients')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row && toCredentials(row);
    },

    async list(tenantId: string): Promise<ServiceClient[]> {
      const rows = await db
        .selectFrom('service_clients')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at')
        .orderBy('client_id')
        .execute();
      return rows.map((row) => toCredentials(row).client);
    },

    /** Returns false when there is no such client. */
    async setDisabled(
      trx: Executor,
      tenantId: string,
      clientId: string,
      disabled: boolean,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('service_clients')
        .set({ disabled, updated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Records an assertion's `jti`; false if it was seen before (a replay, from any process).
     * Expired ids of the same client are dropped on the way: they can no longer be replayed,
     * because their assertions fail the expiry check first.
     */
    async useJti(
      trx: Transaction<Database>,
      tenantId: string,
      clientId: string,
      jti: string,
      expiresAt: Date,
      now: Date,
    ): Promise<boolean> {
      await trx
        .deleteFrom('oauth_assertion_jtis')
        .where('tenant_id', '=', tenantId)
        .where('client_id', '=', clientId)
        .where('expires_at', '<', now)
        .execute();
      const row = await trx
        .insertInto('oauth_assertion_jtis')
        .values({ tenant_id: tenantId, client_id: clientId, jti, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['tenant_id', 'client_id', 'jti']).doNothing())
        .returning('jti')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type ServiceClientRepository = ReturnType<typeof createServiceClientRepository>;

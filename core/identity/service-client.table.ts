import type { ColumnType, Generated } from 'kysely';

/**
 * `service_clients`: OAuth 2.0 clients of one tenant that authenticate with `private_key_jwt`
 * (RFC 7523 §2.2). Only public keys are stored, so nothing here needs encryption: a copy of the
 * table lets nobody sign an assertion.
 */
export interface ServiceClientTable {
  tenant_id: string;
  client_id: string;
  /** Names a system ("Appointment sync"), never a person. */
  display_name: string;
  /** RFC 7517 JWK Set; written as JSON text, read back parsed. */
  jwks: ColumnType<{ keys: Record<string, unknown>[] }, string, string>;
  scopes: ColumnType<string[], string, string>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Used assertion ids, kept until the assertion they came from has expired. */
export interface OAuthAssertionJtiTable {
  tenant_id: string;
  client_id: string;
  jti: string;
  expires_at: Date;
}

export interface ServiceClientDatabase {
  service_clients: ServiceClientTable;
  oauth_assertion_jtis: OAuthAssertionJtiTable;
}

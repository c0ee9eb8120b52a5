import type { SigningAlgorithm } from './signing-keys.ts';

/**
 * The tenant id of deployment-wide rows (the nil UUID, RFC 9562 §5.9). Token-signing keys are
 * the first such rows: every table leads with `tenant_id` (DESIGN §5), so platform rows carry
 * this reserved value instead of a tenant's.
 */
export const PLATFORM_TENANT_ID = '00000000-0000-0000-0000-000000000000';

export const SIGNING_KEY_STATES = ['active', 'retiring', 'retired'] as const;

/** active: signs and verifies; retiring: verifies until `retire_at`; retired: nothing. */
export type SigningKeyState = (typeof SIGNING_KEY_STATES)[number];

/** `signing_keys`: the access-token signing keys, private JWK wrapped by the root key provider. */
export interface SigningKeyTable {
  tenant_id: string;
  /** RFC 7638 thumbprint of the public key: the JWS `kid`. */
  kid: string;
  alg: SigningAlgorithm;
  state: SigningKeyState;
  root_key_id: string | null;
  wrapped: Buffer | null;
  created_at: Date;
  activated_at: Date;
  /** When a retiring key stops verifying; null while the key is active. */
  retire_at: Date | null;
  retired_at: Date | null;
}

export interface SigningKeyDatabase {
  signing_keys: SigningKeyTable;
}

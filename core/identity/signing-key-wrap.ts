import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { type KeyProvider, parseKeyId, type WrappedKey, type WrapRequest } from '../../compliance/index.ts';
import { AppError } from '../errors/app-error.ts';
import { PLATFORM_TENANT_ID } from './signing-key.table.ts';
import {
  exportPrivateJwk,
  importSigningKey,
  type SigningAlgorithm,
  type SigningKey,
} from './signing-keys.ts';

/**
 * Signing keys at rest: the private JWK wrapped by the root key provider (compliance/crypto),
 * the same port that wraps tenant keys. Signing keys are platform-level, so no tenant key sits
 * above them. The wrap is bound (the provider's encryption context) to the platform id and to an
 * id derived from the `kid`, so wrapped material copied onto another row fails to unwrap; after
 * unwrapping, the key's own thumbprint must equal the row's `kid`, so a row cannot claim to be
 * another key either.
 */
function wrapRequest(kid: string): WrapRequest {
  const id = createHash('sha256').update(`custos/signing-key/v1\0${kid}`).digest().subarray(0, 16);
  return { keyId: parseKeyId(id.toString('hex')), tenantId: PLATFORM_TENANT_ID };
}

export async function wrapSigningKey(provider: KeyProvider, key: SigningKey): Promise<WrappedKey> {
  const { kty, crv, x, y, d } = await exportPrivateJwk(key);
  const material = Buffer.from(JSON.stringify({ kty, crv, x, ...(y ? { y } : {}), d }), 'utf8');
  try {
    return await provider.wrap(wrapRequest(key.kid), material);
  } finally {
    material.fill(0);
  }
}

export interface WrappedSigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly wrapped: WrappedKey;
  readonly createdAt: Date;
}

export async function unwrapSigningKey(provider: KeyProvider, row: WrappedSigningKey): Promise<SigningKey> {
  const material = await provider.unwrap(wrapRequest(row.kid), row.wrapped);
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(material.toString('utf8')) as JWK;
  } finally {
    material.fill(0);
  }
  const key = await importSigningKey({ alg: row.alg, privateJwk, createdAt: row.createdAt });
  if (key.kid !== row.kid) throw new AppError('internal', `Signing key ${row.kid} does not match its kid.`);
  return key;
}

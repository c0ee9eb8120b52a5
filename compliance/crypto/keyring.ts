import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { InvalidBinding, KeyDestroyed, UnknownKey } from './errors.ts';
import type { KeyEvent, KeyEventHook } from './key-events.ts';
import { type KeyId, newKeyId } from './key-id.ts';
import type { KeyProvider } from './key-provider.ts';
import {
  DATA_KEY_KINDS,
  type KeyKind,
  type KeyRecord,
  type KeyScope,
  type KeyStore,
  type Wrapping,
} from './key-store.ts';
import { createLruCache } from './lru-cache.ts';
import { unwrapUnderTenant, wrapUnderTenant } from './tenant-wrap.ts';

/**
 * Resolves key ids to unwrapped keys, creates and rotates keys, and destroys them
 * (crypto-erasure). The envelope hierarchy, after Tink and the AWS Encryption SDK:
 *
 *   root KEK (KeyProvider) ─wraps→ tenant key ─wraps→ subject data keys   (one per data subject)
 *                                              ├────→ tenant data key     (non-subject data)
 *                                              └────→ blind-index root    (HKDF input, RFC 5869)
 *
 * Unwrapped keys live in a bounded LRU cache with a TTL; see lru-cache.ts for why both bounds
 * matter. Every create, unwrap (cache miss), rotate, rewrap and destroy goes through `onEvent`.
 */
export interface KeyringOptions {
  readonly store: KeyStore;
  readonly provider: KeyProvider;
  readonly cache?: { readonly maxEntries?: number; readonly ttlMs?: number };
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  readonly onEvent?: KeyEventHook;
}

/** An unwrapped key. The material stays inside a `KeyObject`, so it is not printed or serialised by accident. */
export interface ResolvedKey extends KeyScope {
  readonly id: KeyId;
  readonly key: KeyObject;
}

/** A data subject's scope when `subjectId` is set, else the tenant's non-subject data. */
export interface DataKeyScope {
  readonly tenantId: string;
  readonly subjectId?: string | null;
}

export interface Keyring {
  /** The active data key of a scope, for new encryptions; created on first use. */
  encryptionKey(scope: DataKeyScope): Promise<ResolvedKey>;
  /** The data key named in a ciphertext header; `UnknownKey` unless it is a data key of `tenantId`. */
  decryptionKey(keyId: KeyId, tenantId: string): Promise<ResolvedKey>;
  /** The tenant's blind-index root (input keying material for per-column HKDF). */
  blindIndexRoot(tenantId: string): Promise<ResolvedKey>;
  /** New active data key; the old one is retired (decrypt only) until re-encryption finishes. */
  rotateDataKey(scope: DataKeyScope): Promise<KeyId>;
  /** New tenant key; rewraps every live child under it, then destroys the old tenant key. */
  rotateTenantKey(tenantId: string): Promise<KeyId>;
  /** Root rotation: rewraps tenant keys not under the provider's active root key. Data is untouched. */
  rewrapTenantKeys(): Promise<number>;
  /** Deletes the key's wrapped material; its ciphertexts then fail with `KeyDestroyed`. */
  destroyKey(keyId: KeyId): Promise<void>;
  /** Crypto-erasure of one data subject (DESIGN §2.5): destroys all of their keys. */
  eraseSubject(tenantId: string, subjectId: string): Promise<readonly KeyId[]>;
  clearCache(): void;
}

const DEFAULT_CACHE = { maxEntries: 10_000, ttlMs: 5 * 60_000 };
const scopeKey = (s: KeyScope) => JSON.stringify([s.tenantId, s.kind, s.subjectId]);
const scopeOf = (r: KeyScope): KeyScope => ({ tenantId: r.tenantId, kind: r.kind, subjectId: r.subjectId });

export function createKeyring(options: KeyringOptions): Keyring {
  const { store, provider } = options;
  const now = options.now ?? Date.now;
  const cacheOptions = { ...DEFAULT_CACHE, ...options.cache, now };
  const keys = createLruCache<KeyId, ResolvedKey>(cacheOptions);
  const active = createLruCache<string, ResolvedKey>(cacheOptions);
  const inFlight = new Map<string, Promise<ResolvedKey>>();
  // Bumped by every destroy, so an unwrap that raced with it is not cached afterwards.
  let epoch = 0;

  const emit = async (type: KeyEvent['type'], scope: KeyScope, keyId: KeyId, extra: Partial<KeyEvent> = {}) =>
    options.onEvent?.({ type, keyId, ...scopeOf(scope), at: new Date(now()), ...extra });

  function singleFlight(key: string, work: () => Promise<ResolvedKey>): Promise<ResolvedKey> {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const promise = work().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  }

  function resolved(scope: KeyScope, id: KeyId, material: Buffer): ResolvedKey {
    const key = createSecretKey(material);
    material.fill(0);
    return { ...scopeOf(scope), id, key };
  }

  async function unwrapRecord(record: KeyRecord): Promise<Buffer> {
    if (record.status === 'destroyed' || !record.wrapped)
      throw new KeyDestroyed(record.id, record.destroyedAt);
    if (record.parentId === null) {
      const wrapped = { rootKeyId: record.rootKeyId ?? '', bytes: record.wrapped };
      return provider.unwrap({ keyId: record.id, tenantId: record.tenantId }, wrapped);
    }
    const parent = await load(record.parentId, (p) => p.kind === 'tenant' && p.tenantId === record.tenantId);
    return unwrapUnderTenant(parent, record, record.id, record.wrapped);
  }

  /** Resolves a key by id through the cache; `accept` guards which keys this caller may get. */
  async function load(id: KeyId, accept: (scope: KeyScope) => boolean): Promise<ResolvedKey> {
    const reject = () => new UnknownKey(id, 'not a key of the expected kind and tenant');
    const cached = keys.get(id);
    if (cached) {
      if (!accept(cached)) throw reject();
      return cached;
    }
    const key = await singleFlight(`id:${id}`, async () => {
      const startEpoch = epoch;
      const record = await store.get(id);
      if (!record) throw new UnknownKey(id);
      if (!accept(record)) throw reject();
      const key = resolved(record, id, await unwrapRecord(record));
      await emit('key.unwrap', record, id);
      if (epoch === startEpoch) keys.set(id, key);
      return key;
    });
    if (!accept(key)) throw reject();
    return key;
  }

  async function mint(scope: KeyScope): Promise<{ record: KeyRecord; key: ResolvedKey }> {
    const id = newKeyId();
    const material = randomBytes(32);
    let wrapping: Wrapping;
    if (scope.kind === 'tenant') {
      const wrapped = await provider.wrap({ keyId: id, tenantId: scope.tenantId }, material);
      wrapping = { parentId: null, rootKeyId: wrapped.rootKeyId, wrapped: wrapped.bytes };
    } else {
      const parent = await activeKey({ tenantId: scope.tenantId, kind: 'tenant', subjectId: null });
      wrapping = {
        parentId: parent.id,
        rootKeyId: null,
        wrapped: wrapUnderTenant(parent, scope, id, material),
      };
    }
    const at = new Date(now());
    const record: KeyRecord = {
      ...scope,
      id,
      status: 'active',
      ...wrapping,
      createdAt: at,
      destroyedAt: null,
    };
    return { record, key: resolved(scope, id, material) };
  }

  function activeKey(scope: KeyScope): Promise<ResolvedKey> {
    const cached = active.get(scopeKey(scope));
    if (cached) return Promise.resolve(cached);
    return singleFlight(`scope:${scopeKey(scope)}`, async () => {
      const existing = await store.findActive(scope);
      let key: ResolvedKey;
      if (existing) {
        key = await load(existing.id, () => true);
      } else {
        const minted = await mint(scope);
        const winner = await store.insertActive(minted.record);
        if (winner.id === minted.record.id) {
          await emit('key.create', scope, winner.id);
          keys.set(winner.id, minted.key);
          key = minted.key;
        } else {
          key = await load(winner.id, () => true); // another process created it first
        }
      }
      active.set(scopeKey(scope), key);
      return key;
    });
  }

  const dataScope = (scope: DataKeyScope): KeyScope => {
    if (scope.subjectId === '') throw new InvalidBinding('subjectId must not be empty');
    return scope.subjectId
      ? { tenantId: scope.tenantId, kind: 'subject', subjectId: scope.subjectId }
      : { tenantId: scope.tenantId, kind: 'tenant_data', subjectId: null };
  };
  const single = (tenantId: string, kind: KeyKind): KeyScope => ({ tenantId, kind, subjectId: null });

  async function rotate(scope: KeyScope): Promise<ResolvedKey> {
    const minted = await mint(scope);
    const previous = await store.rotate(minted.record);
    await emit('key.rotate', scope, minted.record.id, previous ? { previousKeyId: previous.id } : {});
    keys.set(minted.record.id, minted.key);
    active.set(scopeKey(scope), minted.key);
    return minted.key;
  }

  async function destroyKey(keyId: KeyId): Promise<void> {
    const record = await store.get(keyId);
    if (!record) throw new UnknownKey(keyId);
    if (record.status === 'destroyed') return;
    epoch++;
    await store.destroy(keyId, new Date(now()));
    // A destroyed tenant key takes its children with it: evict them too.
    const gone = (k: ResolvedKey) =>
      k.id === keyId || (record.kind === 'tenant' && k.tenantId === record.tenantId);
    keys.deleteWhere(gone);
    active.deleteWhere(gone);
    await emit('key.destroy', record, keyId);
  }

  return {
    encryptionKey: (scope) => activeKey(dataScope(scope)),
    decryptionKey: (keyId, tenantId) =>
      load(keyId, (s) => s.tenantId === tenantId && DATA_KEY_KINDS.includes(s.kind)),
    blindIndexRoot: (tenantId) => activeKey(single(tenantId, 'blind_index')),
    rotateDataKey: async (scope) => (await rotate(dataScope(scope))).id,
    async rotateTenantKey(tenantId) {
      const old = await activeKey(single(tenantId, 'tenant'));
      const next = await rotate(single(tenantId, 'tenant'));
      for (const child of await store.list({ tenantId, parentId: old.id })) {
        if (child.status === 'destroyed' || !child.wrapped) continue;
        const material = unwrapUnderTenant(old, child, child.id, child.wrapped);
        const wrapped = wrapUnderTenant(next, child, child.id, material);
        material.fill(0);
        if (await store.rewrap(child.id, { parentId: next.id, rootKeyId: null, wrapped })) {
          await emit('key.rewrap', child, child.id);
        }
      }
      // Only now is nothing wrapped under the old tenant key; a crash before this line leaves
      // it retired (still able to unwrap) and a re-run finishes the job.
      await destroyKey(old.id);
      return next.id;
    },
    async rewrapTenantKeys() {
      const target = await provider.activeRootKeyId();
      let count = 0;
      for (const record of await store.list({ kind: 'tenant' })) {
        if (record.status === 'destroyed' || !record.wrapped || record.rootKeyId === target) continue;
        const request = { keyId: record.id, tenantId: record.tenantId };
        const material = await provider.unwrap(request, {
          rootKeyId: record.rootKeyId ?? '',
          bytes: record.wrapped,
        });
        const wrapped = await provider.wrap(request, material);
        material.fill(0);
        const wrapping = { parentId: null, rootKeyId: wrapped.rootKeyId, wrapped: wrapped.bytes };
        if (await store.rewrap(record.id, wrapping)) {
          await emit('key.rewrap', record, record.id, { rootKeyId: wrapped.rootKeyId });
          count++;
        }
      }
      return count;
    },
    destroyKey,
    async eraseSubject(tenantId, subjectId) {
      const live = (await store.list({ tenantId, kind: 'subject', subjectId })).filter(
        (r) => r.status !== 'destroyed',
      );
      for (const record of live) await destroyKey(record.id);
      return live.map((r) => r.id);
    },
    clearCache() {
      keys.clear();
      active.clear();
    },
  };
}

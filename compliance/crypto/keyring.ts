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
  type KeyTransactions,
  type Wrapping,
} from './key-store.ts';
import { createLruCache, type LruCache } from './lru-cache.ts';
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
 * matter. Every create, unwrap (cache miss), rotate, rewrap and destroy goes through `onEvent`;
 * with `transactions`, each write and its event commit in one transaction.
 */
export interface KeyringOptions<Tx = never> {
  readonly store: KeyStore;
  readonly provider: KeyProvider;
  readonly transactions?: KeyTransactions<Tx>;
  readonly cache?: {
    readonly maxEntries?: number;
    readonly ttlMs?: number;
    /**
     * How long this process keeps using a scope's active key before asking the store again.
     * It bounds how long another process keeps writing with a key rotated elsewhere, so it is
     * also the grace the re-encryption job waits before destroying a retired key.
     */
    readonly activeTtlMs?: number;
  };
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  readonly onEvent?: KeyEventHook<Tx>;
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

export interface Rotation {
  readonly keyId: KeyId;
  /** The key that was active before, now retired; undefined if the scope had none. */
  readonly previousKeyId: KeyId | undefined;
}

export interface Keyring<Tx = never> {
  /** The active data key of a scope, for new encryptions; created on first use. */
  encryptionKey(scope: DataKeyScope): Promise<ResolvedKey>;
  /** The data key named in a ciphertext header; `UnknownKey` unless it is a data key of `tenantId`. */
  decryptionKey(keyId: KeyId, tenantId: string): Promise<ResolvedKey>;
  /** The tenant's blind-index root (input keying material for per-column HKDF). */
  blindIndexRoot(tenantId: string): Promise<ResolvedKey>;
  /** New active data key; the old one is retired (decrypt only) until re-encryption finishes. */
  rotateDataKey(scope: DataKeyScope): Promise<KeyId>;
  /** New active key of any scope, atomically retiring the old one (which still unwraps and decrypts). */
  rotateKey(scope: KeyScope): Promise<Rotation>;
  /** Rewraps every live child of a (retired) tenant key under the tenant's active tenant key. */
  rewrapChildren(tenantKeyId: KeyId): Promise<number>;
  /** New tenant key; rewraps every live child under it, then destroys the old tenant key. */
  rotateTenantKey(tenantId: string): Promise<KeyId>;
  /** Root rotation: rewraps tenant keys not under the provider's active root key. Data is untouched. */
  rewrapTenantKeys(): Promise<number>;
  /** Deletes the key's wrapped material; its ciphertexts then fail with `KeyDestroyed`. */
  destroyKey(keyId: KeyId): Promise<void>;
  /** Crypto-erasure of one data subject (DESIGN §2.5): destroys all of their keys. */
  eraseSubject(tenantId: string, subjectId: string): Promise<readonly KeyId[]>;
  /**
   * This keyring inside the caller's transaction: key reads, creations and their audit events
   * join it, so a row and the key that seals it commit together. Keys it creates or loads stay
   * in a cache of its own until then (the transaction may still roll back).
   */
  within(tx: Tx): Keyring<Tx>;
  clearCache(): void;
}

const DEFAULT_CACHE = { maxEntries: 10_000, ttlMs: 5 * 60_000 };
/** The default of `cache.activeTtlMs`. */
export const DEFAULT_ACTIVE_KEY_TTL_MS = 30_000;
const scopeKey = (s: KeyScope) => JSON.stringify([s.tenantId, s.kind, s.subjectId]);
const scopeOf = (r: KeyScope): KeyScope => ({ tenantId: r.tenantId, kind: r.kind, subjectId: r.subjectId });

interface Shared {
  readonly keys: LruCache<KeyId, ResolvedKey>;
  readonly active: LruCache<string, ResolvedKey>;
  // Bumped by every destroy, so an unwrap that raced with it is not cached afterwards.
  epoch: number;
}

interface Bound<Tx> {
  readonly tx: Tx;
  readonly store: KeyStore;
  readonly keys: Map<KeyId, ResolvedKey>;
  readonly active: Map<string, ResolvedKey>;
}

export function createKeyring<Tx = never>(options: KeyringOptions<Tx>): Keyring<Tx> {
  const now = options.now ?? Date.now;
  const base = { ...DEFAULT_CACHE, ...options.cache, now };
  const shared: Shared = {
    keys: createLruCache<KeyId, ResolvedKey>(base),
    active: createLruCache<string, ResolvedKey>({
      ...base,
      ttlMs: Math.min(base.ttlMs, options.cache?.activeTtlMs ?? DEFAULT_ACTIVE_KEY_TTL_MS),
    }),
    epoch: 0,
  };
  return keyringView(options, shared, undefined);
}

function keyringView<Tx>(
  options: KeyringOptions<Tx>,
  shared: Shared,
  bound: Bound<Tx> | undefined,
): Keyring<Tx> {
  const { provider } = options;
  const now = options.now ?? Date.now;
  const store = bound?.store ?? options.store;
  const inFlight = new Map<string, Promise<ResolvedKey>>();

  const cachedKey = (id: KeyId) => bound?.keys.get(id) ?? shared.keys.get(id);
  const cachedActive = (scope: KeyScope) =>
    bound?.active.get(scopeKey(scope)) ?? shared.active.get(scopeKey(scope));
  const cacheKey = (key: ResolvedKey, startEpoch = shared.epoch) => {
    if (bound) bound.keys.set(key.id, key);
    else if (shared.epoch === startEpoch) shared.keys.set(key.id, key);
  };
  const cacheActive = (scope: KeyScope, key: ResolvedKey) =>
    bound ? bound.active.set(scopeKey(scope), key) : shared.active.set(scopeKey(scope), key);

  /** One transaction for a write and its event: the caller's, a new one, or none (memory store). */
  function atomic<T>(work: (store: KeyStore, tx: Tx | undefined) => Promise<T>): Promise<T> {
    if (bound) return work(bound.store, bound.tx);
    if (options.transactions) return options.transactions.run(work);
    return work(options.store, undefined);
  }

  const emit = async (
    type: KeyEvent['type'],
    scope: KeyScope,
    keyId: KeyId,
    tx: Tx | undefined,
    extra: Partial<KeyEvent> = {},
  ) => options.onEvent?.({ type, keyId, ...scopeOf(scope), at: new Date(now()), ...extra }, tx);

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

  async function unwrapRecord(record: KeyRecord, retried = false): Promise<Buffer> {
    if (record.status === 'destroyed' || !record.wrapped)
      throw new KeyDestroyed(record.id, record.destroyedAt);
    if (record.parentId === null) {
      const wrapped = { rootKeyId: record.rootKeyId ?? '', bytes: record.wrapped };
      return provider.unwrap({ keyId: record.id, tenantId: record.tenantId }, wrapped);
    }
    let parent: ResolvedKey;
    try {
      parent = await load(record.parentId, (p) => p.kind === 'tenant' && p.tenantId === record.tenantId);
    } catch (error) {
      // A tenant-key rotation may have rewrapped this key and destroyed its old parent since we
      // read the record: read it again, once, so that readers never fail during a rotation.
      if (!(error instanceof KeyDestroyed) || retried) throw error;
      const fresh = await store.get(record.id);
      if (!fresh || fresh.parentId === record.parentId) throw error;
      return unwrapRecord(fresh, true);
    }
    return unwrapUnderTenant(parent, record, record.id, record.wrapped);
  }

  /** Resolves a key by id through the cache; `accept` guards which keys this caller may get. */
  async function load(id: KeyId, accept: (scope: KeyScope) => boolean): Promise<ResolvedKey> {
    const reject = () => new UnknownKey(id, 'not a key of the expected kind and tenant');
    const cached = cachedKey(id);
    if (cached) {
      if (!accept(cached)) throw reject();
      return cached;
    }
    const key = await singleFlight(`id:${id}`, async () => {
      const startEpoch = shared.epoch;
      const record = await store.get(id);
      if (!record) throw new UnknownKey(id);
      if (!accept(record)) throw reject();
      const key = resolved(record, id, await unwrapRecord(record));
      await emit('key.unwrap', record, id, bound?.tx);
      cacheKey(key, startEpoch);
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
    const cached = cachedActive(scope);
    if (cached) return Promise.resolve(cached);
    return singleFlight(`scope:${scopeKey(scope)}`, async () => {
      const existing = await store.findActive(scope);
      let key: ResolvedKey;
      if (existing) {
        key = await load(existing.id, () => true);
      } else {
        const minted = await mint(scope);
        const winner = await atomic(async (trxStore, tx) => {
          const winner = await trxStore.insertActive(minted.record);
          if (winner.id === minted.record.id) await emit('key.create', scope, winner.id, tx);
          return winner;
        });
        if (winner.id === minted.record.id) {
          cacheKey(minted.key);
          key = minted.key;
        } else {
          key = await load(winner.id, () => true); // another process created it first
        }
      }
      cacheActive(scope, key);
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

  async function rotateKey(scope: KeyScope): Promise<Rotation> {
    const minted = await mint(scope);
    const previous = await atomic(async (trxStore, tx) => {
      const previous = await trxStore.rotate(minted.record);
      await emit('key.rotate', scope, minted.record.id, tx, previous ? { previousKeyId: previous.id } : {});
      return previous;
    });
    cacheKey(minted.key);
    cacheActive(scope, minted.key);
    return { keyId: minted.record.id, previousKeyId: previous?.id };
  }

  async function rewrapChildren(tenantKeyId: KeyId): Promise<number> {
    const old = await load(tenantKeyId, (s) => s.kind === 'tenant');
    const next = await activeKey(single(old.tenantId, 'tenant'));
    if (next.id === old.id) return 0;
    let count = 0;
    for (const child of await store.list({ tenantId: old.tenantId, parentId: old.id })) {
      if (child.status === 'destroyed' || !child.wrapped) continue;
      const material = unwrapUnderTenant(old, child, child.id, child.wrapped);
      const wrapped = wrapUnderTenant(next, child, child.id, material);
      material.fill(0);
      const done = await atomic(async (trxStore, tx) => {
        const done = await trxStore.rewrap(child.id, { parentId: next.id, rootKeyId: null, wrapped });
        if (done) await emit('key.rewrap', child, child.id, tx);
        return done;
      });
      if (done) count++;
    }
    return count;
  }

  async function destroyKey(keyId: KeyId, evictChildren = true): Promise<void> {
    shared.epoch++;
    const record = await atomic(async (trxStore, tx) => {
      const record = await trxStore.get(keyId);
      if (!record) throw new UnknownKey(keyId);
      if (record.status === 'destroyed') return undefined;
      await trxStore.destroy(keyId, new Date(now()));
      await emit('key.destroy', record, keyId, tx);
      return record;
    });
    shared.epoch++;
    if (!record) return;
    // A destroyed tenant key takes its children with it (offboarding): evict them too. After a
    // tenant-key rotation its children were rewrapped first and stay.
    const gone = (k: ResolvedKey) =>
      k.id === keyId || (evictChildren && record.kind === 'tenant' && k.tenantId === record.tenantId);
    for (const cache of [shared.keys, shared.active]) cache.deleteWhere(gone);
    for (const cache of bound ? [bound.keys, bound.active] : []) {
      for (const [k, v] of cache) if (gone(v)) cache.delete(k as never);
    }
  }

  return {
    encryptionKey: (scope) => activeKey(dataScope(scope)),
    decryptionKey: (keyId, tenantId) =>
      load(keyId, (s) => s.tenantId === tenantId && DATA_KEY_KINDS.includes(s.kind)),
    blindIndexRoot: (tenantId) => activeKey(single(tenantId, 'blind_index')),
    rotateDataKey: async (scope) => (await rotateKey(dataScope(scope))).keyId,
    rotateKey,
    rewrapChildren,
    async rotateTenantKey(tenantId) {
      const old = await activeKey(single(tenantId, 'tenant'));
      const next = await rotateKey(single(tenantId, 'tenant'));
      await rewrapChildren(old.id);
      // Only now is nothing wrapped under the old tenant key; a crash before this line leaves
      // it retired (still able to unwrap) and a re-run finishes the job.
      await destroyKey(old.id, false);
      return next.keyId;
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
        const done = await atomic(async (trxStore, tx) => {
          const done = await trxStore.rewrap(record.id, wrapping);
          if (done) await emit('key.rewrap', record, record.id, tx, { rootKeyId: wrapped.rootKeyId });
          return done;
        });
        if (done) count++;
      }
      return count;
    },
    destroyKey: (keyId) => destroyKey(keyId),
    async eraseSubject(tenantId, subjectId) {
      const live = (await store.list({ tenantId, kind: 'subject', subjectId })).filter(
        (r) => r.status !== 'destroyed',
      );
      for (const record of live) await destroyKey(record.id);
      return live.map((r) => r.id);
    },
    within(tx) {
      if (!options.transactions) throw new TypeError('this keyring has no transactional key store');
      const store = options.transactions.bind(tx);
      return keyringView(options, shared, { tx, store, keys: new Map(), active: new Map() });
    },
    clearCache() {
      shared.keys.clear();
      shared.active.clear();
      bound?.keys.clear();
      bound?.active.clear();
    },
  };
}

/**
 * A bounded least-recently-used cache with an absolute time-to-live. Used for unwrapped keys,
 * where both bounds are security properties: the size bound limits how much key material sits
 * in memory, and the TTL bounds how long another process may keep using a key after it was
 * destroyed or rotated elsewhere (the cache is per process; destruction evicts locally only).
 *
 * The TTL runs from insertion, not from last use: a hot key is still re-fetched, and so
 * re-checked against the key store, once per TTL.
 */
export interface LruCacheOptions {
  readonly maxEntries: number;
  readonly ttlMs: number;
  /** Milliseconds; injectable so tests can move time. */
  readonly now?: () => number;
}

export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  /** Deletes every entry whose value matches, e.g. all keys of one tenant. */
  deleteWhere(predicate: (value: V, key: K) => boolean): number;
  clear(): void;
  readonly size: number;
}

export function createLruCache<K, V>(options: LruCacheOptions): LruCache<K, V> {
  if (!(options.maxEntries >= 1) || !(options.ttlMs > 0))
    throw new RangeError('maxEntries ≥ 1 and ttlMs > 0');
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on read makes the first entry the LRU one.
  const entries = new Map<K, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete: (key) => entries.delete(key),
    deleteWhere(predicate) {
      let n = 0;
      for (const [key, { value }] of entries) if (predicate(value, key) && entries.delete(key)) n++;
      return n;
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}

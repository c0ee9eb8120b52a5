import { describe, expect, it } from 'vitest';
import { createLruCache } from './lru-cache.ts';

describe('LRU cache', () => {
  it('never holds more than maxEntries and evicts the least recently used', () => {
    const cache = createLruCache<string, number>({ maxEntries: 3, ttlMs: 1000, now: () => 0 });
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    cache.get('a'); // a is now the most recently used
    cache.set('d', 3);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([0, 2, 3]);
  });

  it('expires entries ttlMs after insertion, however often they are read', () => {
    let now = 0;
    const cache = createLruCache<string, number>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deletes by predicate', () => {
    const cache = createLruCache<string, string>({ maxEntries: 10, ttlMs: 100 });
    cache.set('1', 'tenant-a');
    cache.set('2', 'tenant-b');
    expect(cache.deleteWhere((v) => v === 'tenant-a')).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('refuses a useless configuration', () => {
    expect(() => createLruCache({ maxEntries: 0, ttlMs: 1 })).toThrow(RangeError);
    expect(() => createLruCache({ maxEntries: 1, ttlMs: 0 })).toThrow(RangeError);
  });
});

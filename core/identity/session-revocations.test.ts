import { describe, expect, it } from 'vitest';
import type { Revocation } from './session.repository.ts';
import { createRevocationList } from './session-revocations.ts';

/** A revocation list over an in-memory "table" and a hand-moved clock. */
function fixture() {
  const table: Revocation[] = [];
  let now = 1_000_000;
  let loads = 0;
  const list = createRevocationList({
    load: async (since) => {
      loads++;
      return table.filter((row) => row.revokedAt > since);
    },
    retainMs: 60_000,
    refreshMs: 5_000,
    now: () => now,
  });
  return {
    list,
    table,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => new Date(now),
    loads: () => loads,
  };
}

describe('createRevocationList', () => {
  it('answers from memory while fresh, and reloads once when stale', async () => {
    const f = fixture();
    expect(await f.list.isRevoked('s1')).toBe(false);
    expect(f.loads()).toBe(1);
    f.table.push({ familyId: 's1', revokedAt: f.at() });
    // Fresh: a synchronous answer, no query, and the other process's revocation is not seen yet.
    expect(f.list.isRevoked('s1')).toBe(false);
    f.advance(5_000);
    const [a, b] = await Promise.all([f.list.isRevoked('s1'), f.list.isRevoked('s2')]);
    expect([a, b]).toEqual([true, false]);
    expect(f.loads()).toBe(2);
  });

  it('applies local revocations at once and keeps them across reloads that missed them', async () => {
    const f = fixture();
    await f.list.refresh();
    f.list.add('mine', f.at());
    expect(f.list.isRevoked('mine')).toBe(true);
    f.advance(5_000);
    expect(await f.list.isRevoked('mine')).toBe(true);
  });

  it('forgets a revocation once every token it could concern has expired', async () => {
    const f = fixture();
    f.list.add('old', f.at());
    f.advance(60_001);
    expect(await f.list.isRevoked('old')).toBe(false);
  });

  it('fails closed: a failed reload rejects instead of answering from a stale list', async () => {
    const list = createRevocationList({
      load: async () => {
        throw new Error('database down');
      },
      retainMs: 60_000,
      refreshMs: 5_000,
    });
    await expect(list.isRevoked('s1')).rejects.toThrow('database down');
  });
});

import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('token-bucket rate limiter', () => {
  it('allows a burst of the limit, then refills evenly', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, now: () => now });
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeCloseTo(1, 5);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('keeps clients apart', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('forgets the least recently seen client when full, bounding memory', () => {
    const limiter = createRateLimiter({ perMinute: 1, maxClients: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('c')).toBeGreaterThan(0);
  });
});

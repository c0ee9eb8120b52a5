import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors/app-error.ts';
import type { HttpEnv } from '../http-env.ts';

interface Bucket {
  tokens: number;
  updated: number;
}

export interface RateLimiterOptions {
  readonly perMinute: number;
  /** Buckets kept at most; the least recently seen are dropped first. */
  readonly maxClients?: number;
  readonly now?: () => number;
}

/**
 * A token bucket per client address: a burst of up to `perMinute` requests, refilled evenly over
 * the minute. In-process: with several Custos processes the effective limit is per process, which
 * is the documented behaviour (the load balancer is the place for a global limit).
 */
export function createRateLimiter({ perMinute, maxClients = 100_000, now = Date.now }: RateLimiterOptions) {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  return {
    /** Returns 0 when allowed, otherwise the seconds to wait. */
    take(client: string): number {
      const at = now();
      let bucket = buckets.get(client);
      if (bucket) {
        buckets.delete(client);
        bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updated) * refillPerMs);
        bucket.updated = at;
      } else {
        bucket = { tokens: perMinute, updated: at };
        if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
      }
      buckets.set(client, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (1 - bucket.tokens) / refillPerMs / 1000;
    },
  };
}

export function rateLimit(perMinute: number): MiddlewareHandler<HttpEnv> {
  const limiter = createRateLimiter({ perMinute });
  return async (c, next) => {
    const wait = limiter.take(c.env.clientAddress);
    if (wait > 0) {
      throw new AppError('rate_limited', `Too many requests; retry in ${Math.ceil(wait)} s.`, {
        retryAfter: wait,
      });
    }
    await next();
  };
}

/**
 * A token bucket for one connection: `burst` frames at once, refilled at `perSecond`. Returns 0
 * when the frame may pass, else the milliseconds until it could.
 */
export function tokenBucket(burst: number, perSecond: number, now: () => number = Date.now) {
  let tokens = burst;
  let updated = now();
  return (): number => {
    const at = now();
    tokens = Math.min(burst, tokens + ((at - updated) * perSecond) / 1000);
    updated = at;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) * 1000) / perSecond);
  };
}

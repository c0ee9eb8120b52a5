import type { Router } from 'hono/router';
import type { RouterRoute } from 'hono/types';

const CACHE_LIMIT = 1024;

/**
 * The route pattern a request matched (`/api/v1/tenants/:slug`), for the access log: the pattern,
 * never the raw path, so identifiers in URLs stay out of logs. Asks the application's own router (asked with its final table, after every route is registered);
 * answers for recent paths are kept, so a busy path costs one map lookup. Undefined when nothing
 * but middleware matched (a 404).
 */
export function routePatternFinder(
  router: Router<[unknown, RouterRoute]>,
): (method: string, path: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (method, path) => {
    const key = `${method} ${path}`;
    if (cache.has(key)) return cache.get(key);
    const [matched] = router.match(method === 'HEAD' ? 'GET' : method, path);
    let pattern: string | undefined;
    for (const [[, route]] of matched) {
      if (route.method !== 'ALL') pattern = route.path;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, pattern);
    return pattern;
  };
}

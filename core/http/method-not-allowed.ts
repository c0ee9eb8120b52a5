import type { RouterRoute } from 'hono/types';

/** Turns Hono path patterns (`/a/:id`, `/a/*`) into matchers, to tell 404 from 405. */
function patternToRegExp(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) {
        const custom = /\{(.+)\}$/.exec(segment);
        return custom ? `(?:${custom[1]})` : '[^/]+';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** Returns the methods other routes accept for this path, for a 405 with an `Allow` header. */
export function allowedMethodsFinder(routes: readonly RouterRoute[]) {
  let compiled: { method: string; pattern: RegExp }[] | undefined;
  return (path: string): string[] => {
    compiled ??= routes
      .filter((route) => route.method !== 'ALL' && !route.path.endsWith('*'))
      .map((route) => ({ method: route.method, pattern: patternToRegExp(route.path) }));
    const methods = new Set(
      compiled.filter((route) => route.pattern.test(path)).map((route) => route.method),
    );
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

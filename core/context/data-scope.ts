import { AsyncLocalStorage } from 'node:async_hooks';
import { currentContext } from './request-context.ts';

/**
 * Which rows of the tenant tables the work in progress may see and write, as PostgreSQL's
 * row-level security enforces it (core/db/row-security.ts): one tenant's, every tenant's
 * (platform work: tenant administration, the audit sequencer, the console), or none.
 */
export type DataScope =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'platform' }
  | { readonly kind: 'none' };

export const PLATFORM_SCOPE: DataScope = Object.freeze({ kind: 'platform' });
export const NO_SCOPE: DataScope = Object.freeze({ kind: 'none' });

const explicit = new AsyncLocalStorage<DataScope>();

/**
 * The scope of the current work:
 * - set explicitly (`withDataScope`), that scope;
 * - outside any request (start-up, background jobs, the `custos` console): platform;
 * - in a request of the platform operator or a system actor: platform;
 * - in any other request: the request's tenant (from the URL once the tenant guard has resolved
 *   it, else the actor's own), else none — an anonymous request sees no tenant's rows until its
 *   tenant is known.
 */
export function currentDataScope(): DataScope {
  const scope = explicit.getStore();
  if (scope) return scope;
  const context = currentContext();
  if (!context) return PLATFORM_SCOPE;
  const { actor } = context;
  if (actor.kind === 'system' || (actor.kind === 'service' && actor.role === 'platform_operator')) {
    return PLATFORM_SCOPE;
  }
  const tenantId = context.tenantId ?? (actor as { readonly tenantId?: unknown }).tenantId;
  return typeof tenantId === 'string' ? { kind: 'tenant', tenantId } : NO_SCOPE;
}

/** Runs `fn` (and everything it awaits) in `scope`, whatever the request would give. */
export function withDataScope<T>(scope: DataScope, fn: () => T): T {
  return explicit.run(scope, fn);
}

import type { Tenant } from '../core/index.ts';
import type { Runtime } from './runtime.ts';

/** Who a `custos` command acts as: the platform operator at the console, as a system actor. */
export const CLI_OPERATOR = { kind: 'system', id: 'cli', role: 'platform_operator' } as const;

/** Every tenant, page by page. */
export async function allTenants(runtime: Runtime): Promise<Tenant[]> {
  const all: Tenant[] = [];
  let cursor: string | undefined;
  do {
    const page = await runtime.tenants.list(CLI_OPERATOR, 200, cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

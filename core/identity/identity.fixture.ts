import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/schema.ts';
import type { TenantService } from '../tenancy/tenant.service.ts';
import { base32Decode } from './base32.ts';
import type { Identity } from './identity.ts';
import { totp } from './totp.ts';

/** Shared set-up of the identity HTTP suites: synthetic tenants, console-created staff, sign-in. */

export const SYSTEM = { kind: 'system', id: 'test-setup', role: 'platform_operator' } as const;
export const PASSWORD = 'correct horse battery staple';
export const JSON_HEADERS = { 'content-type': 'application/json' };

/** What the suites use of `createTestApp()` (testing/ is not imported outside test files). */
interface TestApp {
  readonly app: { request(path: string, init?: RequestInit): Response | Promise<Response> };
  readonly runtime: {
    readonly tenants: TenantService;
    readonly identity: Identity;
    readonly database: { readonly db: Kysely<Database> };
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createTenant(t: TestApp, slug: string): Promise<string> {
  const tenant = await t.runtime.tenants.create(SYSTEM, {
    slug,
    name: `Synthetic ${slug}`,
    vertical: 'medical',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
  });
  return tenant.id;
}

/** A console-created account; for MFA roles, the TOTP key as bytes. */
export async function createStaff(t: TestApp, slug: string, loginName: string, roles: string[]) {
  const { user, totpUri } = await t.runtime.identity.users.create(SYSTEM, {
    tenantSlug: slug,
    loginName,
    roles,
    password: PASSWORD,
  });
  const secret = totpUri ? new URL(totpUri).searchParams.get('secret') : null;
  return { id: user.id, key: secret ? base32Decode(secret) : undefined };
}

export function post(t: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(path, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: string;
}

/** Signs in over HTTP; `key` adds a code of the given step offset (codes are single-use). */
export async function signIn(
  t: TestApp,
  slug: string,
  loginName: string,
  key?: Uint8Array,
  step = 0,
): Promise<Tokens> {
  const code = key ? { totp: totp(key, new Date(Date.now() + step * 30_000)) } : {};
  const response = await post(t, `/api/v1/tenants/${slug}/auth/login`, {
    loginName,
    password: PASSWORD,
    ...code,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

/** The audit events recorded for a tenant, decoded. */
export async function auditEvents(t: TestApp, tenantId: string) {
  const rows = await t.runtime.database.db
    .selectFrom('audit_pending')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((row) => JSON.parse(Buffer.from(row.body).toString('utf8')));
}

export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

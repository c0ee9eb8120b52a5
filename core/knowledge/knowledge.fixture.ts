import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../context/request-context.ts';
import type { Database } from '../db/schema.ts';
import { isAppError } from '../errors/app-error.ts';
import type { TenantService } from '../tenancy/tenant.service.ts';
import type { FaqSeed, KnowledgeTenant } from './article.ts';

/** Shared set-up of the knowledge suites: synthetic tenants, staff actors, FAQ seeds. */

const PLATFORM = { kind: 'service', id: 'platform-operator', role: 'platform_operator' } as const;

export async function createKnowledgeTenant(
  tenants: TenantService,
  slug: string,
  vertical = 'medical',
): Promise<KnowledgeTenant> {
  const tenant = await tenants.create(PLATFORM, {
    slug,
    name: `Synthetic ${slug}`,
    vertical,
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
  });
  return { id: tenant.id, vertical: tenant.vertical };
}

/** A staff actor as the access-token resolver would produce it. */
export const staffOf = (tenant: KnowledgeTenant, role: string, id: string = randomUUID()): Actor =>
  ({ kind: 'staff', id, role, tenantId: tenant.id, roles: [role], mfa: true }) as Actor;

/** The error code a promise fails with, or 'succeeded'. */
export async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

/** The audit events recorded for a tenant (before sequencing), decoded. */
export async function auditIntake(db: Kysely<Database>, tenantId: string) {
  const rows = await db
    .selectFrom('audit_pending')
    .select('body')
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((row) => JSON.parse(Buffer.from(row.body).toString('utf8')) as Record<string, unknown>);
}

/** Obviously synthetic seeds of a hospital pack, in both locales. */
export const HOSPITAL_SEEDS: readonly FaqSeed[] = [
  {
    key: 'hours',
    locale: 'zh-CN',
    title: '门诊时间',
    body: '示例医院门诊周一至周五 8:00–17:00 开放。',
    questions: ['你们几点开门', '门诊什么时候上班', '周末开门吗'],
    tags: ['门诊'],
    intent: 'opening_hours',
  },
  {
    key: 'parking',
    locale: 'zh-CN',
    title: '停车',
    body: '示例医院地下停车场前两小时免费。',
    questions: ['哪里可以停车', '停车场在哪里', '停车收费吗'],
    tags: ['交通'],
  },
  {
    key: 'hours',
    locale: 'en',
    title: 'Opening hours',
    body: 'The sample clinic is open Monday to Friday, 8 am to 5 pm.',
    questions: ['When are you open?', 'What time does the clinic open?'],
    tags: ['clinic'],
    intent: 'opening_hours',
  },
];

import { z } from '@hono/zod-openapi';

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
};

const isLocale = (value: string) => {
  try {
    return Intl.getCanonicalLocales(value)[0] === value;
  } catch {
    return false;
  }
};

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens, at most 63')
  .openapi({ example: 'demo-hospital' });

export const newTenantSchema = z
  .object({
    slug: slugSchema,
    name: z.string().trim().min(1).max(200).openapi({ example: '示例综合医院' }),
    vertical: z.string().min(1).openapi({ example: 'medical' }),
    locale: z
      .string()
      .refine(isLocale, 'a canonical BCP 47 language tag such as zh-CN or en')
      .default('zh-CN')
      .openapi({ example: 'zh-CN' }),
    timeZone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai')
      .openapi({ example: 'Asia/Shanghai' }),
    displayNames: z
      .record(z.string().refine(isLocale, 'a canonical BCP 47 language tag'), z.string().min(1).max(200))
      .optional()
      .openapi({ example: { en: 'Custos Demo General Hospital' } }),
  })
  .strict()
  .openapi('NewTenant');

export const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: slugSchema,
    name: z.string(),
    vertical: z.string(),
    locale: z.string(),
    timeZone: z.string(),
    displayNames: z.record(z.string(), z.string()),
    createdAt: z.iso.datetime(),
  })
  .openapi('Tenant');

export const tenantListSchema = z
  .object({
    items: z.array(tenantSchema),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` to get the next page' }),
  })
  .openapi('TenantList');

export const tenantListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: slugSchema.optional().openapi({ description: 'The `nextCursor` of the previous page' }),
});

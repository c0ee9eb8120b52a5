import { z } from '@hono/zod-openapi';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { IDENTIFIER_KINDS } from './contact-verification-identifiers.ts';

export const tenantParamsSchema = z.object({ slug: slugSchema });
export const verificationParamsSchema = tenantParamsSchema.extend({ verificationId: z.uuid() });

const identifierSchema = z
  .strictObject({
    kind: z.enum(IDENTIFIER_KINDS),
    value: z.string().trim().min(1).max(64).openapi({ example: 'MRN-880001' }),
  })
  .openapi('ContactIdentifier', {
    description:
      'A directory identifier of the person: medical record number, student number or mobile phone',
  });

export const startCodeSchema = z
  .strictObject({
    method: z.literal('code'),
    identifier: identifierSchema,
    locale: z
      .enum(['zh-CN', 'en'])
      .optional()
      .openapi({ description: "The message's language; default the tenant's" }),
  })
  .openapi('ContactVerificationStart');

export const startedSchema = z
  .object({ verificationId: z.uuid(), expiresAt: z.iso.datetime() })
  .openapi('ContactVerificationStarted', {
    description: 'The same answer whether or not a record matched: no enumeration',
  });

export const confirmCodeSchema = z
  .strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') })
  .openapi('ContactVerificationCode');

export const knowledgeSchema = z
  .strictObject({
    identifier: identifierSchema,
    dateOfBirth: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .openapi({ example: '1980-01-02' }),
    phoneLast4: z
      .string()
      .regex(/^\d{4}$/, 'four digits')
      .optional(),
  })
  .openapi('ContactKnowledgeCheck');

export const verifiedSchema = z
  .object({ verified: z.literal(true), until: z.iso.datetime() })
  .openapi('ContactVerified', { description: "The conversation's visitor is verified until then" });

export const ownDisclosuresSchema = z
  .object({
    format: z.literal('custos-own-disclosures/1'),
    generatedAt: z.iso.datetime(),
    entries: z.array(
      z.object({
        time: z.iso.datetime(),
        role: z.string(),
        action: z.string(),
        purpose: z.string(),
        outcome: z.object({ result: z.string(), reason: z.string().optional() }),
      }),
    ),
  })
  .openapi('OwnDisclosureAccount', {
    description: 'Who (by role) accessed the person’s data, when, why and with what outcome',
  });

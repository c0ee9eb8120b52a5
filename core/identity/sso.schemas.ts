import { z } from '@hono/zod-openapi';
import { slugSchema } from '../tenancy/tenant.schemas.ts';
import { PROVIDER_ID } from './sso-provider.ts';

export const ssoParamsSchema = z.object({
  slug: slugSchema,
  provider: z
    .string()
    .regex(PROVIDER_ID, 'lower-case letters, digits and hyphens')
    .openapi({ example: 'campus-idp' }),
});

export const ssoStartQuerySchema = z.object({
  returnTo: z
    .string()
    .max(2048)
    .optional()
    .openapi({ description: 'Where the client goes after sign-in; only URLs on CUSTOS_PUBLIC_URL' }),
});

/** RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207 `iss`: not strict, providers add their own parameters. */
export const ssoCallbackQuerySchema = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
});

export const ssoTokenResponseSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
    refreshToken: z.string().optional(),
    refreshExpiresIn: z.number().int().optional(),
    userId: z.uuid(),
    roles: z.array(z.string()),
    amr: z
      .array(z.string())
      .openapi({ description: 'RFC 8176 methods the identity provider reported (plus mfa, see docs)' }),
    returnTo: z.url().nullable().openapi({ description: 'The return URL given at start, if any' }),
  })
  .openapi('SsoSignIn');

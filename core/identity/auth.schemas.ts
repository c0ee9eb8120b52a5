import { z } from '@hono/zod-openapi';

export const loginSchema = z
  .object({
    loginName: z.string().min(1).max(64).openapi({ example: 'wang.li' }),
    password: z.string().min(1).max(256).openapi({ format: 'password' }),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional()
      .openapi({ description: 'The current code of the authenticator app; required for MFA roles' }),
  })
  .strict()
  .openapi('Login');

export const tokenResponseSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
    userId: z.uuid(),
    roles: z.array(z.string()),
    amr: z.array(z.string()).openapi({ description: 'RFC 8176 methods used: pwd, otp' }),
    refreshToken: z.string().openapi({
      description: 'Opaque; send it once to …/auth/refresh for new tokens. Every use replaces it.',
    }),
    refreshExpiresIn: z
      .number()
      .int()
      .openapi({ description: 'Seconds until the refresh token lapses unless used (idle logoff)' }),
  })
  .openapi('AccessToken');

export const refreshSchema = z
  .object({ refreshToken: z.string().min(1).max(200) })
  .strict()
  .openapi('RefreshRequest');

export const whoAmISchema = z
  .object({
    userId: z.uuid(),
    tenantId: z.uuid(),
    roles: z.array(z.string()),
    queueIds: z
      .array(z.string())
      .openapi({ description: 'The queues the account worked when the token was issued' }),
    mfa: z.boolean(),
  })
  .openapi('WhoAmI');

export const jwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi('JsonWebKeySet');

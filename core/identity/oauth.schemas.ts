import { z } from '@hono/zod-openapi';

/**
 * The token request as OpenAPI documents it. A plain schema object rather than zod on purpose:
 * a zod body would be validated by the framework and refused as problem+json, while OAuth
 * clients expect RFC 6749 §5.2 errors, which the route produces itself (oauth-token.service.ts).
 */
export const tokenRequestDoc = {
  type: 'object' as const,
  required: ['grant_type', 'client_assertion_type', 'client_assertion'],
  properties: {
    grant_type: { type: 'string' as const, enum: ['client_credentials'] },
    client_assertion_type: {
      type: 'string' as const,
      enum: ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
    },
    client_assertion: {
      type: 'string' as const,
      description: 'A JWT signed with a registered key: iss = sub = client id, aud = this URL, exp, jti',
    },
    scope: {
      type: 'string' as const,
      description: 'Space-separated scopes; all the client may have when absent',
    },
    client_id: { type: 'string' as const, description: 'Optional; must equal the assertion’s iss when sent' },
  },
};

export const oauthTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .openapi('OAuthTokenResponse', { description: 'RFC 6749 §5.1' });

export const oauthErrorSchema = z
  .object({
    error: z.enum([
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'invalid_scope',
      'unauthorized_client',
      'unsupported_grant_type',
    ]),
    error_description: z.string(),
  })
  .openapi('OAuthError', { description: 'RFC 6749 §5.2' });

export const serviceClientSelfSchema = z
  .object({ clientId: z.uuid(), tenantId: z.uuid(), scopes: z.array(z.string()) })
  .openapi('ServiceClientSelf');

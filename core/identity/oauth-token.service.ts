import { decodeJwt } from 'jose';
import type { Kysely } from 'kysely';
import type { FailureReason } from '../../compliance/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import type { TenantRepository } from '../tenancy/tenant.repository.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { AssertionRejected, verifyClientAssertion } from './oauth-assertion.ts';
import { OAuthError } from './oauth-errors.ts';
import type { ServiceClientCredentials, ServiceClientRepository } from './service-client.repository.ts';
import { isScope } from './service-client.ts';
import { clientActor, serviceClientEvent, UNKNOWN_CLIENT } from './service-client-audit.ts';
import { issueServiceToken } from './service-client-token.ts';
import type { SigningKeySource } from './signing-key-source.ts';
import type { AccessTokenConfig } from './tokens.ts';

/** RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenRequest {
  readonly tenantSlug: string;
  /** The form parameters, each name with every value it was sent with. */
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly requestId?: string;
  readonly clientAddress?: string;
}

export interface IssuedServiceToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly scopes: readonly string[];
  readonly clientId: string;
}

export interface OAuthTokenServiceDeps {
  readonly db: Kysely<Database>;
  readonly clients: ServiceClientRepository;
  readonly tenants: Pick<TenantRepository, 'findBySlug'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly signingKeys: SigningKeySource;
  readonly tokens: AccessTokenConfig;
  readonly now?: () => Date;
}

/** The token endpoint's URL for a tenant: the audience a client assertion must name. */
export const tokenEndpointUrl = (issuer: string, slug: string) =>
  `${issuer}/api/v1/tenants/${slug}/oauth/token`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLIENT_AUTH_FAILED = 'Client authentication failed.';

/** RFC 6749 §3.2: a parameter sent twice makes the request invalid; an empty one counts as absent. */
function single(params: TokenRequest['params'], name: string): string | undefined {
  const values = params.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1)
    throw new OAuthError('invalid_request', `The parameter ${name} was sent more than once.`);
  return values[0] === '' ? undefined : values[0];
}

/** The assertion's claimed client, read before verification only to find the keys to verify with. */
function claimedClient(assertion: string): string | undefined {
  try {
    const { iss } = decodeJwt(assertion);
    return typeof iss === 'string' && UUID.test(iss) ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) with `private_key_jwt` client
 * authentication (RFC 7523 §2.2, §3). Every outcome for a known tenant is audited: a token as a
 * `login` of the client, in the transaction that spends the assertion's `jti`; a refusal as a
 * `login-failed` on its own. Failures of the assertion all read alike to the caller.
 */
export function createOAuthTokenService(deps: OAuthTokenServiceDeps) {
  const { db, clients, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function refuse(
    tenant: Tenant,
    request: TokenRequest,
    clientId: string,
    reason: FailureReason,
    error: OAuthError,
  ): Promise<never> {
    await db.transaction().execute((trx) =>
      audit.record(
        trx,
        serviceClientEvent({
          tenantId: tenant.id,
          vertical: tenant.vertical,
          actor: clientActor(clientId),
          action: 'login-failed',
          clientId,
          failure: reason,
          requestId: request.requestId,
          clientAddress: request.clientAddress,
        }),
      ),
    );
    throw error;
  }

  /** RFC 6749 §3.3: no scope asks for all the client may have; otherwise the allowed part. */
  function grantedScopes(requested: string | undefined, allowed: readonly string[]): string[] {
    if (requested === undefined) return [...allowed];
    const asked = requested.split(' ').filter((s) => s !== '');
    if (asked.length === 0 || !asked.every(isScope)) {
      throw new OAuthError('invalid_scope', 'The scope parameter is malformed.');
    }
    const granted = [...new Set(asked)].filter((scope) => allowed.includes(scope));
    if (granted.length === 0) {
      throw new OAuthError('invalid_scope', 'None of the requested scopes is allowed for this client.');
    }
    return granted.sort();
  }

  return {
    async token(request: TokenRequest): Promise<IssuedServiceToken> {
      const at = now();
      const tenant = await deps.tenants.findBySlug(request.tenantSlug);
      // No tenant, no log to write to; the answer is the one an unknown client gets.
      if (!tenant) throw new OAuthError('invalid_client', CLIENT_AUTH_FAILED);
      const { params } = request;
      const fail = (clientId: string, reason: FailureReason, error: OAuthError) =>
        refuse(tenant, request, clientId, reason, error);

      let grantType: string | undefined;
      let assertionType: string | undefined;
      let assertion: string | undefined;
      let clientIdParam: string | undefined;
      let scope: string | undefined;
      try {
        grantType = single(params, 'grant_type');
        assertionType = single(params, 'client_assertion_type');
        assertion = single(params, 'client_assertion');
        clientIdParam = single(params, 'client_id');
        scope = single(params, 'scope');
      } catch (error) {
        return fail(UNKNOWN_CLIENT, 'invalid', error as OAuthError);
      }
      if (grantType === undefined) {
        return fail(UNKNOWN_CLIENT, 'invalid', new OAuthError('invalid_request', 'grant_type is required.'));
      }
      if (grantType !== 'client_credentials') {
        return fail(
          UNKNOWN_CLIENT,
          'invalid',
          new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported.'),
        );
      }
      if (assertionType !== JWT_BEARER_ASSERTION || assertion === undefined) {
        return fail(
          UNKNOWN_CLIENT,
          'bad-credentials',
          new OAuthError(
            'invalid_client',
            `Authenticate with client_assertion_type=${JWT_BEARER_ASSERTION} and a client_assertion.`,
          ),
        );
      }

      const claimed = claimedClient(assertion);
      const found: ServiceClientCredentials | undefined = claimed
        ? await clients.find(tenant.id, claimed)
        : undefined;
      const badClient = new OAuthError('invalid_client', CLIENT_AUTH_FAILED);
      if (!found) return fail(UNKNOWN_CLIENT, 'bad-credentials', badClient);
      const { client } = found;
      // RFC 7523 §3: client_id, when sent, must name the client the assertion is for.
      if (clientIdParam !== undefined && clientIdParam !== client.clientId) {
        return fail(client.clientId, 'bad-credentials', badClient);
      }
      let verified: Awaited<ReturnType<typeof verifyClientAssertion>>;
      try {
        verified = await verifyClientAssertion(assertion, found.jwks, {
          clientId: client.clientId,
          audience: tokenEndpointUrl(deps.tokens.issuer, request.tenantSlug),
          now: at,
          clockToleranceSeconds: deps.tokens.clockToleranceSeconds,
        });
      } catch (error) {
        if (!(error instanceof AssertionRejected)) throw error;
        return fail(client.clientId, 'bad-credentials', badClient);
      }
      // Checked after the signature, so that whether a client is disabled is told only to it.
      if (client.disabled) return fail(client.clientId, 'denied', badClient);
      let scopes: string[];
      try {
        scopes = grantedScopes(scope, client.scopes);
      } catch (error) {
        return fail(client.clientId, 'denied', error as OAuthError);
      }

      const issued = await issueServiceToken(
        await deps.signingKeys(),
        deps.tokens,
        { clientId: client.clientId, tenantId: tenant.id, scopes },
        at,
      );
      const fresh = await db.transaction().execute(async (trx) => {
        const first = await clients.useJti(
          trx,
          tenant.id,
          client.clientId,
          verified.jti,
          verified.replayableUntil,
          at,
        );
        if (first) {
          await audit.record(
            trx,
            serviceClientEvent({
              tenantId: tenant.id,
              vertical: tenant.vertical,
              actor: clientActor(client.clientId),
              action: 'login',
              clientId: client.clientId,
              requestId: request.requestId,
              clientAddress: request.clientAddress,
            }),
          );
        }
        return first;
      });
      // RFC 7523 §3 item 7: a `jti` seen before is a replay, whichever process saw it.
      if (!fresh) return fail(client.clientId, 'bad-credentials', badClient);
      return { accessToken: issued.token, expiresAt: issued.expiresAt, scopes, clientId: client.clientId };
    },
  };
}

export type OAuthTokenService = ReturnType<typeof createOAuthTokenService>;

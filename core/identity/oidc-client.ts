import * as oidc from 'openid-client';
import type { Claims } from './sso-claims.ts';
import { allowsInsecureHttp, type SsoProvider } from './sso-provider.ts';

/**
 * The relying party, as thin as possible over `openid-client` (a certified OpenID Connect RP):
 * discovery, the authorization request with PKCE S256, state and nonce, and the code exchange
 * whose ID token it validates — signature against the provider's JWKS, `iss`, `aud`, `azp`,
 * `exp`, `iat`, `nonce` — before any claim is read here. Nothing of the protocol is re-implemented.
 */
export interface OidcProviderEntry {
  readonly provider: SsoProvider;
  readonly clientSecret: string;
  /** Changes whenever the stored provider changes, so a cached discovery is not reused. */
  readonly version: string;
}

export interface AuthorizationStart {
  readonly url: URL;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface CallbackChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Why the provider's answer was not accepted; the cause goes to the log, not to the caller. */
export type OidcFailure = 'provider_error' | 'rejected' | 'unreachable';

export class OidcError extends Error {
  override readonly name = 'OidcError';
  constructor(
    readonly kind: OidcFailure,
    /** For `provider_error`: the OAuth error code the provider sent (RFC 6749 §4.1.2.1). */
    readonly providerCode: string | undefined,
    cause: unknown,
  ) {
    super(`OpenID sign-in failed: ${kind}${providerCode ? ` (${providerCode})` : ''}`, { cause });
  }
}

// RFC 6749 §4.1.2.1 error codes are ASCII tokens; anything else is not repeated.
const OAUTH_CODE = /^[a-z_]{1,64}$/;

function classify(error: unknown): OidcError {
  if (error instanceof OidcError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new OidcError('provider_error', OAUTH_CODE.test(error.error) ? error.error : undefined, error);
  }
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.message === 'fetch failed')
      return new OidcError('unreachable', undefined, error);
  }
  return new OidcError('rejected', undefined, error);
}

export interface OidcClientOptions {
  /** How long a discovered configuration (metadata, and the JWKS cached in it) is reused. */
  readonly cacheSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly now?: () => number;
}

export function createOidcClient(options: OidcClientOptions = {}) {
  const cacheMs = (options.cacheSeconds ?? 600) * 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { config: Promise<oidc.Configuration>; until: number }>();

  function configuration(entry: OidcProviderEntry): Promise<oidc.Configuration> {
    const { provider } = entry;
    const key = `${provider.tenantId}/${provider.id}/${entry.version}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.config;
    for (const [k, v] of cache) if (v.until <= now()) cache.delete(k);
    const config = oidc.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      oidc.ClientSecretBasic(entry.clientSecret),
      {
        // Non-repudiation: the ID token's signature is checked against the provider's JWKS even
        // though it came straight from the token endpoint (OpenID Connect Core §3.1.3.7 lets TLS
        // stand in for it; Custos does not, so a tampered or forged token fails either way).
        execute: [
          oidc.enableNonRepudiationChecks,
          // Only a loopback issuer may be plain http (sso-provider.ts checks it when stored).
          ...(allowsInsecureHttp(provider.issuer) ? [oidc.allowInsecureRequests] : []),
        ],
        timeout: options.timeoutSeconds ?? 10,
      },
    );
    cache.set(key, { config, until: now() + cacheMs });
    // A failed discovery is not cached: the next sign-in tries again.
    config.catch(() => cache.delete(key));
    return config;
  }

  return {
    /** The provider's authorization URL for a new sign-in, with fresh state, nonce and verifier. */
    async start(entry: OidcProviderEntry, redirectUri: string): Promise<AuthorizationStart> {
      try {
        const config = await configuration(entry);
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        // OpenID Connect Core §5.5: ask for the authentication methods in the ID token where the
        // provider takes requests for claims; some send amr and acr only when asked.
        const claims: Record<string, string> = config.serverMetadata().claims_parameter_supported
          ? { claims: JSON.stringify({ id_token: { amr: null, acr: null } }) }
          : {};
        const url = oidc.buildAuthorizationUrl(config, {
          ...claims,
          response_type: 'code',
          redirect_uri: redirectUri,
          scope: ['openid', ...entry.provider.scopes].join(' '),
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        return { url, state, nonce, codeVerifier };
      } catch (error) {
        throw classify(error);
      }
    },

    /**
     * Exchanges the code of a callback and returns the validated ID token's claims. Claims the
     * ID token lacks (many providers put profile and group claims only in UserInfo) are read from
     * UserInfo, whose `sub` must be the ID token's (OpenID Connect Core §5.3.2).
     */
    async finish(entry: OidcProviderEntry, callbackUrl: URL, checks: CallbackChecks): Promise<Claims> {
      try {
        const config = await configuration(entry);
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new OidcError('rejected', undefined, new Error('no ID token'));
        const wanted = [entry.provider.loginClaim, entry.provider.rolesClaim].filter(
          (c): c is string => c !== null && !(c in claims),
        );
        if (wanted.length === 0 || !config.serverMetadata().userinfo_endpoint) return claims;
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        const extra = Object.fromEntries(wanted.filter((c) => c in info).map((c) => [c, info[c]]));
        return { ...claims, ...extra };
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;

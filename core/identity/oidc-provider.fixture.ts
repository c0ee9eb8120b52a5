import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real, certified OpenID provider (`oidc-provider`) on 127.0.0.1 with an ephemeral port, for
 * tests of single sign-on. Its login and consent step is a small HTTP endpoint that the test
 * drives like a browser: `/interaction/{uid}?account=alice&amr=pwd,otp&acr=…` signs that account
 * in with those methods; no `account` answers `access_denied`. Accounts are synthetic.
 */
export interface TestProviderOptions {
  readonly client: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly redirectUris: string[];
  };
  /** Claims per subject (`sub` is the key). */
  readonly accounts: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TestProvider {
  readonly issuer: string;
  /** Breaks the signature of the next ID token the token endpoint returns. */
  tamperNextIdToken(): void;
  close(): Promise<void>;
}

function tamper(idToken: string): string {
  const [header, payload, signature = ''] = idToken.split('.');
  // Same length, other bytes: flip one character in the middle of the signature.
  const at = Math.floor(signature.length / 2);
  const flipped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...key, kid: 'synthetic-test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['synthetic-cookie-key-for-tests'] },
    claims: {
      acr: null,
      amr: null,
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'profile', 'groups'],
    acrValues: ['urn:synthetic:mfa'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, claimsParameter: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const claims = options.accounts[sub];
      return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
    },
  });
  const handle = provider.callback();
  let tamperNext = false;

  async function interaction(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    const details = await provider.interactionDetails(req, res);
    const accountId = url.searchParams.get('account');
    if (!accountId) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const amr = url.searchParams.get('amr')?.split(',').filter(Boolean);
    const acr = url.searchParams.get('acr');
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    const login = { accountId, ...(amr?.length ? { amr } : {}), ...(acr ? { acr } : {}) };
    await provider.interactionFinished(
      req,
      res,
      { login, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (tamperNext && req.method === 'POST' && req.url?.startsWith('/token')) {
      tamperNext = false;
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk ?? '');
        const body = JSON.parse(text) as { id_token?: string };
        if (body.id_token) body.id_token = tamper(body.id_token);
        return end(JSON.stringify(body));
      }) as typeof res.end;
    }
    handle(req, res);
  });

  return {
    issuer,
    tamperNextIdToken: () => {
      tamperNext = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A cookie jar and redirect walker: what a browser does between the two Custos legs. */
export function createBrowser() {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    remember,
    cookieHeader,
    /** Follows redirects on the provider until one leaves it; returns that location. */
    async walk(location: string, providerOrigin: string, interaction: string): Promise<URL> {
      let url = new URL(location);
      for (let hops = 0; hops < 10; hops++) {
        if (url.origin !== providerOrigin) return url;
        if (url.pathname.startsWith('/interaction/')) url = new URL(`${url.pathname}?${interaction}`, url);
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
        remember(response);
        const next = response.headers.get('location');
        if (!next) throw new Error(`the provider answered ${response.status} at ${url.pathname}`);
        url = new URL(next, url);
      }
      throw new Error('too many redirects at the provider');
    },
  };
}

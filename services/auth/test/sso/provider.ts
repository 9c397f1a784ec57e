import { createServer, type Server } from 'node:http';
import { freePort } from '@erp/kit/testing';
import Provider from 'oidc-provider';

/** A user the test provider knows; the id is also what the login form takes. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces a user of the provider. */
  setAccount(id: string, claims: ProviderAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free port, with one confidential client whose only
 * redirect URIs are `redirectUris` and PKCE required. Its development login form accepts any password.
 * With `claimsInIdToken: false` the e-mail and groups come only from the userinfo endpoint.
 */
export async function startTestProvider(redirectUris: string[], options: { claimsInIdToken?: boolean } = {}): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, ProviderAccount>();
  const clientId = 'erp-test-client';
  const clientSecret = 'erp-test-client-secret-of-sufficient-length';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
    // By default the ID token itself carries the e-mail and groups, the way most corporate providers do it.
    conformIdTokenClaims: options.claimsInIdToken === false,
    cookies: { keys: ['erp-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Explicit lifetimes, which also keep the provider from printing a notice for each default it uses.
    ttl: { AccessToken: 600, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    findAccount: async (_context, id) => {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (id, claims) => accounts.set(id, claims),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

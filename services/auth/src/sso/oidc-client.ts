import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { SsoProviderError, SsoProviderUnavailableError } from '../errors.js';

/** What the service needs to talk to one tenant's provider. */
export interface OidcClientSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The values of the started login that the provider's answer must match. */
export interface OidcChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Discovers providers once per settings and runs the authorization code flow with PKCE against them. */
export interface OidcClients {
  authorizationUrl(settings: OidcClientSettings, redirectUri: string, checks: OidcChecks): Promise<URL>;
  /** Exchanges the code of `callbackUrl` and returns the validated ID token claims. */
  exchangeCode(settings: OidcClientSettings, callbackUrl: URL, checks: OidcChecks): Promise<Record<string, unknown>>;
}

// A provider's metadata and keys change rarely; an hour bounds how long a changed document goes unnoticed.
const DISCOVERY_TTL_MS = 3_600_000;
const MAX_CACHED = 1000;

function cacheKey(settings: OidcClientSettings): string {
  return createHash('sha256')
    .update(JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]))
    .digest('base64url');
}

/**
 * Builds the client side of SSO. The discovered configuration is cached per issuer, client and secret, so
 * openid-client also keeps the provider's JWKS between logins; a changed setting yields a new entry.
 */
export function createOidcClients(options: { allowHttp: boolean; timeoutS?: number }): OidcClients {
  const cache = new Map<string, { configuration: Promise<client.Configuration>; expiresAt: number }>();

  const discover = async (settings: OidcClientSettings): Promise<client.Configuration> => {
    const key = cacheKey(settings);
    const cached = cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.configuration;
    if (cache.size >= MAX_CACHED) cache.clear();
    const configuration = client
      .discovery(new URL(settings.issuer), settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
        execute: options.allowHttp ? [client.allowInsecureRequests] : [],
        timeout: options.timeoutS ?? 10,
      })
      .catch(() => {
        // A failed discovery must not stay cached; the next login tries again.
        cache.delete(key);
        throw new SsoProviderUnavailableError();
      });
    cache.set(key, { configuration, expiresAt: Date.now() + DISCOVERY_TTL_MS });
    return configuration;
  };

  return {
    async authorizationUrl(settings, redirectUri, checks) {
      return client.buildAuthorizationUrl(await discover(settings), {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async exchangeCode(settings, callbackUrl, checks) {
      const configuration = await discover(settings);
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        const claims = { ...tokens.claims() };
        if (typeof claims.email === 'string') return claims;
        // Providers that follow the core spec strictly put scope claims only into the userinfo answer.
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
        return { ...userInfo, ...claims, email: userInfo.email, email_verified: userInfo.email_verified };
      } catch (error) {
        throw new SsoProviderError(describeFailure(error));
      }
    },
  };
}

/** A short, safe reason for the problem document: the provider's error code or openid-client's check. */
function describeFailure(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) return error.error;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unexpected response';
}

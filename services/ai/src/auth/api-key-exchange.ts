import { createHash } from 'node:crypto';
import type { Principal, TokenVerifier } from '@erp/kit';
import { ApiKeyInvalidError, AuthUnavailableError } from '../errors.js';

/** The extension grant of the auth service's token endpoint that exchanges an API key for an access token. */
export const API_KEY_GRANT_TYPE = 'urn:erp:params:oauth:grant-type:api-key';
/** The prefix of the auth service's API keys, which tells a key from an access token in `Authorization`. */
export const API_KEY_PREFIX = 'erp_ak_';

export interface ApiKeyExchange {
  /** The principal of a valid key; throws `AI_API_KEY_INVALID` (401) or `AI_AUTH_UNAVAILABLE` (503). */
  principalOf(apiKey: string): Promise<Principal>;
}

export interface ApiKeyExchangeOptions {
  /** The auth service's base URL (`AUTH_URL`). */
  authUrl: string;
  verifier: TokenVerifier;
  /** How long a key's principal is reused; never beyond the access token's expiry. 0 turns the cache off. */
  cacheTtlMs: number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

// A refused key is remembered briefly too, so a client retrying a revoked key does not hammer the auth service.
const REFUSAL_TTL_MS = 10_000;
const ENTRIES_MAX = 10_000;

interface Entry {
  readonly principal: Principal | undefined;
  readonly untilMs: number;
}

/**
 * API keys are issued by the auth service, which stores only their hashes: the ai service cannot check a key
 * itself. It exchanges the key at auth's token endpoint (RFC 6749 extension grant) for an access token, checks
 * that token like any other, and keeps the principal for a while under the key's SHA-256, so a busy client
 * costs one exchange per `cacheTtlMs`. A revoked key keeps working here until its cache entry expires.
 */
export function createApiKeyExchange(options: ApiKeyExchangeOptions): ApiKeyExchange {
  const fetch = options.fetch ?? globalThis.fetch;
  const cache = new Map<string, Entry>();
  const remember = (hash: string, entry: Entry) => {
    if (cache.size >= ENTRIES_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(hash, entry);
  };

  async function exchange(apiKey: string): Promise<Principal | undefined> {
    let response: Response;
    try {
      response = await fetch(`${options.authUrl}/api/v1/auth/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: API_KEY_GRANT_TYPE, api_key: apiKey }).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch {
      throw new AuthUnavailableError();
    }
    if (response.status === 400 || response.status === 401) return undefined;
    if (!response.ok) throw new AuthUnavailableError();
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown } | undefined;
    if (typeof body?.access_token !== 'string') throw new AuthUnavailableError();
    return options.verifier.verify(body.access_token);
  }

  return {
    async principalOf(apiKey) {
      const hash = createHash('sha256').update(apiKey).digest('base64url');
      const now = Date.now();
      const cached = cache.get(hash);
      if (cached && cached.untilMs > now) {
        if (!cached.principal) throw new ApiKeyInvalidError();
        return cached.principal;
      }
      const principal = await exchange(apiKey);
      if (!principal) {
        remember(hash, { principal: undefined, untilMs: now + REFUSAL_TTL_MS });
        throw new ApiKeyInvalidError();
      }
      if (options.cacheTtlMs > 0) remember(hash, { principal, untilMs: Math.min(now + options.cacheTtlMs, principal.expiresAt.getTime()) });
      return principal;
    },
  };
}

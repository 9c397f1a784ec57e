import { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from '@erp/contracts';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { Value } from 'typebox/value';
import { ServiceUnavailableError, UnauthenticatedError } from '../errors/kit-errors.js';

/** Who sent a request, as its verified access token says. */
export interface Principal {
  /** The token's `sub`. */
  readonly userId: string;
  /** The token's `tid`: every row this request touches must belong to this tenant. */
  readonly tenantId: string;
  readonly roles: readonly string[];
  /** The effective permissions (`perms`) at issue time. */
  readonly permissions: readonly string[];
  /** The token's `jti`, for audit lines and revocation lists. */
  readonly tokenId: string;
  readonly expiresAt: Date;
}

/** Verifies access tokens; build one per process with {@link createTokenVerifier}. */
export interface TokenVerifier {
  /** The principal of a valid token; throws `KIT_UNAUTHENTICATED` (401) or `KIT_SERVICE_UNAVAILABLE` (503). */
  verify(token: string): Promise<Principal>;
}

interface VerifierSettings {
  /** The `iss` every token must carry: the auth service's issuer URL. */
  issuer: string;
  /** The `aud` a token must include; `erp` by default. */
  audience?: string;
  /** Accepted clock skew between the auth service and this host; 5 seconds by default. */
  clockToleranceS?: number;
  /** How many verified tokens to remember (each for at most a minute, never past its expiry); 10,000 by default, 0 for none. */
  cacheSize?: number;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

interface RemoteKeys {
  /** The auth service's JWKS, e.g. `http://127.0.0.1:8001/.well-known/jwks.json`. */
  jwksUrl: string | URL;
  /** The least time between two fetches caused by unknown key ids; 30 seconds by default. */
  jwksCooldownMs?: number;
  /** How long a fetched key set is trusted before it is fetched again; 10 minutes by default. */
  jwksMaxAgeMs?: number;
  /** The longest wait for the JWKS response; 5 seconds by default. */
  jwksTimeoutMs?: number;
}

interface LocalKeys {
  /**
   * The keys at hand instead of a URL: a fixed key set (tools, tests), or a jose key resolver such as the
   * auth service's own key store, which verifies its tokens without calling itself.
   */
  jwks: JSONWebKeySet | JWTVerifyGetKey;
}

/** Options of {@link createTokenVerifier}: the issuer's settings and either a JWKS URL or a fixed key set. */
export type TokenVerifierOptions = VerifierSettings & (RemoteKeys | LocalKeys);

/**
 * Asymmetric algorithms only. `none` and the HMAC family stay out: with HMAC, a token "signed" with the public
 * key as the shared secret would verify (algorithm confusion).
 */
const ALGORITHMS = ['EdDSA', 'ES256', 'RS256'];

/** jose error codes that say the token is bad; any other failure means the keys could not be had. */
const TOKEN_FAULTS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'The access token has expired; refresh it or sign in again.',
  ERR_JWKS_NO_MATCHING_KEY: 'The access token is signed with an unknown key; sign in again.',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The access token does not name its signing key unambiguously.',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'The access token is not valid for this system (issuer, audience or validity time).',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The access token signature is invalid.',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The access token uses a signing algorithm this system does not accept.',
  ERR_JOSE_NOT_SUPPORTED: 'The access token uses a signing algorithm this system does not accept.',
  ERR_JWS_INVALID: 'The access token is malformed.',
  ERR_JWT_INVALID: 'The access token is malformed.',
};

function toKeyResolver(options: RemoteKeys | LocalKeys): JWTVerifyGetKey {
  if ('jwks' in options) return typeof options.jwks === 'function' ? options.jwks : createLocalJWKSet(options.jwks);
  return createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksMaxAgeMs ?? 600_000,
    timeoutDuration: options.jwksTimeoutMs ?? 5000,
  });
}

function toVerificationError(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  const fault = typeof code === 'string' ? TOKEN_FAULTS[code] : undefined;
  if (fault) return new UnauthenticatedError(fault);
  const unavailable = new ServiceUnavailableError('The keys to verify access tokens could not be fetched from the auth service; try again shortly.');
  // Kept for the error log line: it says why the JWKS fetch failed and holds nothing of the token.
  return Object.assign(unavailable, { cause: error });
}

/**
 * Builds a verifier of the auth service's access tokens. Keys come from the JWKS, cached in memory: a
 * request costs no call to auth, and a token with a key id not in the cache makes the verifier fetch the
 * JWKS again (at most once per cooldown), so a rotated key is picked up without a restart. The auth service
 * must publish a new key before it signs with it.
 *
 * ### Example
 * ```ts
 * const verifier = createTokenVerifier({ jwksUrl: 'http://127.0.0.1:8001/.well-known/jwks.json', issuer: 'http://127.0.0.1:8001' });
 * const principal = await verifier.verify(token); // { userId, tenantId, roles, permissions, tokenId, expiresAt }
 * ```
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys = toKeyResolver(options);
  const now = options.now ?? (() => new Date());
  const settings = {
    issuer: options.issuer,
    audience: options.audience ?? ACCESS_TOKEN_AUDIENCE,
    algorithms: ALGORITHMS,
    clockTolerance: options.clockToleranceS ?? 5,
    requiredClaims: ['exp', 'iat'],
  };
  // A signature check costs about 0.2 ms, more than forwarding a request; a client sends the same token
  // many times. Identical bytes verify identically, so only expiry needs checking again.
  const cacheSize = options.cacheSize ?? 10_000;
  const verified = cacheSize > 0 ? new LRUCache<string, CachedPrincipal>({ max: cacheSize }) : undefined;
  return {
    async verify(token) {
      const at = now();
      const cached = verified?.get(token);
      if (cached && cached.untilMs > at.getTime()) return cached.principal;
      const principal = await verifyToken(token, keys, { ...settings, currentDate: at });
      verified?.set(token, { principal, untilMs: Math.min(principal.expiresAt.getTime(), at.getTime() + CACHE_TTL_MS) });
      return principal;
    },
  };
}

interface CachedPrincipal {
  principal: Principal;
  untilMs: number;
}

/** A cached token is checked again after this long, so that a withdrawn key stops working soon. */
const CACHE_TTL_MS = 60_000;

async function verifyToken(token: string, keys: JWTVerifyGetKey, settings: Parameters<typeof jwtVerify>[2]): Promise<Principal> {
  const payload = await jwtVerify(token, keys, settings).then(
    (result) => result.payload,
    (error: unknown) => {
      throw toVerificationError(error);
    },
  );
  if (!Value.Check(AccessTokenClaims, payload)) {
    throw new UnauthenticatedError('The access token lacks a claim this system needs (sub, tid, roles, perms or jti).');
  }
  // Frozen: the same principal serves every request that sends this token.
  return Object.freeze({
    userId: payload.sub,
    tenantId: payload.tid,
    roles: Object.freeze([...payload.roles]),
    permissions: Object.freeze([...payload.perms]),
    tokenId: payload.jti,
    expiresAt: new Date(payload.exp * 1000),
  });
}

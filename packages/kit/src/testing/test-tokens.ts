import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_AUDIENCE, type Permission } from '@erp/contracts';
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { createTokenVerifier, type TokenVerifier } from '../auth/token-verifier.js';

/** Who a test token speaks for; anything left out gets a fresh or harmless default. */
export interface TestTokenClaims {
  tenantId: string;
  userId?: string;
  roles?: readonly string[];
  permissions: readonly Permission[];
  /** Seconds until expiry; negative makes an expired token. */
  ttlS?: number;
}

/** A signing key of a pretend auth service, for tests of services that verify access tokens. */
export interface TestTokens {
  readonly issuer: string;
  /** The public keys, as the auth service would publish them. */
  readonly jwks: JSONWebKeySet;
  /** A verifier of this issuer's tokens, for `createService({ auth: { verifier } })`. */
  readonly verifier: TokenVerifier;
  /** Signs an access token with the contract claims (`sub`, `tid`, `roles`, `perms`, `jti`). */
  sign(claims: TestTokenClaims): Promise<string>;
  /** `Authorization` header value of {@link sign}'s token. */
  bearer(claims: TestTokenClaims): Promise<string>;
}

/**
 * Makes an EdDSA key pair and a local JWKS, so a service under test verifies real tokens without an auth
 * service. The verifier's cache is off, so a test sees every verification.
 *
 * ### Example
 * ```ts
 * const tokens = await createTestTokens();
 * const app = await buildApp({ config, db, verifier: tokens.verifier });
 * const authorization = await tokens.bearer({ tenantId, permissions: ['core.customers:read'] });
 * ```
 */
export async function createTestTokens(issuer = 'http://auth.test'): Promise<TestTokens> {
  const kid = `test-${randomUUID()}`;
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  const sign = (claims: TestTokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { tid: claims.tenantId, roles: claims.roles ?? [], perms: claims.permissions, jti: randomUUID() };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(claims.userId ?? randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.ttlS ?? 300))
      .sign(privateKey);
  };
  return {
    issuer,
    jwks,
    verifier: createTokenVerifier({ jwks, issuer, cacheSize: 0 }),
    sign,
    bearer: async (claims) => `Bearer ${await sign(claims)}`,
  };
}

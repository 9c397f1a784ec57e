import Type, { type Static } from 'typebox';

/** The audience of every access token the auth service issues. */
export const ACCESS_TOKEN_AUDIENCE = 'erp';

/**
 * The claims of an access token: a short-lived JWT signed by the auth service with a key published in its
 * JWKS (`/.well-known/jwks.json`, `kid` in the header). `tid` is the tenant, `perms` the effective
 * permissions of `roles` at issue time.
 */
export const AccessTokenClaims = Type.Object({
  iss: Type.String(),
  aud: Type.Union([Type.String(), Type.Array(Type.String())]),
  sub: Type.String({ minLength: 1 }),
  tid: Type.String({ format: 'uuid' }),
  roles: Type.Array(Type.String()),
  perms: Type.Array(Type.String()),
  jti: Type.String({ minLength: 1 }),
  iat: Type.Integer(),
  exp: Type.Integer(),
});

/** TypeScript shape of {@link AccessTokenClaims}. */
export type AccessTokenClaims = Static<typeof AccessTokenClaims>;

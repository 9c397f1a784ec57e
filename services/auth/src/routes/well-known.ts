import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { SIGNING_ALGORITHM } from '../keys/key-store.js';
import { SUPPORTED_GRANT_TYPES } from '../oauth/token-grants.js';
import type { RouteOptions } from './context.js';

const Jwks = Type.Object({
  keys: Type.Array(Type.Object({ kid: Type.String(), kty: Type.String(), crv: Type.String(), x: Type.String(), alg: Type.String(), use: Type.String() })),
});

const Discovery = Type.Object({
  issuer: Type.String(),
  jwks_uri: Type.String(),
  token_endpoint: Type.String(),
  grant_types_supported: Type.Array(Type.String()),
  token_endpoint_auth_methods_supported: Type.Array(Type.String()),
  id_token_signing_alg_values_supported: Type.Array(Type.String()),
  subject_types_supported: Type.Array(Type.String()),
  response_types_supported: Type.Array(Type.String()),
});

/**
 * `GET /.well-known/jwks.json`: the public keys that may still verify tokens (the current one and retiring
 * ones until their last token expired). `GET /.well-known/openid-configuration`: where to find them.
 */
export async function wellKnownRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/.well-known/jwks.json', { schema: { response: { 200: Jwks } } }, async (_request, reply) => {
    // Short caching: verifiers pick up a rotated key within a minute, and refetch at once on an unknown kid.
    return reply.header('cache-control', 'public, max-age=60').send({ keys: await context.keys.publishedKeys() });
  });

  app.get('/.well-known/openid-configuration', { schema: { response: { 200: Discovery } } }, async () => {
    const issuer = context.config.issuer;
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      // The prefixed path, because it is the one the gateway forwards; /oauth/token answers the same.
      token_endpoint: `${issuer}/api/v1/auth/oauth/token`,
      grant_types_supported: SUPPORTED_GRANT_TYPES,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      subject_types_supported: ['public'],
      response_types_supported: ['token'],
    };
  });
}

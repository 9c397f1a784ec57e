import { type AuthRequirement, createTokenVerifier, installAuthentication } from '@erp/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The service a forwarding route sends its requests to (set by `forwardRoutes`). */
    forwardedTo?: string;
  }
}

/**
 * What anyone may call without a token: signing up and in, refreshing a token, logging out (the refresh token
 * in the body is the credential, and a client whose access token expired must still be able to revoke it),
 * the password reset steps, the auth service's published keys, and the OpenAI-compatible API (API keys). Matched on the raw path, strictly: an
 * encoded or unusual spelling of these paths needs a token like everything else.
 */
const PUBLIC_PATHS = [
  /^\/api\/v1\/auth\/(register|login|login\/mfa|logout|token\/refresh|oauth\/token)$/,
  /^\/api\/v1\/auth\/password(\/[A-Za-z0-9-]+)+$/,
  /^\/\.well-known(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/,
  // Single sign-on: the browser arrives from the identity provider without an access token.
  /^\/api\/v1\/auth\/sso\/[0-9a-fA-F-]{36}\/(start|callback)$/,
  /^\/api\/v1\/auth\/sso\/exchange$/,
  // The OpenAI-compatible API: its clients send the tenant's API key, which only the ai service can check (it
  // exchanges the key at auth); ai verifies every such request itself, so nothing here trusts the network.
  /^\/v1\/(chat\/completions|embeddings|models(\/[A-Za-z0-9._:-]+)?)$/,
];

/** Tells whether a request to the gateway may pass without an access token. */
function isPublicPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? url;
  return PUBLIC_PATHS.some((pattern) => pattern.test(path));
}

/**
 * Every forwarded route needs a valid token unless its path is public; the gateway's own routes stay public.
 * So does a CORS preflight: browsers never send credentials with one, so demanding a token would break the UI.
 */
function forwardedRequirement(request: FastifyRequest): AuthRequirement | undefined {
  if (!request.routeOptions.config.forwardedTo) return undefined;
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) return undefined;
  return isPublicPath(request.url) ? undefined : {};
}

/**
 * Verifies the access token of every forwarded request against the auth service's JWKS (cached; fetched
 * again for an unknown key id), so a request with a missing or bad token is answered 401 without reaching
 * any service. The gateway checks no permissions: each service checks its own routes' permissions on the
 * forwarded `Authorization` header, so nothing behind the gateway trusts the network.
 */
export function installGatewayAuthentication(app: FastifyInstance, config: Pick<GatewayConfig, 'authJwksUrl' | 'authIssuer'>): void {
  const verifier = createTokenVerifier({ jwksUrl: config.authJwksUrl, issuer: config.authIssuer });
  installAuthentication(app, { verifier, requirementOf: forwardedRequirement });
}

import type { Permission } from '@erp/contracts';
import type { ServiceApp } from '@erp/kit';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { PermissionDeniedError, TokenMissingError, UserTokenRequiredError } from '../errors.js';
import { verifyAccessToken } from '../keys/access-tokens.js';
import type { RouteContext } from './context.js';

/** The caller of a request, from a verified access token. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set by {@link authenticate} before the handler runs; null on routes without it. Named apart from the
     * kit's `principal`, because the auth service verifies tokens against its own key store.
     */
    caller: Principal | null;
  }
}

/** Declares `request.caller` once for the whole app. */
export function installCaller(app: ServiceApp): void {
  app.decorateRequest('caller', null);
}

// A user's `sub` is the user id; API keys and OAuth clients have `apikey:<id>` and `client:<id>`.
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/**
 * An onRequest hook that verifies the bearer token against this service's own keys and, when `permission` is
 * given, requires it. Missing or bad tokens answer 401, a missing permission 403 naming it, and a token of an
 * API key or OAuth client 403 `AUTH_USER_TOKEN_REQUIRED`.
 */
export function authenticate(context: RouteContext, permission?: Permission): onRequestAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw new TokenMissingError();
    const token = BEARER.exec(header)?.[1] ?? '';
    const claims = await verifyAccessToken(context.keys, context.config.issuer, token);
    // Every endpoint here acts for or records a user, so a machine token is refused even with the permission.
    if (!USER_ID.test(claims.sub)) throw new UserTokenRequiredError();
    const principal: Principal = { userId: claims.sub, tenantId: claims.tid, roles: claims.roles, permissions: new Set(claims.perms) };
    if (permission && !principal.permissions.has(permission)) throw new PermissionDeniedError(permission);
    request.caller = principal;
  };
}

/** The principal of a route guarded by {@link authenticate}. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.caller) throw new Error('Route is missing the authenticate hook');
  return request.caller;
}

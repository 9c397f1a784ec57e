import type { Permission } from '@erp/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AppError, isAppError } from '../errors/define-error.js';
import { UnauthenticatedError } from '../errors/kit-errors.js';
import { sendProblem } from '../errors/problem-handler.js';
import { assertPermission } from './principal.js';
import type { Principal, TokenVerifier } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs a valid access token that grants this permission (403 without it). */
    permission?: Permission;
    /** The route needs a valid access token, whatever its permissions. */
    authenticated?: boolean;
  }
  interface FastifyRequest {
    /** The verified caller; `undefined` on a public route. Read it with `getPrincipal(request)`. */
    principal: Principal | undefined;
  }
}

/** What a route demands of its caller; `{}` means any valid token. */
export interface AuthRequirement {
  permission?: Permission | undefined;
}

/** Options of {@link installAuthentication}. */
export interface AuthenticationOptions {
  verifier: TokenVerifier;
  /**
   * Decides what a request needs when its route's config declares nothing ({@link routeAuthRequirement});
   * `undefined` makes it public. A gateway that forwards whole path trees passes its own rule here. A route's
   * own declaration always applies.
   */
  requirementOf?: (request: FastifyRequest) => AuthRequirement | undefined;
}

/** Longer than any token the auth service issues; a longer header is refused before any parsing. */
const TOKEN_LENGTH_MAX = 8192;
const BEARER_PATTERN = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const CHALLENGE = 'Bearer realm="erp"';

/**
 * The requirement a route declares in its config: `{ permission }` or `{ authenticated: true }`. Routes
 * without either (health, metrics, docs) are public.
 *
 * ### Example
 * ```ts
 * const requirement = routeAuthRequirement(request); // { permission: 'finance.entries:post' }, {} or undefined
 * ```
 */
export function routeAuthRequirement(request: FastifyRequest): AuthRequirement | undefined {
  const config = request.routeOptions.config;
  if (config.permission) return { permission: config.permission };
  return config.authenticated === true ? {} : undefined;
}

/**
 * Makes a route that declares `permission` or `authenticated` fail at registration when the app verifies no
 * tokens, so a service that forgot `createService({ auth })` cannot serve such a route to anyone.
 */
export function refuseUnverifiedRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const config = route.config;
    if (!config?.permission && config?.authenticated !== true) return;
    if (app.hasRequestDecorator('principal')) return;
    throw new Error(`Route ${route.method} ${route.url} requires an access token, but the service verifies none; pass createService({ auth }).`);
  });
}

/** Answers 401 with the RFC 6750 challenge, which tells a client to (re)authenticate. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: AppError, challenge: string): FastifyReply {
  request.log.info({ code: error.code, status: error.status }, 'request rejected');
  return sendProblem(reply.header('www-authenticate', challenge), error);
}

/**
 * Verifies `Authorization: Bearer <token>` on every route that requires it and sets `request.principal`.
 * A missing or invalid token answers 401 `KIT_UNAUTHENTICATED` with a `WWW-Authenticate` challenge, a token
 * without the route's permission 403 `KIT_FORBIDDEN`, and unreachable keys 503. Call it before registering
 * routes; `createService({ auth })` does.
 *
 * ### Example
 * ```ts
 * installAuthentication(app, { verifier });
 * app.post('/journal-entries', { config: { permission: 'finance.entries:post' } }, handler);
 * app.get('/me', { config: { authenticated: true } }, (request) => getPrincipal(request));
 * ```
 */
export function installAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const requirement = routeAuthRequirement(request) ?? options.requirementOf?.(request);
    if (!requirement) return;
    const header = request.headers.authorization;
    if (header === undefined || !/^bearer(\s|$)/i.test(header)) {
      return refuse(request, reply, new UnauthenticatedError('This route needs an access token; send Authorization: Bearer <token>.'), CHALLENGE);
    }
    const token = header.length <= TOKEN_LENGTH_MAX ? BEARER_PATTERN.exec(header)?.[1] : undefined;
    try {
      if (!token) throw new UnauthenticatedError('The access token is malformed.');
      request.principal = await options.verifier.verify(token);
    } catch (error) {
      if (!isAppError(error) || error.status !== 401) throw error;
      return refuse(request, reply, error, `${CHALLENGE}, error="invalid_token"`);
    }
    if (requirement.permission) assertPermission(request, requirement.permission);
  });
}

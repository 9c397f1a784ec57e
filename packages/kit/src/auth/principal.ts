import type { Permission } from '@erp/contracts';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors/kit-errors.js';
import type { Principal } from './token-verifier.js';

/**
 * The verified caller of a route that requires authentication. Throws 401 `KIT_UNAUTHENTICATED` when the
 * request has none, which happens only on a route that forgot to declare `authenticated` or `permission`:
 * refusing is the safe answer to that mistake.
 *
 * ### Example
 * ```ts
 * app.get('/me', { config: { authenticated: true } }, (request) => ({ userId: getPrincipal(request).userId }));
 * ```
 */
export function getPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError('This route needs an access token; send Authorization: Bearer <token>.');
  return request.principal;
}

/**
 * Refuses with 403 `KIT_FORBIDDEN`, naming the permission, unless the caller's token grants `permission`.
 * Routes declare a fixed permission in their config; call this when the permission depends on the request.
 *
 * ### Example
 * ```ts
 * if (request.body.status === 'posted') assertPermission(request, 'finance.entries:post');
 * ```
 */
export function assertPermission(request: FastifyRequest, permission: Permission): void {
  if (getPrincipal(request).permissions.includes(permission)) return;
  throw new ForbiddenError(
    `This needs the permission "${permission}", which the access token does not grant. Ask an administrator of your tenant for a role that includes it.`,
  );
}

/**
 * Refuses with 403 `KIT_FORBIDDEN` unless the caller's token belongs to `tenantId`. Use it wherever a
 * request names a tenant explicitly (path, body, event); rows found through `withTenant` need no check,
 * because row-level security already hides other tenants' rows (which then answer 404). It answers 403
 * rather than 404 because a tenant id is no secret (every token of that tenant carries it), and a clear
 * refusal points a misconfigured client at its mistake.
 *
 * ### Example
 * ```ts
 * app.get('/tenants/:tenantId/settings', { config: { authenticated: true } }, async (request) => {
 *   assertTenant(request, request.params.tenantId);
 *   return findSettings(db, request.params.tenantId);
 * });
 * ```
 */
export function assertTenant(request: FastifyRequest, tenantId: string): void {
  if (getPrincipal(request).tenantId === tenantId) return;
  throw new ForbiddenError('The access token belongs to another tenant; use a token issued for this tenant.');
}

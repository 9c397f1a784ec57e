import type { Permission } from '@erp/contracts';
import { getPrincipal, toTraceparent } from '@erp/kit';
import type { FastifyRequest } from 'fastify';
import type { PartnerRole } from '../domain/number-series.js';
import type { Actor, PartnerContext } from '../partners/context.js';

/** What every customer and supplier route plugin receives: the dependencies and which of the two it serves. */
export interface PartnerRouteOptions {
  context: PartnerContext;
  role: PartnerRole;
}

/** The URL path of a role's resource, e.g. `/api/v1/customers`. */
export function collectionPath(role: PartnerRole): string {
  return `/api/v1/${role}s`;
}

/** The permissions that guard a role's routes. */
export function permissionsOf(role: PartnerRole): { read: Permission; write: Permission } {
  return role === 'customer' ? { read: 'core.customers:read', write: 'core.customers:write' } : { read: 'core.suppliers:read', write: 'core.suppliers:write' };
}

/** The caller's tenant, for routes that only read. */
export function tenantOf(request: FastifyRequest): string {
  return getPrincipal(request).tenantId;
}

/** The caller as the author of a change made through the API. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = getPrincipal(request);
  return { tenantId: principal.tenantId, userId: principal.userId, traceparent: toTraceparent(request.trace), via: 'api' };
}

import type { FastifyRequest } from 'fastify';
import type { Precondition } from '../partners/context.js';
import { requirePrecondition } from './preconditions.js';

export const ORDERS_PATH = '/api/v1/orders';
export const INVOICES_PATH = '/api/v1/invoices';
export const PURCHASE_ORDERS_PATH = '/api/v1/purchase-orders';

export const ORDERS_READ = { permission: 'core.orders:read' } as const;
export const ORDERS_WRITE = { permission: 'core.orders:write' } as const;
export const ORDERS_INVOICE = { permission: 'core.orders:invoice' } as const;
export const PURCHASING_READ = { permission: 'core.purchasing:read' } as const;
export const PURCHASING_WRITE = { permission: 'core.purchasing:write' } as const;

/** The body of a POST whose body is optional, checked by `strictBody` in preValidation (a body schema would refuse an empty one). */
export function optionalBody<Body>(request: FastifyRequest): Partial<Body> {
  return (request.body ?? {}) as Partial<Body>;
}

/** `If-Match` of a state change: 428 without it. */
export function preconditionOf(request: FastifyRequest): Precondition {
  return requirePrecondition(request);
}

import type { FastifyRequest } from 'fastify';
import type { StockActor } from '../inventory/stock-actor.js';
import { actorOf } from './context.js';

export const INVENTORY_PATH = '/api/v1/inventory';

export const INVENTORY_READ = { permission: 'core.inventory:read' } as const;
export const INVENTORY_WRITE = { permission: 'core.inventory:write' } as const;

/** The caller of an inventory route as the actor of its changes. */
export function stockActorOf(request: FastifyRequest): StockActor {
  const { tenantId, userId, traceparent } = actorOf(request);
  return { tenantId, userId, traceparent };
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$/;
export const SEQ_PATTERN = /^[1-9]\d{0,18}$/;

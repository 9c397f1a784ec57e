import { CORE_STOCK_EVENT_TYPES, type CoreStockBelowReorderPointV1, type CoreStockMovedV1 } from '@erp/contracts';
import { writeEvent } from '@erp/kit';
import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import type { StockMovement } from '../domain/stock.js';
import type { StockActor } from './stock-actor.js';

const SOURCE = { source: '/erp/core' };

export async function emitStockMoved(trx: Transaction<CoreDb>, actor: StockActor, movement: StockMovement): Promise<void> {
  const data: CoreStockMovedV1 = { movement };
  await writeEvent(trx, { type: CORE_STOCK_EVENT_TYPES.moved, data, subject: movement.id, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

export async function emitBelowReorderPoint(trx: Transaction<CoreDb>, actor: StockActor, data: CoreStockBelowReorderPointV1): Promise<void> {
  const event = { type: CORE_STOCK_EVENT_TYPES.belowReorderPoint, data, subject: data.product_id };
  await writeEvent(trx, { ...event, tenantId: actor.tenantId, traceparent: actor.traceparent }, SOURCE);
}

import type { Transaction } from 'kysely';
import { findPurchaseOrder, updatePurchaseOrder } from '../db/purchase-orders.js';
import { changeIncoming } from '../db/purchase-orders-incoming.js';
import type { CoreDb } from '../db/schema.js';
import { lockStockProduct } from '../db/stock-costs.js';
import { findWarehouse } from '../db/warehouses.js';
import type { PurchaseLine, PurchaseOrder } from '../domain/purchase-order.js';
import { PurchaseOrderNotFoundError, WarehouseNotFoundError } from '../errors.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { lockPurchaseOrderForChange, nextPurchaseStatus } from './purchase-lock.js';

/** The lines in product order, the order every stock change takes the products' locks in. */
export function linesByProduct<Line extends Pick<PurchaseLine, 'product_id' | 'line_no'>>(lines: readonly Line[]): Line[] {
  return [...lines].sort((a, b) => a.product_id.localeCompare(b.product_id) || a.line_no - b.line_no);
}

/**
 * Changes `incoming` at the warehouse's default location by the quantities (positive when ordered, negative
 * when received or cancelled), each under the product's stock lock.
 */
export async function moveIncoming(
  trx: Transaction<CoreDb>,
  tenantId: string,
  order: PurchaseOrder,
  quantities: readonly { line: PurchaseLine; delta: string }[],
): Promise<void> {
  const warehouse = await findWarehouse(trx, tenantId, order.warehouse_id);
  if (!warehouse) throw new WarehouseNotFoundError(order.warehouse_id);
  for (const { line, delta } of [...quantities].sort((a, b) => a.line.product_id.localeCompare(b.line.product_id) || a.line.line_no - b.line.line_no)) {
    await lockStockProduct(trx, tenantId, line.product_id);
    await changeIncoming(trx, tenantId, { productId: line.product_id, warehouseId: warehouse.id, locationId: warehouse.default_location_id }, delta);
  }
}

async function reread(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<PurchaseOrder> {
  const order = await findPurchaseOrder(trx, tenantId, id);
  if (!order) throw new PurchaseOrderNotFoundError(id);
  return order;
}

/** draft → ordered: sent to the supplier; its quantities count as incoming stock of the warehouse. */
export async function placePurchaseOrder(trx: Transaction<CoreDb>, actor: StockActor, id: string, precondition: Precondition): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrderForChange(trx, actor.tenantId, id, precondition);
  const status = nextPurchaseStatus(order, 'order');
  await moveIncoming(
    trx,
    actor.tenantId,
    order,
    order.lines.map((line) => ({ line, delta: line.quantity })),
  );
  await updatePurchaseOrder(trx, actor.tenantId, order, { status, stamp: 'ordered_at' });
  return reread(trx, actor.tenantId, id);
}

/** draft or ordered (nothing received) → cancelled; an ordered one no longer counts as incoming. */
export async function cancelPurchaseOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  reason: string | undefined,
): Promise<PurchaseOrder> {
  const order = await lockPurchaseOrderForChange(trx, actor.tenantId, id, precondition);
  const status = nextPurchaseStatus(order, 'cancel');
  if (order.status === 'ordered')
    await moveIncoming(
      trx,
      actor.tenantId,
      order,
      order.lines.map((line) => ({ line, delta: `-${line.quantity}` })),
    );
  await updatePurchaseOrder(trx, actor.tenantId, order, { status, stamp: 'cancelled_at', cancel_reason: reason?.trim() || null });
  return reread(trx, actor.tenantId, id);
}

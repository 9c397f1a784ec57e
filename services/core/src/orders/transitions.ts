import type { Transaction } from 'kysely';
import { updateSalesOrder } from '../db/orders.js';
import type { CoreDb } from '../db/schema.js';
import { findReservationsByReference } from '../db/stock-reservations.js';
import { findWarehouse } from '../db/warehouses.js';
import type { SalesLine, SalesOrder } from '../domain/sales-order.js';
import type { StockReservation } from '../domain/stock.js';
import { orderInvalid } from '../errors.js';
import { type ReservationItem, releaseReservation, reserveStocks } from '../inventory/reservations.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { emitOrderCancelled, emitOrderConfirmed, toConfirmedEvent } from './order-events.js';
import { lockOrderForChange, nextStatus } from './order-lock.js';

/** The reference under which a sales order line holds its stock. */
export function lineReference(line: Pick<SalesLine, 'id'>): { type: string; id: string } {
  return { type: 'sales_order_line', id: line.id };
}

/**
 * The goods lines, ordered by product: every stock change locks the product's stock row, and taking those
 * locks in one order everywhere keeps two orders of the same products from deadlocking.
 */
export function goodsLinesByProduct(lines: readonly SalesLine[]): SalesLine[] {
  return lines.filter((line) => line.kind === 'goods').sort((a, b) => a.product_id.localeCompare(b.product_id) || a.line_no - b.line_no);
}

/** The line's active reservation; none if it was released by hand through the inventory API. */
export async function activeReservationOf(trx: Transaction<CoreDb>, tenantId: string, line: SalesLine): Promise<StockReservation | undefined> {
  const reservations = await findReservationsByReference(trx, tenantId, lineReference(line), line.product_id);
  return reservations.find((reservation) => reservation.status === 'active');
}

/** quote → order: the customer accepted the offer. */
export async function acceptOrder(trx: Transaction<CoreDb>, actor: StockActor, id: string, precondition: Precondition): Promise<SalesOrder> {
  const order = await lockOrderForChange(trx, actor.tenantId, id, precondition);
  return updateSalesOrder(trx, actor.tenantId, order, { status: nextStatus(order, 'accept'), stamp: 'accepted_at' });
}

/**
 * Refuses a warehouse named for the confirmation that is not the tenant's, before the order row refers to
 * it: with the inventory's own 422 (naming every problem of the first line) when there are goods to reserve.
 */
async function refuseUnknownWarehouse(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  warehouseId: string,
  items: readonly ReservationItem[],
  newId: () => string,
): Promise<void> {
  if (await findWarehouse(trx, actor.tenantId, warehouseId)) return;
  if (items.length > 0) await reserveStocks(trx, actor.tenantId, { warehouseId, actorId: actor.userId, items }, newId);
  throw orderInvalid([{ pointer: '/warehouse_id', detail: 'is not a warehouse of this company.' }]);
}

/**
 * order → confirmed: reserves every goods line in the warehouse (the body's, else the order's) in this
 * transaction; if any line lacks stock the inventory's 409 `CORE_STOCK_INSUFFICIENT` rolls everything back.
 * The order row is changed and the event written first, and the stock reserved last: the products' stock
 * rows are then locked for the reservation's own statements and the commit only, so confirmations of the
 * same products queue for as short a time as possible.
 */
export async function confirmOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  warehouseId: string | undefined,
  newId: () => string,
): Promise<SalesOrder> {
  const order = await lockOrderForChange(trx, actor.tenantId, id, precondition);
  const status = nextStatus(order, 'confirm');
  const warehouse = warehouseId ?? order.warehouse_id;
  const goods = goodsLinesByProduct(order.lines);
  if (goods.length > 0 && !warehouse)
    throw orderInvalid([{ pointer: '/warehouse_id', detail: 'is required: the order has goods, whose stock is reserved in a warehouse on confirmation.' }]);
  const items = goods.map((line) => ({
    id: newId(),
    lineNo: line.line_no,
    productId: line.product_id,
    quantity: line.quantity,
    reference: lineReference(line),
  }));
  if (warehouseId !== undefined && warehouseId.toLowerCase() !== order.warehouse_id) await refuseUnknownWarehouse(trx, actor, warehouseId, items, newId);
  const confirmed = await updateSalesOrder(trx, actor.tenantId, order, { status, stamp: 'confirmed_at', ...(warehouse ? { warehouse_id: warehouse } : {}) });
  await emitOrderConfirmed(
    trx,
    actor,
    toConfirmedEvent(confirmed, (line) => items.find((item) => item.lineNo === line.line_no)?.id ?? null),
  );
  if (warehouse && items.length > 0) await reserveStocks(trx, actor.tenantId, { warehouseId: warehouse, actorId: actor.userId, items }, newId);
  return confirmed;
}

/** quote, order or confirmed (nothing delivered yet) → cancelled; a confirmed order's reservations are released. */
export async function cancelOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  reason: string | undefined,
): Promise<SalesOrder> {
  const order = await lockOrderForChange(trx, actor.tenantId, id, precondition);
  const status = nextStatus(order, 'cancel');
  const released: string[] = [];
  if (order.status === 'confirmed') {
    for (const line of goodsLinesByProduct(order.lines)) {
      const active = await activeReservationOf(trx, actor.tenantId, line);
      if (!active) continue;
      const closed = await releaseReservation(trx, actor.tenantId, { id: active.id }, { actorId: actor.userId });
      released.push(...closed.map((reservation) => reservation.id));
    }
  }
  const cancelled = await updateSalesOrder(trx, actor.tenantId, order, { status, stamp: 'cancelled_at', cancel_reason: reason?.trim() || null });
  await emitOrderCancelled(trx, actor, {
    order_id: cancelled.id,
    order_number: cancelled.number,
    customer_id: cancelled.customer.id,
    previous_status: order.status as 'quote' | 'order' | 'confirmed',
    cancelled_at: cancelled.cancelled_at ?? cancelled.updated_at,
    reason: cancelled.cancel_reason,
    released_reservation_ids: released,
  });
  return cancelled;
}

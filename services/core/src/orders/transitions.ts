import type { Transaction } from 'kysely';
import { findSalesOrder, updateSalesOrder } from '../db/orders.js';
import type { CoreDb } from '../db/schema.js';
import { findReservationsByReference } from '../db/stock-reservations.js';
import type { SalesLine, SalesOrder } from '../domain/sales-order.js';
import type { StockReservation } from '../domain/stock.js';
import { OrderNotFoundError, orderInvalid } from '../errors.js';
import { releaseReservation, reserveStock } from '../inventory/reservations.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { emitOrderCancelled, emitOrderConfirmed } from './order-events.js';
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

async function reread(trx: Transaction<CoreDb>, tenantId: string, id: string): Promise<SalesOrder> {
  const order = await findSalesOrder(trx, tenantId, id);
  if (!order) throw new OrderNotFoundError(id);
  return order;
}

/** quote → order: the customer accepted the offer. */
export async function acceptOrder(trx: Transaction<CoreDb>, actor: StockActor, id: string, precondition: Precondition): Promise<SalesOrder> {
  const order = await lockOrderForChange(trx, actor.tenantId, id, precondition);
  await updateSalesOrder(trx, actor.tenantId, order, { status: nextStatus(order, 'accept'), stamp: 'accepted_at' });
  return reread(trx, actor.tenantId, id);
}

/**
 * order → confirmed: reserves every goods line in the warehouse (the body's, else the order's) in this
 * transaction; if any line lacks stock the inventory's 409 `CORE_STOCK_INSUFFICIENT` rolls everything back.
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
  const reservations = new Map<number, StockReservation>();
  for (const line of goods) {
    const request = {
      productId: line.product_id,
      warehouseId: warehouse ?? '',
      quantity: line.quantity,
      reference: lineReference(line),
      actorId: actor.userId,
    };
    reservations.set(line.line_no, await reserveStock(trx, actor.tenantId, request, newId));
  }
  await updateSalesOrder(trx, actor.tenantId, order, { status, stamp: 'confirmed_at', ...(warehouse ? { warehouse_id: warehouse } : {}) });
  const confirmed = await reread(trx, actor.tenantId, id);
  await emitOrderConfirmed(trx, actor, {
    order_id: confirmed.id,
    order_number: confirmed.number,
    customer_id: confirmed.customer.id,
    warehouse_id: confirmed.warehouse_id,
    confirmed_at: confirmed.confirmed_at ?? confirmed.updated_at,
    currency: confirmed.currency,
    net: confirmed.totals.net,
    gross: confirmed.totals.gross,
    lines: confirmed.lines.map((line) => ({
      line_no: line.line_no,
      product_id: line.product_id,
      sku: line.sku,
      quantity: line.quantity,
      unit: line.unit,
      reservation_id: reservations.get(line.line_no)?.id ?? null,
    })),
  });
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
  await updateSalesOrder(trx, actor.tenantId, order, { status, stamp: 'cancelled_at', cancel_reason: reason?.trim() || null });
  const cancelled = await reread(trx, actor.tenantId, id);
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

import type { Transaction } from 'kysely';
import { lockSettings } from '../db/inventory-settings.js';
import { addToLine, findSalesOrder, updateSalesOrder } from '../db/orders.js';
import { insertDelivery } from '../db/orders-deliveries.js';
import { drawDocumentNumber } from '../db/orders-number-series.js';
import type { CoreDb } from '../db/schema.js';
import { berlinDay, yearOf } from '../domain/invoice-dates.js';
import { type LineQuantityInput, minus, planLineQuantities, plus, sameDecimal } from '../domain/order-lines.js';
import { type DeliverySummary, type SalesLine, type SalesOrder, salesProgress } from '../domain/sales-order.js';
import { OrderNotFoundError, orderInvalid } from '../errors.js';
import { recordMovement } from '../inventory/record-movement.js';
import { consumeReservation, releaseReservation, reserveStock } from '../inventory/reservations.js';
import type { StockActor } from '../inventory/stock-actor.js';
import type { Precondition } from '../partners/context.js';
import { emitOrderDelivered } from './order-events.js';
import { lockOrderForChange, nextStatus } from './order-lock.js';
import { activeReservationOf, lineReference } from './transitions.js';

/**
 * Issues `quantity` of a goods line from its reservation: all of it consumes the reservation; part of it
 * releases the reservation, consumes a new one of the delivered part and reserves the rest again, all under
 * the product's lock, so no other order can take the stock in between. A line whose reservation was released
 * by hand is issued directly, if the warehouse still has the stock.
 */
async function issueLine(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  order: SalesOrder,
  line: SalesLine,
  quantity: string,
  newId: () => string,
): Promise<string[]> {
  const { tenantId } = actor;
  const options = { actorId: actor.userId, traceparent: actor.traceparent, reason: `Lieferung zu ${order.number}` };
  const active = await activeReservationOf(trx, tenantId, line);
  if (!active) {
    const movement = await recordMovement(
      trx,
      actor,
      {
        kind: 'issue',
        product_id: line.product_id,
        quantity,
        from: { warehouse_id: order.warehouse_id ?? '' },
        reason: options.reason,
        reference: lineReference(line),
      },
      newId,
    );
    return [movement.id];
  }
  if (sameDecimal(active.quantity, quantity))
    return (await consumeReservation(trx, tenantId, { id: active.id }, options, newId)).movements.map((movement) => movement.id);
  await releaseReservation(trx, tenantId, { id: active.id }, options);
  const request = { productId: line.product_id, warehouseId: active.warehouse_id, reference: lineReference(line), actorId: actor.userId };
  const part = await reserveStock(trx, tenantId, { ...request, quantity }, newId);
  const consumed = await consumeReservation(trx, tenantId, { id: part.id }, options, newId);
  await reserveStock(trx, tenantId, { ...request, quantity: minus(active.quantity, quantity) }, newId);
  return consumed.movements.map((movement) => movement.id);
}

/**
 * A delivery of a confirmed order: the quantities named per line (each at most what is still undelivered),
 * or everything undelivered. Goods leave the warehouse from their reservations; services are only recorded.
 */
export async function deliverOrder(
  trx: Transaction<CoreDb>,
  actor: StockActor,
  id: string,
  precondition: Precondition,
  requested: readonly LineQuantityInput[] | undefined,
  newId: () => string,
  now: Date,
): Promise<{ delivery: DeliverySummary; order: SalesOrder }> {
  const { tenantId } = actor;
  const order = await lockOrderForChange(trx, tenantId, id, precondition);
  nextStatus(order, 'deliver');
  const open = order.lines.map((line) => ({ line_no: line.line_no, unit: line.unit, open: minus(line.quantity, line.delivered_quantity) }));
  const plan = planLineQuantities(open, requested, '/lines', 'delivered');
  if ('errors' in plan) throw orderInvalid(plan.errors);
  if (plan.items.length === 0) throw orderInvalid([{ pointer: '/lines', detail: 'names nothing to deliver: every line is delivered in full.' }]);
  // Settings before products, in the order every movement takes its locks; products in id order.
  await lockSettings(trx, tenantId, 'share');
  const items = plan.items
    .map((item) => ({ ...item, line: order.lines.find((line) => line.line_no === item.line_no) as SalesLine }))
    .sort((a, b) => a.line.product_id.localeCompare(b.line.product_id) || a.line_no - b.line_no);
  const movements = new Map<number, string[]>();
  for (const item of items) {
    movements.set(item.line_no, item.line.kind === 'goods' ? await issueLine(trx, actor, order, item.line, item.quantity, newId) : []);
    await addToLine(trx, tenantId, order.id, item.line_no, 'delivered_quantity', item.quantity);
  }
  const after = order.lines.map((line) => {
    const item = plan.items.find((candidate) => candidate.line_no === line.line_no);
    return item ? { ...line, delivered_quantity: plus(line.delivered_quantity, item.quantity) } : line;
  });
  const status = nextStatus(order, 'deliver', salesProgress(after));
  const { number } = await drawDocumentNumber(trx, tenantId, 'delivery', yearOf(berlinDay(now)));
  const lines = plan.items.map((item) => ({ ...item, movement_ids: movements.get(item.line_no) ?? [] }));
  const delivery = await insertDelivery(trx, tenantId, { id: newId(), number, orderId: order.id, actorId: actor.userId, lines });
  await updateSalesOrder(trx, tenantId, order, { status });
  const delivered = await findSalesOrder(trx, tenantId, id);
  if (!delivered) throw new OrderNotFoundError(id);
  await emitOrderDelivered(trx, actor, {
    order_id: order.id,
    order_number: order.number,
    customer_id: order.customer.id,
    delivery_id: delivery.id,
    delivery_number: delivery.number,
    delivered_at: delivery.delivered_at,
    status: status === 'delivered' ? 'delivered' : 'partially_delivered',
    lines: lines.map((item) => {
      const line = order.lines.find((candidate) => candidate.line_no === item.line_no) as SalesLine;
      return { line_no: item.line_no, product_id: line.product_id, sku: line.sku, quantity: item.quantity, unit: line.unit, movement_ids: item.movement_ids };
    }),
  });
  return { delivery, order: delivered };
}
